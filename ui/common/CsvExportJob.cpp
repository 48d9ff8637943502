#include "common/CsvExportJob.h"

#include "services/Csv.h"

#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace gatehouse::ui {

using core::Error;
using core::Result;
using core::Status;
using core::services::Csv;

CsvExportJob::CsvExportJob(const QString& path, const QStringList& header, Fetch fetch, QObject* parent)
    : QObject(parent), m_path(path), m_header(header), m_fetch(std::move(fetch))
{
}

CsvExportJob::~CsvExportJob()
{
    // A worker may still be writing to the file.
    m_pending.waitForFinished();
    delete m_file;
}

void CsvExportJob::start()
{
    m_file = new QSaveFile(m_path);
    QSaveFile* file = m_file;
    const QByteArray header = Csv::format({m_header});
    auto opened = QtConcurrent::run([file, header]() -> Status {
        if (!file->open(QIODevice::WriteOnly) || file->write(header) != header.size())
            return Error::make(QStringLiteral("file.write"), file->errorString());
        return {};
    });
    m_pending = QFuture<void>(opened);
    opened.then(this, [this](Status s) {
        if (!s)
            finish(s);
        else
            fetchPage(1);
    });
}

void CsvExportJob::cancel()
{
    m_cancelled = true;
}

void CsvExportJob::fetchPage(int page)
{
    if (m_cancelled) {
        finish(Error::make(QStringLiteral("export.cancelled"), tr("Export cancelled; no file was written.")));
        return;
    }
    m_fetch(page).then(this, [this, page](Result<CsvChunk> r) {
        if (!r) {
            finish(r.error());
            return;
        }
        if (m_cancelled) {
            fetchPage(page + 1); // reports the cancel
            return;
        }
        QSaveFile* file = m_file;
        const QList<QStringList> rows = r.value().rows;
        const bool last = r.value().last || rows.isEmpty();
        const qint64 total = r.value().total;
        auto written = QtConcurrent::run([file, rows]() -> Status {
            if (rows.isEmpty())
                return {};
            const QByteArray bytes = Csv::format(rows);
            if (file->write(bytes) != bytes.size())
                return Error::make(QStringLiteral("file.write"), file->errorString());
            return {};
        });
        m_pending = QFuture<void>(written);
        written.then(this, [this, page, last, total, n = rows.size()](Status s) {
            if (!s) {
                finish(s);
                return;
            }
            m_written += n;
            Q_EMIT progress(m_written, std::max(total, m_written));
            if (!last) {
                fetchPage(page + 1);
                return;
            }
            QSaveFile* file = m_file;
            auto committed = QtConcurrent::run([file]() -> Status {
                if (!file->commit())
                    return Error::make(QStringLiteral("file.write"), file->errorString());
                return {};
            });
            m_pending = QFuture<void>(committed);
            committed.then(this, [this](Status c) { finish(c); });
        });
    });
}

void CsvExportJob::finish(const Status& status)
{
    if (m_done)
        return;
    m_done = true;
    if (!status && m_file->isOpen()) {
        m_pending.waitForFinished();
        m_file->cancelWriting();
        m_file->commit(); // with writing cancelled: discards the temporary file
    }
    Q_EMIT finished(status, m_written);
}

} // namespace gatehouse::ui
