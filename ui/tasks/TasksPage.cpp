#include "tasks/TasksPage.h"

#include "common/CsvTransfer.h"
#include "common/ErrorText.h"
#include "common/Icons.h"
#include "common/ImportErrorsPanel.h"
#include "common/MessageBar.h"
#include "common/TransferBar.h"
#include "services/Permissions.h"
#include "tasks/TaskCsv.h"
#include "tasks/TaskTableModel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPromise>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::Result;
using core::Status;
using core::services::Permissions;
using core::services::Task;
using core::services::TaskChanges;
using core::services::TaskPage;
using core::services::TaskQuery;

TasksPage::TasksPage(MessageBar* messageBar, QWidget* parent) : QWidget(parent), m_messages(messageBar)
{
    setObjectName(QStringLiteral("tasksPage"));
    m_query.perPage = TaskTableModel::kPerPage;
    m_query.countCap = kCountCap;

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("taskSearchLineEdit"));
    m_search->setPlaceholderText(tr("Search titles and descriptions"));
    m_search->setAccessibleName(tr("Search tasks"));
    m_search->setClearButtonEnabled(true);
    m_doneFilter = new QComboBox(this);
    m_doneFilter->setObjectName(QStringLiteral("taskDoneFilterComboBox"));
    m_doneFilter->setAccessibleName(tr("Filter by state"));
    m_doneFilter->addItem(tr("All tasks"));
    m_doneFilter->addItem(tr("Open"));
    m_doneFilter->addItem(tr("Done"));
    m_ownerFilter = new QComboBox(this);
    m_ownerFilter->setObjectName(QStringLiteral("taskOwnerFilterComboBox"));
    m_ownerFilter->setAccessibleName(tr("Filter by owner"));
    m_ownerFilter->addItem(tr("Everyone's"));
    m_ownerFilter->addItem(tr("Mine"));
    m_refresh = new QPushButton(tr("Re&load"), this);
    m_refresh->setIcon(actionIcon("reload"));
    m_refresh->setObjectName(QStringLiteral("reloadTasksPushButton"));
    m_refresh->setShortcut(QKeySequence::Refresh);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &TasksPage::reload);
    connect(m_doneFilter, &QComboBox::currentIndexChanged, this, &TasksPage::reload);
    connect(m_ownerFilter, &QComboBox::currentIndexChanged, this, &TasksPage::reload);
    connect(m_refresh, &QPushButton::clicked, this, &TasksPage::reload);

    auto* filters = new QHBoxLayout;
    auto* searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    filters->addWidget(searchLabel);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_doneFilter);
    filters->addWidget(m_ownerFilter);
    filters->addWidget(m_refresh);

    m_model = new TaskTableModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("tasksTableView"));
    m_view->setAccessibleName(tr("Tasks"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(TaskTableModel::TitleColumn, QHeaderView::Stretch);
    // Size columns from the rows on screen only: the default precision (1000 rows) would read, and so fetch,
    // five pages of a paged model that nobody has looked at.
    m_view->horizontalHeader()->setResizeContentsPrecision(0);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    connect(m_model, &TaskTableModel::changeRequested, this, &TasksPage::applyChange);
    connect(m_model, &TaskTableModel::sortRequested, this, [this](TaskQuery::Sort sort, bool descending) {
        m_query.sort = sort;
        m_query.descending = descending;
        reload();
    });
    connect(m_model, &TaskTableModel::pageNeeded, this, &TasksPage::fetchPage);
    connect(m_model, &TaskTableModel::moreRowsNeeded, this, &TasksPage::countMore);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TasksPage::updateActions);

    m_newTitle = new QLineEdit(this);
    m_newTitle->setObjectName(QStringLiteral("newTaskTitleLineEdit"));
    m_newTitle->setPlaceholderText(tr("New task title"));
    m_newTitle->setAccessibleName(tr("New task title"));
    m_newTitle->setMaxLength(200);
    m_newDescription = new QLineEdit(this);
    m_newDescription->setObjectName(QStringLiteral("newTaskDescriptionLineEdit"));
    m_newDescription->setPlaceholderText(tr("Description (optional)"));
    m_newDescription->setAccessibleName(tr("New task description"));
    m_add = new QPushButton(tr("&Add task"), this);
    m_add->setIcon(actionIcon("add"));
    m_add->setObjectName(QStringLiteral("addTaskPushButton"));
    connect(m_add, &QPushButton::clicked, this, &TasksPage::addTask);
    connect(m_newTitle, &QLineEdit::returnPressed, this, &TasksPage::addTask);
    m_complete = new QPushButton(tr("&Mark done / open"), this);
    m_complete->setIcon(actionIcon("complete"));
    m_complete->setObjectName(QStringLiteral("completeTaskPushButton"));
    m_complete->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_complete, &QPushButton::clicked, this, &TasksPage::toggleSelected);
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setIcon(actionIcon("delete"));
    m_delete->setObjectName(QStringLiteral("deleteTaskPushButton"));
    m_delete->setShortcut(QKeySequence::Delete);
    connect(m_delete, &QPushButton::clicked, this, &TasksPage::deleteSelected);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("taskCountLabel"));
    m_import = new QPushButton(tr("Imp&ort CSV\u2026"), this);
    m_import->setIcon(actionIcon("import"));
    m_import->setObjectName(QStringLiteral("importTasksPushButton"));
    m_import->setAccessibleName(tr("Import tasks from a CSV file"));
    connect(m_import, &QPushButton::clicked, this, &TasksPage::chooseImportFile);
    m_export = new QPushButton(tr("E&xport CSV\u2026"), this);
    m_export->setIcon(actionIcon("export"));
    m_export->setObjectName(QStringLiteral("exportTasksPushButton"));
    m_export->setAccessibleName(tr("Export the listed tasks to a CSV file"));
    connect(m_export, &QPushButton::clicked, this, &TasksPage::chooseExportFile);
    m_transfer = new CsvTransfer(QStringLiteral("task"), m_messages, this);
    connect(m_transfer, &CsvTransfer::finished, this, &TasksPage::transferFinished);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_newTitle, 2);
    actions->addWidget(m_newDescription, 2);
    actions->addWidget(m_add);
    actions->addSpacing(16);
    actions->addWidget(m_complete);
    actions->addWidget(m_delete);
    actions->addSpacing(16);
    actions->addWidget(m_import);
    actions->addWidget(m_export);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);
    layout->addWidget(m_transfer->bar());
    layout->addWidget(m_transfer->errorsPanel());
    layout->addWidget(m_count);

    setTabOrder(m_search, m_doneFilter);
    setTabOrder(m_doneFilter, m_ownerFilter);
    setTabOrder(m_ownerFilter, m_refresh);
    setTabOrder(m_refresh, m_view);
    setTabOrder(m_view, m_newTitle);
    setTabOrder(m_newTitle, m_newDescription);
    setTabOrder(m_newDescription, m_add);
    setTabOrder(m_add, m_complete);
    setTabOrder(m_complete, m_delete);
    setTabOrder(m_delete, m_import);
    setTabOrder(m_import, m_export);
    updateActions();
}

