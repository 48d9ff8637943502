#include "common/CsvImportJob.h"

#include "services/Csv.h"

#include <QFile>
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
                           Validate validate, Submit submit, QObject* parent)
    : QObject(parent), m_path(path), m_known(known), m_required(required), m_validate(std::move(validate)),
      m_submit(std::move(submit))
{
}

CsvImportJob::~CsvImportJob()
{
    m_parsing.waitForFinished();
}

void CsvImportJob::start()
{
    auto parsed = QtConcurrent::run([path = m_path, known = m_known, required = m_required,
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
        p.header = rows.takeFirst();
        for (QString& h : p.header)
            h = h.trimmed().toLower();
        for (const QString& h : std::as_const(p.header)) {
            if (!known.contains(h))
                return Error::make(
                    QStringLiteral("import.format"),
                    QStringLiteral("Unknown column \"%1\"; expected %2.").arg(h, known.join(QStringLiteral(", "))));
            if (p.header.count(h) > 1)
                return Error::make(QStringLiteral("import.format"),
                                   QStringLiteral("Column \"%1\" appears twice.").arg(h));
        }
        for (const QString& r : required) {
            if (!p.header.contains(r))
                return Error::make(QStringLiteral("import.format"),
                                   QStringLiteral("The column \"%1\" is missing.").arg(r));
        }
        for (int i = 0; i < rows.size(); ++i) {
            if (rows.at(i).size() != p.header.size())
                p.errors << ImportReport::RowError{
                    i + 1,
                    {},
                    QStringLiteral("import.columns"),
                    QStringLiteral("The row has %1 cells, the header %2.").arg(rows.at(i).size()).arg(p.header.size())};
        }
        if (p.errors.isEmpty())
            p.errors = validate(p.header, rows);
        p.rows = std::move(rows);
        return p;
    });
    m_parsing = QFuture<void>(parsed);
    parsed.then(this, [this](Result<Parsed> r) {
        if (!r) {
            finish(r.error());
            return;
        }
        m_parsed = std::move(r.value());
        if (!m_parsed.errors.isEmpty()) {
            finish(Error::make(QStringLiteral("import.rejected"), tr("%n row(s) have problems; nothing was imported.",
                                                                     nullptr, int(m_parsed.errors.size()))),
                   m_parsed.errors);
            return;
        }
        Q_EMIT progress(0, m_parsed.rows.size());
        submitRow(0);
    });
}

void CsvImportJob::cancel()
{
    m_cancelled = true;
}

void CsvImportJob::submitRow(int index)
{
    if (index >= m_parsed.rows.size()) {
        finish({});
        return;
    }
    if (m_cancelled) {
        finish(Error::make(QStringLiteral("import.cancelled"),
                           tr("Import cancelled after %n row(s).", nullptr, m_imported)));
        return;
    }
    m_submit(m_parsed.header, m_parsed.rows.at(index)).then(this, [this, index](Status s) {
        if (!s) {
            finish(Error::make(s.error().code, tr("Row %1: %2").arg(index + 1).arg(s.error().message)));
            return;
        }
        ++m_imported;
        Q_EMIT progress(m_imported, m_parsed.rows.size());
        submitRow(index + 1);
    });
}

void CsvImportJob::finish(const Status& status, const QList<ImportReport::RowError>& errors)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished(status, m_imported, errors);
}

} // namespace gatehouse::ui
