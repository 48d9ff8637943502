#pragma once

#include "common/Result.h"

#include <QFuture>
#include <QObject>
#include <QStringList>

#include <functional>

class QSaveFile;

namespace gatehouse::ui {

// One page of rows for a CSV export; `last` ends the export.
struct CsvChunk
{
    QList<QStringList> rows;
    qint64 total = 0; // rows expected over all pages (an estimate for progress; 0: unknown)
    bool last = true;
};

// Writes a CSV file page by page: asks `fetch` for page 1, 2, … on the GUI thread (typically a back-end
// list call), formats and writes each page on a worker thread, and reports progress between pages, so a
// large export never blocks the window and can be cancelled between pages. The file is a QSaveFile: it
// only appears, complete, when the export finishes; a cancelled or failed export leaves no file.
// Finishes exactly once with finished(): ok, an error, or "export.cancelled".
class CsvExportJob : public QObject
{
    Q_OBJECT
public:
    using Fetch = std::function<QFuture<core::Result<CsvChunk>>(int page)>;

    CsvExportJob(const QString& path, const QStringList& header, Fetch fetch, QObject* parent = nullptr);
    ~CsvExportJob() override;

    void start();
    void cancel();
    qint64 written() const { return m_written; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(const gatehouse::core::Status& status, qint64 rows);

private:
    void fetchPage(int page);
    void finish(const core::Status& status);

    QString m_path;
    QStringList m_header;
    Fetch m_fetch;
    QSaveFile* m_file = nullptr; // used by one worker at a time, never concurrently
    QFuture<void> m_pending;
    qint64 m_written = 0;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace gatehouse::ui
