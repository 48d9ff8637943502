#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QSqlDatabase>

namespace gatehouse::core::store {

// The schema and its forward migrations. Version 0 is a file without Gatehouse tables (new, or a Flask
// app's database); each later version is one migration, applied in its own BEGIN IMMEDIATE transaction
// together with its gh_schema_version row, so a failed migration leaves the previous version intact.
//
// Flask-SQLAlchemy's tables (user, task, product) are created with the exact DDL that
// tests/interop/flask_local_app/app.py's models produce under Flask-SQLAlchemy 3 / SQLAlchemy 1.4, and
// only when missing; existing ones are checked for the columns Gatehouse uses and never altered.
// Gatehouse's own tables are prefixed gh_. Triggers on user/task deletion clean the gh_ rows even when
// the deleting connection (a Flask app) has foreign keys off.
class Schema
{
public:
    static constexpr int kCurrentVersion = 5;

    // 0 when gh_schema_version does not exist.
    static Result<int> installedVersion(const QSqlDatabase& db);
    // Whether the file has any table at all (an empty new file needs no backup).
    static Result<bool> hasTables(const QSqlDatabase& db);
    // Applies migration `toVersion` (from toVersion-1) inside the caller's write transaction.
    static Status apply(QSqlDatabase& db, int toVersion, const Clock& clock);
    // db.schema.incompatible when an existing Flask table lacks a column Gatehouse reads or writes.
    static Status checkFlaskTables(const QSqlDatabase& db);
};

} // namespace gatehouse::core::store
