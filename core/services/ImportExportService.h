#pragma once

#include "common/Result.h"
#include "services/ImportReport.h"
#include "services/Principal.h"
#include "services/ServiceContext.h"

#include <QByteArray>

#include <functional>

namespace gatehouse::core::services {

// CSV and JSON import and export of tasks, products and users, with the permissions checked inside.
//
// Formats. CSV has a header row naming the columns (any order; unknown columns are refused); JSON is an
// array of objects with the same names. Tasks: title, completed (true/false/1/0/yes/no, default false),
// description. Products: name, price. Exports add id (and, for tasks, owner, created_at, updated_at).
// Users export: id, username, roles, disabled, created_at, last_login, and the password hash only with
// `includeHashes` (user.manage; audited).
//
// Imports validate every row first: any bad row rejects the whole file (nothing imported) and the report
// lists every bad row; a good file is written in one transaction. Imported tasks belong to the importer.
// Errors: import.format (not CSV/JSON as expected, header problems), csv.*, json.*, perm.denied, db.*.
class ImportExportService
{
public:
    enum class Format
    {
        Csv,
        Json
    };

    // Optional hooks for a long import, called on the importing thread. `progress` gets rows written so far
    // and the file's row count (after validation, between batches). `isCancelled` is polled between
    // batches: true rolls the whole transaction back and the import answers import.cancelled (nothing
    // imported). A cancel that arrives after the last batch is too late: the import commits.
    struct ImportControl
    {
        std::function<void(qint64 done, qint64 total)> progress;
        std::function<bool()> isCancelled;
        // Called as the last step inside the import's transaction: false rolls it back (import.cancelled);
        // once it has returned true the import commits and a late cancel no longer applies.
        std::function<bool()> beginCommit;
    };

    explicit ImportExportService(ServiceContext context) : m_ctx(std::move(context)) {}

    // task.view; all tasks with task.view_all, else the actor's own.
    Result<QByteArray> exportTasks(const Principal& actor, Format format) const;
    Result<QByteArray> exportProducts(const Principal& actor, Format format) const;
    Result<QByteArray> exportUsers(const Principal& actor, Format format, bool includeHashes);

    Result<ImportReport> importTasks(const Principal& actor, const QByteArray& data, Format format,
                                     const ImportControl& control = {});
    Result<ImportReport> importProducts(const Principal& actor, const QByteArray& data, Format format,
                                        const ImportControl& control = {});

private:
    ServiceContext m_ctx;
};

} // namespace gatehouse::core::services
