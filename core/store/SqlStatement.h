#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

namespace gatehouse::core::store {

// The one way the store and services talk SQL: every statement is prepared, every value is bound
// positionally ("?"), and both prepare and exec are checked, with failures mapped by SqlError. `where`
// names the operation in error values (never the values themselves).
class SqlStatement
{
public:
    // Prepares, binds (a null QString as '', an invalid QVariant as NULL) `params` in order and executes. The returned
    // query is forward-only and positioned before the first row.
    static Result<QSqlQuery> run(const QSqlDatabase& db, const QString& sql, const QVariantList& params = {},
                                 const QString& where = {});
    // Runs a statement that must return at least one row and gives the first column of the first row.
    static Result<QVariant> scalar(const QSqlDatabase& db, const QString& sql, const QVariantList& params = {},
                                   const QString& where = {});
};

} // namespace gatehouse::core::store
