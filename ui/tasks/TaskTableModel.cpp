#include "tasks/TaskTableModel.h"

#include <QDateTime>
#include <QLocale>

namespace gatehouse::ui {

using core::services::Task;
using core::services::TaskChanges;
using core::services::TaskQuery;

TaskTableModel::TaskTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TaskTableModel::setTasks(const QList<Task>& tasks)
{
    beginResetModel();
    m_tasks = tasks;
    endResetModel();
}

void TaskTableModel::setEditable(bool titles, bool completion)
{
    m_titlesEditable = titles;
    m_completionEditable = completion;
}

const Task* TaskTableModel::taskAt(int row) const
{
    return row >= 0 && row < m_tasks.size() ? &m_tasks.at(row) : nullptr;
}

int TaskTableModel::rowOfTask(qint64 id) const
{
    for (int i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks.at(i).id == id)
            return i;
    }
    return -1;
}

int TaskTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_tasks.size());
}

int TaskTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskTableModel::data(const QModelIndex& index, int role) const
{
    const Task* t = taskAt(index.row());
    if (!t)
        return {};
    if (role == TaskIdRole)
        return t->id;
    switch (index.column()) {
    case TitleColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return t->title;
        if (role == Qt::ToolTipRole && !t->description.isEmpty())
            return t->description;
        break;
    case DoneColumn:
        if (role == Qt::CheckStateRole)
            return t->completed ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::AccessibleTextRole || role == Qt::DisplayRole)
            return t->completed ? tr("Done") : tr("Open");
        break;
    case OwnerColumn:
        if (role == Qt::DisplayRole)
            return t->ownerId == 0 ? tr("(nobody)") : t->ownerName;
        break;
    case UpdatedColumn:
        if (role == Qt::DisplayRole && t->updatedAt > 0)
            return QLocale().toString(QDateTime::fromSecsSinceEpoch(t->updatedAt), QLocale::ShortFormat);
        break;
    default:
        break;
    }
    return {};
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn:
        return tr("Title");
    case DoneColumn:
        return tr("Done");
    case OwnerColumn:
        return tr("Owner");
    case UpdatedColumn:
        return tr("Updated");
    default:
        return {};
    }
}

Qt::ItemFlags TaskTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == TitleColumn && m_titlesEditable)
        f |= Qt::ItemIsEditable;
    if (index.column() == DoneColumn) {
        f |= Qt::ItemIsUserCheckable;
        if (!m_completionEditable)
            f &= ~Qt::ItemIsEnabled;
    }
    return f;
}

bool TaskTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    const Task* t = taskAt(index.row());
    if (!t)
        return false;
    TaskChanges changes;
    if (index.column() == TitleColumn && role == Qt::EditRole && m_titlesEditable) {
        if (value.toString() == t->title)
            return false;
        changes.title = value.toString();
    } else if (index.column() == DoneColumn && role == Qt::CheckStateRole && m_completionEditable) {
        changes.completed = value.toInt() == Qt::Checked;
    } else {
        return false;
    }
    // The row changes when the back end confirms and the page reloads.
    Q_EMIT changeRequested(t->id, changes);
    return false;
}

void TaskTableModel::sort(int column, Qt::SortOrder order)
{
    TaskQuery::Sort s = TaskQuery::Sort::Id;
    switch (column) {
    case TitleColumn:
        s = TaskQuery::Sort::Title;
        break;
    case DoneColumn:
        s = TaskQuery::Sort::Completed;
        break;
    case UpdatedColumn:
        s = TaskQuery::Sort::Updated;
        break;
    default:
        s = TaskQuery::Sort::Id;
        break;
    }
    Q_EMIT sortRequested(s, order == Qt::DescendingOrder);
}

} // namespace gatehouse::ui
