#pragma once

#include "common/PageCache.h"
#include "services/Task.h"

#include <QAbstractTableModel>

namespace gatehouse::ui {

// The tasks of one query for a QTableView, paged: rowCount() is the query's total, but only the pages near
// what the view shows are in memory (PageCache). A row whose page is missing reads as "Loading…" and the
// model asks for its page once with pageNeeded(); the owner answers with addPage(). When the back end only
// knows a lower bound of the total ("10,000+"), canFetchMore() is true and fetchMore() asks for a larger
// count with moreRowsNeeded(); the owner answers with growTo(). Answers carry the generation they were
// asked under so that answers to an older query are dropped.
//
// Edits are not applied here: setData emits changeRequested and the page sends it to the back end, then
// reloads. Sorting asks the page to query again (the database sorts). Text is returned as data, which
// views draw as plain text.
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
    static constexpr int kPerPage = 200;

    explicit TaskTableModel(QObject* parent = nullptr);

    // A new query's first page: the row count becomes its total. Starts a new generation.
    void reset(const core::services::TaskPage& first);
    void clear();
    int generation() const { return m_generation; }
    void addPage(int generation, const core::services::TaskPage& page);
    void growTo(int generation, qint64 total, bool lowerBound);
    // A page asked for but no longer wanted: it will be asked for again when a view needs it.
    void forgetRequest(int page) { m_cache.forgetRequest(page); }
    qint64 total() const { return m_total; }
    bool totalIsLowerBound() const { return m_lowerBound; }
    int cachedPageCount() const { return m_cache.cachedPageCount(); }

    void setEditable(bool titles, bool completion);
    // The task at `row` when its page is in memory, else nullptr.
    const core::services::Task* taskAt(int row) const;
    // Row of a task whose page is in memory, else -1.
    int rowOfTask(qint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void changeRequested(qint64 taskId, const gatehouse::core::services::TaskChanges& changes);
    void sortRequested(gatehouse::core::services::TaskQuery::Sort sort, bool descending);
    void pageNeeded(int generation, int page);
    // Count again, up to `countCap` matches.
    void moreRowsNeeded(int generation, qint64 countCap);

private:
    void requestPage(int page) const;

    mutable PageCache<core::services::Task> m_cache{kPerPage, 16};
    qint64 m_total = 0;
    int m_rows = 0;
    bool m_lowerBound = false;
    bool m_growing = false;
    int m_generation = 0;
    bool m_titlesEditable = false;
    bool m_completionEditable = false;
};

} // namespace gatehouse::ui
