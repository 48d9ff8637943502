// File menu CSV import/export: actions that ask for a file and hand it to the tasks and products pages'
// public slots. Kept apart so MainWindow.cpp stays about the window itself.
#include "common/CsvTransfer.h"
#include "common/TransferBar.h"
#include "mainwindow/MainWindow.h"
#include "products/ProductsPage.h"
#include "services/Permissions.h"
#include "tasks/TasksPage.h"

#include <QAction>
#include <QEvent>
#include <QFileDialog>
#include <QKeySequence>
#include <QMenu>

namespace gatehouse::ui {

using core::services::Permissions;

void MainWindow::buildTransferActions(QMenu* fileMenu, QAction* before)
{
    const auto add = [&](const QString& text, const char* name, const QString& permission) {
        auto* action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        fileMenu->insertAction(before, action);
        m_transferActions.append({action, permission});
        return action;
    };
    auto* importTasks = add(tr("&Import tasks\u2026"), "importTasksAction", Permissions::taskCreate());
    importTasks->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    auto* exportTasks = add(tr("&Export tasks\u2026"), "exportTasksAction", Permissions::taskView());
    exportTasks->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    auto* importProducts = add(tr("Import &products\u2026"), "importProductsAction", Permissions::productCreate());
    auto* exportProducts = add(tr("Export p&roducts\u2026"), "exportProductsAction", Permissions::productView());
    fileMenu->insertSeparator(before);

    connect(importTasks, &QAction::triggered, this, [this] {
        chooseTransferFile(true, tr("Import tasks"), QString(), [this](const QString& path) {
            m_tabs->setCurrentWidget(m_tasks);
            m_tasks->importCsv(path);
        });
    });
    connect(exportTasks, &QAction::triggered, this, [this] {
        chooseTransferFile(false, tr("Export tasks"), tr("tasks.csv"), [this](const QString& path) {
            m_tabs->setCurrentWidget(m_tasks);
            m_tasks->exportCsv(path);
        });
    });
    connect(importProducts, &QAction::triggered, this, [this] {
        chooseTransferFile(true, tr("Import products"), QString(), [this](const QString& path) {
            m_tabs->setCurrentWidget(m_products);
            m_products->importCsv(path);
        });
    });
    connect(exportProducts, &QAction::triggered, this, [this] {
        chooseTransferFile(false, tr("Export products"), tr("products.csv"), [this](const QString& path) {
            m_tabs->setCurrentWidget(m_products);
            m_products->exportCsv(path);
        });
    });

    connect(m_tasks, &TasksPage::transferFinished, this, &MainWindow::updateTransferActions);
    connect(m_products, &ProductsPage::transferFinished, this, &MainWindow::updateTransferActions);
    // A transfer the pages start themselves (their own buttons) shows its TransferBar: watch for that.
    for (QWidget* page : {static_cast<QWidget*>(m_tasks), static_cast<QWidget*>(m_products)})
        for (TransferBar* bar : page->findChildren<TransferBar*>())
            bar->installEventFilter(this);
    updateTransferActions();
}

bool MainWindow::transferRunning() const
{
    for (QWidget* page : {static_cast<QWidget*>(m_tasks), static_cast<QWidget*>(m_products)})
        for (const CsvTransfer* transfer : page->findChildren<CsvTransfer*>())
            if (transfer->isRunning())
                return true;
    return false;
}

void MainWindow::updateTransferActions()
{
    // One transfer at a time across both pages; each action also needs its permission in this session.
    const bool idle = m_backend && m_session.isValid() && !transferRunning() && !m_transferDialogOpen;
    for (const auto& [action, permission] : m_transferActions)
        action->setEnabled(idle && m_session.can(permission));
}

void MainWindow::chooseTransferFile(bool import, const QString& title, const QString& suggested,
                                    std::function<void(const QString&)> run)
{
    auto* dialog = new QFileDialog(this, title);
    dialog->setObjectName(QStringLiteral("transferFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog, !m_options.nativeFileDialogs);
    dialog->setAcceptMode(import ? QFileDialog::AcceptOpen : QFileDialog::AcceptSave);
    dialog->setFileMode(import ? QFileDialog::ExistingFile : QFileDialog::AnyFile);
    dialog->setNameFilters({tr("CSV files (*.csv)"), tr("All files (*)")});
    if (!import) {
        dialog->setDefaultSuffix(QStringLiteral("csv"));
        dialog->selectFile(suggested);
    }
    // Window-modal and asynchronous (open(), not exec()): the window keeps painting, tests drive the dialog.
    m_transferDialogOpen = true;
    updateTransferActions();
    connect(dialog, &QFileDialog::fileSelected, this, [this, run = std::move(run)](const QString& path) {
        m_transferDialogOpen = false;
        if (m_backend && m_session.isValid())
            run(path);
        updateTransferActions();
    });
    connect(dialog, &QDialog::rejected, this, [this] {
        m_transferDialogOpen = false;
        updateTransferActions();
    });
    dialog->open();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShowToParent || event->type() == QEvent::HideToParent)
        if (qobject_cast<TransferBar*>(watched))
            updateTransferActions();
    return QMainWindow::eventFilter(watched, event);
}

} // namespace gatehouse::ui
