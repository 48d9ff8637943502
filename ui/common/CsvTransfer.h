#pragma once

#include "common/CsvExportJob.h"
#include "common/CsvImportJob.h"

#include <QObject>

namespace gatehouse::ui {

class ImportErrorsPanel;
class MessageBar;
class TransferBar;

// A page's CSV import and export: runs one job at a time, shows it in a TransferBar (progress, Cancel),
// rejected rows in an ImportErrorsPanel, and the outcome in the page's MessageBar (never a modal box).
// The page puts bar() and errorsPanel() in its layout.
class CsvTransfer : public QObject
{
    Q_OBJECT
public:
    // `prefix` names the widgets: "<prefix>Transfer…" and "<prefix>ImportErrors…".
    CsvTransfer(const QString& prefix, MessageBar* messages, QWidget* page);

    TransferBar* bar() const { return m_bar; }
    ImportErrorsPanel* errorsPanel() const { return m_errors; }
    bool isRunning() const;

    // `doneText` gets the number of rows written.
    void runExport(const QString& path, const QStringList& header, CsvExportJob::Fetch fetch, const QString& what,
                   std::function<QString(qint64)> doneText);
    void runImport(const QString& path, const QStringList& known, const QStringList& required,
                   const QStringList& importable, CsvImportJob::Validate validate, CsvImportJob::Import import,
                   std::function<QString(qint64)> doneText);

Q_SIGNALS:
    // ok false: failed, rejected or cancelled. `rows`: rows written or imported.
    void finished(bool ok, qint64 rows);

private:
    void done(const core::Status& status, qint64 rows, const QString& text);

    MessageBar* m_messages = nullptr;
    TransferBar* m_bar = nullptr;
    ImportErrorsPanel* m_errors = nullptr;
    QObject* m_job = nullptr; // the running job, deleted when it finishes
};

} // namespace gatehouse::ui
