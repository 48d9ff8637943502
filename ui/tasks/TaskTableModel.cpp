#include "tasks/TaskTableModel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <limits>

namespace gatehouse::ui {

using core::services::Task;
using core::services::TaskChanges;
using core::services::TaskPage;
using core::services::TaskQuery;

TaskTableModel::TaskTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TaskTableModel::reset(const TaskPage& first)
{
    beginResetModel();
    m_cache.clear();
    ++m_generation;
    m_total = std::max<qint64>(first.total, first.items.size());
    m_rows = int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
    m_lowerBound = first.totalIsLowerBound;
    m_growing = false;
    if (!first.items.isEmpty())
        m_cache.insert(1, first.items);
    endResetModel();
}

void TaskTableModel::clear()
{
    reset({});
}

void TaskTableModel::addPage(int generation, const TaskPage& page)
{
    if (generation != m_generation)
        return;
    m_cache.insert(page.page, page.items);
    const int first = m_cache.firstRowOfPage(page.page);
    const int last = std::min<int>(m_rows - 1, first + int(page.items.size()) - 1);
    if (last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void TaskTableModel::growTo(int generation, qint64 total, bool lowerBound)
{
    if (generation != m_generation)
        return;
    m_growing = false;
    m_lowerBound = lowerBound;
    m_total = std::max(m_total, total);
    const int rows = int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
}

bool TaskTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_lowerBound && !m_growing;
}

void TaskTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_growing = true;
    // Counting is O(cap): growing geometrically keeps scrolling to the end of N rows O(N) in total.
    Q_EMIT moreRowsNeeded(m_generation, std::max<qint64>(m_total * 4, m_total + 10000));
}

void TaskTableModel::requestPage(int page) const
{
    if (!m_cache.markRequested(page))
        return;
    auto* self = const_cast<TaskTableModel*>(this);
    const int generation = m_generation;
    // Asked while the view paints: answer later, outside the paint.
    QMetaObject::invokeMethod(
        self, [self, generation, page] { Q_EMIT self->pageNeeded(generation, page); }, Qt::QueuedConnection);
}

void TaskTableModel::setEditable(bool titles, bool completion)
{
    m_titlesEditable = titles;
    m_completionEditable = completion;
}

const Task* TaskTableModel::taskAt(int row) const
{
    return row < m_rows ? m_cache.at(row) : nullptr;
}

int TaskTableModel::rowOfTask(qint64 id) const
{
    const int row = m_cache.findRow([id](const Task& t) { return t.id == id; });
    return row < m_rows ? row : -1;
}

int TaskTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TaskTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const Task* t = taskAt(index.row());
    if (!t) {
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
            requestPage(m_cache.pageOfRow(index.row()));
            if (index.column() == TitleColumn)
                return tr("Loading\u2026");
        }
        return {};
    }
    if (role == Qt::DisplayRole)
        m_cache.touch(m_cache.pageOfRow(index.row()));
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
