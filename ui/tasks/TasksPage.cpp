#include "tasks/TasksPage.h"

#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "services/Permissions.h"
#include "tasks/TaskTableModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
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
    m_query.perPage = 500;

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
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    connect(m_model, &TaskTableModel::changeRequested, this, &TasksPage::applyChange);
    connect(m_model, &TaskTableModel::sortRequested, this, [this](TaskQuery::Sort sort, bool descending) {
        m_query.sort = sort;
        m_query.descending = descending;
        reload();
    });
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
    m_add->setObjectName(QStringLiteral("addTaskPushButton"));
    connect(m_add, &QPushButton::clicked, this, &TasksPage::addTask);
    connect(m_newTitle, &QLineEdit::returnPressed, this, &TasksPage::addTask);
    m_complete = new QPushButton(tr("&Mark done / open"), this);
    m_complete->setObjectName(QStringLiteral("completeTaskPushButton"));
    m_complete->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_complete, &QPushButton::clicked, this, &TasksPage::toggleSelected);
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setObjectName(QStringLiteral("deleteTaskPushButton"));
    m_delete->setShortcut(QKeySequence::Delete);
    connect(m_delete, &QPushButton::clicked, this, &TasksPage::deleteSelected);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("taskCountLabel"));

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_newTitle, 2);
    actions->addWidget(m_newDescription, 2);
    actions->addWidget(m_add);
    actions->addSpacing(16);
    actions->addWidget(m_complete);
    actions->addWidget(m_delete);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);
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
    updateActions();
}

void TasksPage::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
    m_model->setTasks({});
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
        QList<qint64> selected = selectedIds();
        m_model->setTasks(r.value().items);
        for (qint64 id : selected) {
            const int row = m_model->rowOfTask(id);
            if (row >= 0)
                m_view->selectionModel()->select(m_model->index(row, 0),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        const qint64 total = r.value().total;
        m_count->setText(total > r.value().items.size()
                             ? tr("Showing %1 of %2 tasks").arg(r.value().items.size()).arg(total)
                             : tr("%n task(s)", nullptr, int(total)));
        updateActions();
        Q_EMIT loaded(total);
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
    for (const QModelIndex& i : rows)
        ids.append(i.data(TaskTableModel::TaskIdRole).toLongLong());
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
