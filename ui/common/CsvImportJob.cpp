#include "common/CsvImportJob.h"

#include "services/Csv.h"

#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace gatehouse::ui {

using core::Error;
using core::Result;
using core::Status;
using core::services::Csv;
using core::services::ImportReport;

namespace {

// A CSV file larger than this is refused before reading (the whole file is parsed in memory).
constexpr qint64 kMaxFileBytes = 256LL * 1024 * 1024;

} // namespace

CsvImportJob::CsvImportJob(const QString& path, const QStringList& known, const QStringList& required,
                           const QStringList& importable, Validate validate, Import import, QObject* parent)
    : QObject(parent), m_path(path), m_known(known), m_required(required), m_importable(importable),
      m_validate(std::move(validate)), m_import(std::move(import))
{
}

CsvImportJob::~CsvImportJob()
{
    m_parsing.waitForFinished();
    // A job dropped mid-import (its page closed) must not leave a half-wanted import running.
    if (!m_done)
        m_cancel->request();
}

void CsvImportJob::start()
{
    auto parsed = QtConcurrent::run([path = m_path, known = m_known, required = m_required, importable = m_importable,
                                     validate = m_validate]() -> Result<Parsed> {
        QFile file(path);
        if (file.size() > kMaxFileBytes)
            return Error::make(QStringLiteral("file.too_large"), QStringLiteral("The file is too large."));
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(QStringLiteral("file.read"), file.errorString());
        auto table = Csv::parse(file.readAll());
        if (!table)
            return table.error();
        QList<QStringList> rows = std::move(table.value());
        // A trailing empty line parses as a row with one empty cell.
        while (!rows.isEmpty() && rows.constLast().size() == 1 && rows.constLast().constFirst().isEmpty())
            rows.removeLast();
        if (rows.isEmpty())
            return Error::make(QStringLiteral("import.format"), QStringLiteral("The file has no header row."));
        Parsed p;
        QStringList header = rows.takeFirst();
        for (QString& h : header)
            h = h.trimmed().toLower();
        for (const QString& h : std::as_const(header)) {
            if (!known.contains(h))
                return Error::make(
                    QStringLiteral("import.format"),
                    QStringLiteral("Unknown column \"%1\"; expected %2.").arg(h, known.join(QStringLiteral(", "))));
            if (header.count(h) > 1)
                return Error::make(QStringLiteral("import.format"),
                                   QStringLiteral("Column \"%1\" appears twice.").arg(h));
        }
        for (const QString& r : required) {
            if (!header.contains(r))
                return Error::make(QStringLiteral("import.format"),
                                   QStringLiteral("The column \"%1\" is missing.").arg(r));
        }
        for (int i = 0; i < rows.size(); ++i) {
            if (rows.at(i).size() != header.size())
                p.errors << ImportReport::RowError{
                    i + 1,
                    {},
                    QStringLiteral("import.columns"),
                    QStringLiteral("The row has %1 cells, the header %2.").arg(rows.at(i).size()).arg(header.size())};
        }
        if (p.errors.isEmpty())
            p.errors = validate(header, rows);
        if (!p.errors.isEmpty())
            return p;
        // What the back end reads: the importable columns, in the file's order.
        QList<qsizetype> keep;
        QList<QStringList> out;
        out.reserve(rows.size() + 1);
        out << QStringList();
        for (qsizetype c = 0; c < header.size(); ++c) {
            if (importable.contains(header.at(c))) {
                keep << c;
                out.first() << header.at(c);
            }
        }
        for (const QStringList& row : std::as_const(rows)) {
            QStringList line;
            line.reserve(keep.size());
            for (qsizetype c : std::as_const(keep))
                line << row.at(c);
            out << line;
        }
        p.rows = rows.size();
        p.csv = Csv::format(out);
        return p;
    });
    m_parsing = QFuture<void>(parsed);
    parsed.then(this, [this](Result<Parsed> r) {
        if (!r) {
            finish(r.error());
            return;
        }
        Parsed& parsed = r.value();
        if (!parsed.errors.isEmpty()) {
            finish(Error::make(QStringLiteral("import.rejected"), tr("%n row(s) have problems; nothing was imported.",
                                                                     nullptr, int(parsed.errors.size()))),
                   parsed.errors);
            return;
        }
        if (m_cancelled) {
            finish(Error::make(QStringLiteral("import.cancelled"), tr("Import cancelled; nothing was imported.")));
            return;
        }
        submit(parsed.csv, parsed.rows);
    });
}

bool CsvImportJob::cancel()
{
    if (!m_cancel->request())
        return false;
    m_cancelled = true;
    return true;
}

void CsvImportJob::submit(const QByteArray& csv, qint64 rows)
{
    Q_EMIT progress(0, rows);
    m_importing = m_import(csv, m_cancel);
    auto* watcher = new QFutureWatcher<Result<ImportReport>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this, watcher](int value) { Q_EMIT progress(value, watcher->progressMaximum()); });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        // No answer at all (a cancelled future): the back end rolled back or never started.
        if (m_importing.isCanceled() || m_importing.resultCount() == 0) {
            finish(Error::make(QStringLiteral("import.cancelled"), tr("Import cancelled; nothing was imported.")));
            return;
        }
        const Result<ImportReport> r = m_importing.result();
        if (!r) {
            if (r.error().code == QLatin1String("import.cancelled"))
                finish(Error::make(r.error().code, tr("Import cancelled; nothing was imported.")));
            else
                finish(r.error());
            return;
        }
        if (!r.value().errors.isEmpty()) {
            finish(Error::make(QStringLiteral("import.rejected"), tr("%n row(s) have problems; nothing was imported.",
                                                                     nullptr, int(r.value().errors.size()))),
                   r.value().errors);
            return;
        }
        m_imported = r.value().imported;
        finish({});
    });
    watcher->setFuture(m_importing);
}

void CsvImportJob::finish(const Status& status, const QList<ImportReport::RowError>& errors)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished(status, m_imported, errors);
}

} // namespace gatehouse::ui