void TasksPage::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
    m_model->clear();
    updateCount();
}

void TasksPage::setSession(const core::backend::SessionInfo& session)
{
    m_session = session;
    m_model->setEditable(session.can(Permissions::taskEdit()), session.can(Permissions::taskComplete()));
    const bool create = session.can(Permissions::taskCreate());
    m_newTitle->setVisible(create);
    m_newDescription->setVisible(create);
    m_add->setVisible(create);
    m_complete->setVisible(session.can(Permissions::taskComplete()));
    m_delete->setVisible(session.can(Permissions::taskDelete()));
    m_ownerFilter->setVisible(session.can(Permissions::taskViewAll()));
    m_import->setVisible(create);
    m_export->setVisible(session.can(Permissions::taskView()));
    updateActions();
}

void TasksPage::reload()
{
    if (!m_backend || !m_session.isValid())
        return;
    m_query.search = m_search->text();
    switch (m_doneFilter->currentIndex()) {
    case 1:
        m_query.completed = false;
        break;
    case 2:
        m_query.completed = true;
        break;
    default:
        m_query.completed.reset();
        break;
    }
    if (m_ownerFilter->isVisible() && m_ownerFilter->currentIndex() == 1)
        m_query.ownerId = m_session.userId;
    else
        m_query.ownerId.reset();
    const int generation = ++m_generation;
    m_backend->listTasks(m_query).then(this, [this, generation](Result<TaskPage> r) {
        if (generation != m_generation)
            return;
        if (!r) {
            reportError(r.error());
            return;
        }
        const QList<qint64> selected = selectedIds();
        const int scroll = m_view->verticalScrollBar()->value();
        m_model->reset(r.value());
        m_view->verticalScrollBar()->setValue(scroll);
        for (qint64 id : selected) {
            const int row = m_model->rowOfTask(id);
            if (row >= 0)
                m_view->selectionModel()->select(m_model->index(row, 0),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        updateCount();
        updateActions();
        Q_EMIT loaded(m_model->total());
    });
}

void TasksPage::fetchPage(int generation, int page)
{
    if (!m_backend || generation != m_model->generation())
        return;
    for (int forgotten : m_pageRequests.want(generation, page))
        m_model->forgetRequest(forgotten);
    pumpPages();
}

void TasksPage::pumpPages()
{
    if (!m_backend)
        return;
    const std::optional<int> page = m_pageRequests.start(m_model->generation());
    if (!page)
        return;
    const int generation = m_pageRequests.generation();
    TaskQuery q = m_query;
    q.page = *page;
    q.countCap = 1; // the count is known already: keep it O(1)
    m_backend->listTasks(q).then(this, [this, generation](Result<TaskPage> r) {
        m_pageRequests.finished();
        if (!r) {
            if (generation == m_model->generation())
                reportError(r.error());
        } else {
            m_model->addPage(generation, r.value());
            Q_EMIT pageLoaded(r.value().page);
        }
        pumpPages();
    });
}

void TasksPage::countMore(int generation, qint64 countCap)
{
    if (!m_backend || generation != m_model->generation())
        return;
    TaskQuery q = m_query;
    q.page = 1;
    q.perPage = 1;
    q.countCap = countCap;
    m_backend->listTasks(q).then(this, [this, generation](Result<TaskPage> r) {
        if (!r) {
            if (generation == m_model->generation())
                reportError(r.error());
            return;
        }
        m_model->growTo(generation, r.value().total, r.value().totalIsLowerBound);
        updateCount();
        Q_EMIT loaded(m_model->total());
    });
}

void TasksPage::updateCount()
{
    const qint64 total = m_model->total();
    if (m_model->totalIsLowerBound())
        m_count->setText(tr("%1+ tasks").arg(QLocale().toString(total)));
    else if (total == 1)
        m_count->setText(tr("1 task"));
    else
        m_count->setText(tr("%1 tasks").arg(QLocale().toString(total)));
}

void TasksPage::chooseImportFile()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import tasks"), {}, tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        importCsv(path);
}

void TasksPage::chooseExportFile()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export tasks"), tr("tasks.csv"), tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

void TasksPage::exportCsv(const QString& path)
{
    if (!m_backend || m_transfer->isRunning())
        return;
    TaskQuery query = m_query;
    query.perPage = 500;
    query.countCap = 0;
    core::backend::Backend* backend = m_backend;
    auto fetch = [backend, query](int page) -> QFuture<Result<CsvChunk>> {
        TaskQuery q = query;
        q.page = page;
        q.countCap = page == 1 ? 0 : 1; // the exact total once, for the progress bar
        return backend->listTasks(q).then([page](Result<TaskPage> r) -> Result<CsvChunk> {
            if (!r)
                return r.error();
            CsvChunk chunk;
            for (const Task& t : r.value().items)
                chunk.rows << TaskCsv::exportRow(t);
            chunk.total = page == 1 ? r.value().total : 0;
            chunk.last = r.value().items.size() < r.value().perPage;
            return chunk;
        });
    };
    m_transfer->runExport(path, TaskCsv::exportHeader(), fetch, tr("Exporting tasks\u2026"), [path](qint64 rows) {
        return tr("Exported %1 task(s) to %2.").arg(QLocale().toString(rows), QFileInfo(path).fileName());
    });
}

void TasksPage::importCsv(const QString& path)
{
    if (!m_backend || m_transfer->isRunning())
        return;
    core::backend::Backend* backend = m_backend;
    // One back-end call for the whole file: one transaction, Cancel rolls it back until it commits.
    auto import = [backend](const QByteArray& csv, std::shared_ptr<core::backend::ImportCancel> cancel) {
        return backend->importTasks(csv, core::services::ImportExportService::Format::Csv, std::move(cancel));
    };
    m_transfer->runImport(path, TaskCsv::knownColumns(), TaskCsv::requiredColumns(),
                          {QStringLiteral("title"), QStringLiteral("completed"), QStringLiteral("description")},
                          &TaskCsv::validate, import, [this](qint64 rows) {
                              // Also after a cancel: the list shows what the database holds.
                              reload();
                              return tr("Imported %1 task(s).").arg(QLocale().toString(rows));
                          });
}

void TasksPage::addTask()
{
    if (!m_backend)
        return;
    const QString title = m_newTitle->text().trimmed();
    if (title.isEmpty()) {
        m_messages->showMessage(MessageBar::Kind::Warning, tr("Give the task a title."));
        m_newTitle->setFocus();
        return;
    }
    m_add->setEnabled(false);
    m_backend->createTask(title, m_newDescription->text()).then(this, [this](Result<Task> r) {
        m_add->setEnabled(true);
        if (!r) {
            reportError(r.error());
            return;
        }
        m_newTitle->clear();
        m_newDescription->clear();
        m_messages->showMessage(MessageBar::Kind::Positive, tr("Task added: %1").arg(r.value().title));
        reload();
    });
}

void TasksPage::applyChange(qint64 taskId, const TaskChanges& changes)
{
    if (!m_backend)
        return;
    m_backend->updateTask(taskId, changes).then(this, [this](Result<Task> r) {
        if (!r)
            reportError(r.error());
        else
            m_messages->showMessage(MessageBar::Kind::Positive, tr("Task saved."));
        reload();
    });
}

void TasksPage::toggleSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || !m_backend)
        return;
    // All selected become done unless all already are.
    bool allDone = true;
    for (qint64 id : ids) {
        const Task* t = m_model->taskAt(m_model->rowOfTask(id));
        allDone = allDone && t && t->completed;
    }
    TaskChanges changes;
    changes.completed = !allDone;
    for (qint64 id : ids)
        applyChange(id, changes);
}

void TasksPage::deleteSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || !m_backend)
        return;
    for (qint64 id : ids) {
        m_backend->deleteTask(id).then(this, [this](Status s) {
            if (!s)
                reportError(s.error());
            else
                m_messages->showMessage(MessageBar::Kind::Positive, tr("Task deleted."));
            reload();
        });
    }
}

QList<qint64> TasksPage::selectedIds() const
{
    QList<qint64> ids;
    const auto rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex& i : rows) {
        // Rows whose page was dropped from memory cannot be acted on until they are loaded again.
        if (const qint64 id = i.data(TaskTableModel::TaskIdRole).toLongLong(); id > 0)
            ids.append(id);
    }
    return ids;
}

void TasksPage::updateActions()
{
    const bool any = m_view->selectionModel()->hasSelection();
    m_complete->setEnabled(any);
    m_delete->setEnabled(any);
}

void TasksPage::reportError(const core::Error& error)
{
    m_messages->showMessage(MessageBar::Kind::Error, errorText(error));
}

} // namespace gatehouse::ui
