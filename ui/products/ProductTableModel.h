#pragma once

#include "services/Product.h"

#include <QAbstractTableModel>

namespace gatehouse::ui {

// One page of products. Edits go out as changeRequested (the page applies them through the back end and
// reloads); sorting asks for a new query.
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

    explicit ProductTableModel(QObject* parent = nullptr);
    void setProducts(const QList<core::services::Product>& products);
    void setEditable(bool editable) { m_editable = editable; }
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

private:
    QList<core::services::Product> m_products;
    bool m_editable = false;
};

} // namespace gatehouse::ui
