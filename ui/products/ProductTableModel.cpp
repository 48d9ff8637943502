#include "products/ProductTableModel.h"

#include <QLocale>

namespace gatehouse::ui {

using core::services::Product;
using core::services::ProductChanges;
using core::services::ProductQuery;

ProductTableModel::ProductTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProductTableModel::setProducts(const QList<Product>& products)
{
    beginResetModel();
    m_products = products;
    endResetModel();
}

const Product* ProductTableModel::productAt(int row) const
{
    return row >= 0 && row < m_products.size() ? &m_products.at(row) : nullptr;
}

int ProductTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_products.size());
}

int ProductTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProductTableModel::data(const QModelIndex& index, int role) const
{
    const Product* p = productAt(index.row());
    if (!p)
        return {};
    if (role == ProductIdRole)
        return p->id;
    if (index.column() == NameColumn && (role == Qt::DisplayRole || role == Qt::EditRole))
        return p->name;
    if (index.column() == PriceColumn) {
        if (role == Qt::DisplayRole)
            return QLocale().toString(p->price, 'f', 2);
        if (role == Qt::EditRole)
            return p->price;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant ProductTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == NameColumn ? tr("Name") : tr("Price");
}

Qt::ItemFlags ProductTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (m_editable)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ProductTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    const Product* p = productAt(index.row());
    if (!p || role != Qt::EditRole || !m_editable)
        return false;
    ProductChanges changes;
    if (index.column() == NameColumn)
        changes.name = value.toString();
    else
        changes.price = value.toDouble();
    Q_EMIT changeRequested(p->id, changes);
    return false;
}

void ProductTableModel::sort(int column, Qt::SortOrder order)
{
    ProductQuery::Sort s = ProductQuery::Sort::Id;
    if (column == NameColumn)
        s = ProductQuery::Sort::Name;
    else if (column == PriceColumn)
        s = ProductQuery::Sort::Price;
    Q_EMIT sortRequested(s, order == Qt::DescendingOrder);
}

} // namespace gatehouse::ui
