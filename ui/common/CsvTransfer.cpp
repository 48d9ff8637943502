#include "common/CsvTransfer.h"

#include "common/ErrorText.h"
#include "common/ImportErrorsPanel.h"
#include "common/MessageBar.h"
#include "common/TransferBar.h"

#include <QFileInfo>

namespace gatehouse::ui {

using core::Status;
using core::services::ImportReport;

CsvTransfer::CsvTransfer(const QString& prefix, MessageBar* messages, QWidget* page)
    : QObject(page), m_messages(messages)
{
    m_bar = new TransferBar(prefix + QStringLiteral("Transfer"), page);
    m_errors = new ImportErrorsPanel(prefix + QStringLiteral("ImportErrors"), page);
}

bool CsvTransfer::isRunning() const
{
    return m_job != nullptr;
}

void CsvTransfer::runExport(const QString& path, const QStringList& header, CsvExportJob::Fetch fetch,
                            const QString& what, std::function<QString(qint64)> doneText)
{
    if (m_job)
        return;
    auto* job = new CsvExportJob(path, header, std::move(fetch), this);
    m_job = job;
    auto total = std::make_shared<qint64>(0);
    connect(job, &CsvExportJob::progress, this, [this, total](qint64 n, qint64 all) {
        *total = std::max(*total, all);
        m_bar->setProgress(n, *total);
    });
    connect(m_bar, &TransferBar::cancelRequested, job, &CsvExportJob::cancel);
    connect(job, &CsvExportJob::finished, this,
            [this, doneText](const Status& s, qint64 rows) { done(s, rows, doneText(rows)); });
    m_bar->begin(what);
    job->start();
}

void CsvTransfer::runImport(const QString& path, const QStringList& known, const QStringList& required,
                            const QStringList& importable, CsvImportJob::Validate validate, CsvImportJob::Import import,
                            std::function<QString(qint64)> doneText)
{
    if (m_job)
        return;
    m_errors->hide();
    auto* job = new CsvImportJob(path, known, required, importable, std::move(validate), std::move(import), this);
    m_job = job;
    connect(job, &CsvImportJob::progress, m_bar, &TransferBar::setProgress);
    connect(m_bar, &TransferBar::cancelRequested, job, [this, job] {
        if (!job->cancel())
            m_messages->showMessage(MessageBar::Kind::Information,
                                    tr("Too late to cancel: the rows are already being saved."));
    });
    const QString fileName = QFileInfo(path).fileName();
    connect(job, &CsvImportJob::finished, this,
            [this, doneText, fileName](const Status& s, int imported, const QList<ImportReport::RowError>& errors) {
                if (!errors.isEmpty())
                    m_errors->showErrors(fileName, errors);
                done(s, imported, doneText(imported));
            });
    m_bar->begin(tr("Importing %1\u2026").arg(fileName));
    job->start();
}

void CsvTransfer::done(const Status& status, qint64 rows, const QString& text)
{
    m_job->deleteLater();
    m_job = nullptr;
    m_bar->end();
    if (status)
        m_messages->showMessage(MessageBar::Kind::Positive, text);
    else if (status.error().code.endsWith(QLatin1String(".cancelled")))
        m_messages->showMessage(MessageBar::Kind::Warning, status.error().message);
    else
        m_messages->showMessage(MessageBar::Kind::Error, errorText(status.error()));
    Q_EMIT finished(status.ok(), rows);
}

} // namespace gatehouse::ui
