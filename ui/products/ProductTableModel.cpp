#include "products/ProductTableModel.h"

#include <QLocale>

#include <algorithm>
#include <limits>

namespace gatehouse::ui {

using core::services::Product;
using core::services::ProductChanges;
using core::services::ProductPage;
using core::services::ProductQuery;

ProductTableModel::ProductTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProductTableModel::reset(const ProductPage& first)
{
    beginResetModel();
    m_cache.clear();
    ++m_generation;
    m_total = std::max<qint64>(first.total, first.items.size());
    m_rows = int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
    if (!first.items.isEmpty())
        m_cache.insert(1, first.items);
    endResetModel();
}

void ProductTableModel::clear()
{
    reset({});
}

void ProductTableModel::addPage(int generation, const ProductPage& page)
{
    if (generation != m_generation)
        return;
    m_cache.insert(page.page, page.items);
    const int first = m_cache.firstRowOfPage(page.page);
    const int last = std::min<int>(m_rows - 1, first + int(page.items.size()) - 1);
    if (last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void ProductTableModel::requestPage(int page) const
{
    if (!m_cache.markRequested(page))
        return;
    auto* self = const_cast<ProductTableModel*>(this);
    const int generation = m_generation;
    QMetaObject::invokeMethod(
        self, [self, generation, page] { Q_EMIT self->pageNeeded(generation, page); }, Qt::QueuedConnection);
}

const Product* ProductTableModel::productAt(int row) const
{
    return row < m_rows ? m_cache.at(row) : nullptr;
}

int ProductTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int ProductTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProductTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const Product* p = productAt(index.row());
    if (!p) {
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
            requestPage(m_cache.pageOfRow(index.row()));
            if (index.column() == NameColumn)
                return tr("Loading\u2026");
        }
        return {};
    }
    if (role == Qt::DisplayRole)
        m_cache.touch(m_cache.pageOfRow(index.row()));
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
