#pragma once

#include "services/Task.h"

#include <QAbstractTableModel>

namespace gatehouse::ui {

// One page of tasks for a QTableView. Edits are not applied here: setData emits changeRequested and the
// page sends it to the back end, then reloads. Sorting asks the page to query again (the database sorts).
// Text is returned as data, which views draw as plain text.
class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TitleColumn,
        DoneColumn,
        OwnerColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role
    {
        TaskIdRole = Qt::UserRole + 1
    };

    explicit TaskTableModel(QObject* parent = nullptr);

    void setTasks(const QList<core::services::Task>& tasks);
    void setEditable(bool titles, bool completion);
    const core::services::Task* taskAt(int row) const;
    int rowOfTask(qint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void changeRequested(qint64 taskId, const gatehouse::core::services::TaskChanges& changes);
    void sortRequested(gatehouse::core::services::TaskQuery::Sort sort, bool descending);

private:
    QList<core::services::Task> m_tasks;
    bool m_titlesEditable = false;
    bool m_completionEditable = false;
};

} // namespace gatehouse::ui
