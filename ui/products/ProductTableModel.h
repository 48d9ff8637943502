#pragma once

#include "common/PageCache.h"
#include "services/Product.h"

#include <QAbstractTableModel>

namespace gatehouse::ui {

// The products of one query, paged like TaskTableModel: rowCount() is the query's total, only the pages
// near the visible rows are in memory, a missing page is asked for once with pageNeeded() and answered
// with addPage() under the generation it was asked in. Edits go out as changeRequested (the page applies
// them through the back end and reloads); sorting asks for a new query.
class ProductTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        PriceColumn,
        ColumnCount
    };
    enum Role
    {
        ProductIdRole = Qt::UserRole + 1
    };

    static constexpr int kPerPage = 200;

    explicit ProductTableModel(QObject* parent = nullptr);
    // A new query's first page; starts a new generation.
    void reset(const core::services::ProductPage& first);
    void clear();
    int generation() const { return m_generation; }
    void addPage(int generation, const core::services::ProductPage& page);
    qint64 total() const { return m_total; }
    // A page asked for but no longer wanted: it will be asked for again when a view needs it.
    void forgetRequest(int page) { m_cache.forgetRequest(page); }
    void setEditable(bool editable) { m_editable = editable; }
    // The product at `row` when its page is in memory, else nullptr.
    const core::services::Product* productAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void changeRequested(qint64 productId, const gatehouse::core::services::ProductChanges& changes);
    void sortRequested(gatehouse::core::services::ProductQuery::Sort sort, bool descending);
    void pageNeeded(int generation, int page);

private:
    void requestPage(int page) const;

    mutable PageCache<core::services::Product> m_cache{kPerPage, 16};
    qint64 m_total = 0;
    int m_rows = 0;
    int m_generation = 0;
    bool m_editable = false;
};

} // namespace gatehouse::ui
