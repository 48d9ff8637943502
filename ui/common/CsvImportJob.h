#pragma once

#include "backend/ImportCancel.h"
#include "common/Result.h"
#include "services/ImportReport.h"

#include <QFuture>
#include <QObject>
#include <QStringList>

#include <functional>

namespace gatehouse::ui {

// Imports a CSV file in two phases. First, on a worker thread: read, parse (core Csv) and validate every
// row with `validate`; any row error rejects the whole file and nothing is imported. Then the rows are
// handed to the back end in one call (`import`: Backend::importTasks/importProducts, one transaction), as
// CSV with only the `importable` columns (an exported file's id, owner and times are assigned anew). Its
// future's progress is forwarded. cancel() goes through an ImportCancel token: before the back end begins
// to commit, it rolls back and nothing is imported; after that the cancel is refused and the job finishes
// with the rows saved, so the outcome reported is always what the database holds. The back end validates
// again: its row errors reject the file too.
// Finishes exactly once with finished(status, imported, rowErrors); `status` is an error when the file was
// rejected (import.rejected with rowErrors, or csv.* / file.read / import.format), cancelled
// (import.cancelled) or the back end refused it (perm.denied, remote.unsupported, db.*).
class CsvImportJob : public QObject
{
    Q_OBJECT
public:
    // Runs on a worker thread: header is the first row (already checked against the known columns).
    using Validate = std::function<QList<core::services::ImportReport::RowError>(const QStringList& header,
                                                                                 const QList<QStringList>& rows)>;
    using Import = std::function<QFuture<core::Result<core::services::ImportReport>>(
        const QByteArray& csv, std::shared_ptr<core::backend::ImportCancel> cancel)>;

    // `required` must all appear in the header; `known` lists every column accepted, `importable` those
    // passed on to `import`.
    CsvImportJob(const QString& path, const QStringList& known, const QStringList& required,
                 const QStringList& importable, Validate validate, Import import, QObject* parent = nullptr);
    ~CsvImportJob() override;

    void start();
    // False when it came too late: the rows are being committed and the job will report them.
    bool cancel();

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(const gatehouse::core::Status& status, int imported,
                  const QList<gatehouse::core::services::ImportReport::RowError>& rowErrors);

private:
    struct Parsed
    {
        QByteArray csv; // the importable columns only
        qint64 rows = 0;
        QList<core::services::ImportReport::RowError> errors;
    };
    void submit(const QByteArray& csv, qint64 rows);
    void finish(const core::Status& status, const QList<core::services::ImportReport::RowError>& errors = {});

    QString m_path;
    QStringList m_known;
    QStringList m_required;
    QStringList m_importable;
    Validate m_validate;
    Import m_import;
    QFuture<void> m_parsing;
    QFuture<core::Result<core::services::ImportReport>> m_importing;
    std::shared_ptr<core::backend::ImportCancel> m_cancel = std::make_shared<core::backend::ImportCancel>();
    int m_imported = 0;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace gatehouse::ui
