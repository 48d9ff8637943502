#pragma once

#include "common/Result.h"
#include "services/ImportReport.h"

#include <QFuture>
#include <QObject>
#include <QStringList>

#include <functional>

namespace gatehouse::ui {

// Imports a CSV file in two phases. First, on a worker thread: read, parse (core Csv) and validate every
// row with `validate`; any row error rejects the whole file and nothing is imported. Then, on the GUI
// thread, `submit` is called for one row at a time (typically a back-end create call that runs on the
// back end's thread), with progress after each, so the window stays responsive and the import can be
// cancelled between rows. Rows already written when a cancel arrives stay (the back end has no
// multi-row transaction); finished() says how many.
// Finishes exactly once with finished(status, imported, rowErrors); `status` is an error when the file was
// rejected (import.rejected with rowErrors, or csv.* / file.read / import.format) or a row failed.
class CsvImportJob : public QObject
{
    Q_OBJECT
public:
    // Runs on a worker thread: header is the first row (already checked against the known columns).
    using Validate = std::function<QList<core::services::ImportReport::RowError>(const QStringList& header,
                                                                                 const QList<QStringList>& rows)>;
    using Submit = std::function<QFuture<core::Status>(const QStringList& header, const QStringList& row)>;

    // `required` must all appear in the header; `known` lists every column accepted.
    CsvImportJob(const QString& path, const QStringList& known, const QStringList& required, Validate validate,
                 Submit submit, QObject* parent = nullptr);
    ~CsvImportJob() override;

    void start();
    void cancel();

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(const gatehouse::core::Status& status, int imported,
                  const QList<gatehouse::core::services::ImportReport::RowError>& rowErrors);

private:
    struct Parsed
    {
        QStringList header;
        QList<QStringList> rows;
        QList<core::services::ImportReport::RowError> errors;
    };
    void submitRow(int index);
    void finish(const core::Status& status, const QList<core::services::ImportReport::RowError>& errors = {});

    QString m_path;
    QStringList m_known;
    QStringList m_required;
    Validate m_validate;
    Submit m_submit;
    QFuture<void> m_parsing;
    Parsed m_parsed;
    int m_imported = 0;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace gatehouse::ui
