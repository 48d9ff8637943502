#include "products/ProductsPage.h"

#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "products/ProductTableModel.h"
#include "services/Permissions.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::Result;
using core::Status;
using core::services::Permissions;
using core::services::Product;
using core::services::ProductChanges;
using core::services::ProductPage;
using core::services::ProductQuery;

ProductsPage::ProductsPage(MessageBar* messageBar, QWidget* parent) : QWidget(parent), m_messages(messageBar)
{
    setObjectName(QStringLiteral("productsPage"));
    m_query.perPage = 500;

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("productSearchLineEdit"));
    m_search->setPlaceholderText(tr("Search product names"));
    m_search->setAccessibleName(tr("Search products"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &ProductsPage::reload);

    m_model = new ProductTableModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("productsTableView"));
    m_view->setAccessibleName(tr("Products"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->horizontalHeader()->setSectionResizeMode(ProductTableModel::NameColumn, QHeaderView::Stretch);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    connect(m_model, &ProductTableModel::sortRequested, this, [this](ProductQuery::Sort s, bool descending) {
        m_query.sort = s;
        m_query.descending = descending;
        reload();
    });
    connect(m_model, &ProductTableModel::changeRequested, this, [this](qint64 id, const ProductChanges& changes) {
        if (!m_backend)
            return;
        m_backend->updateProduct(id, changes).then(this, [this](Result<Product> r) {
            if (!r)
                reportError(r.error());
            else
                m_messages->showMessage(MessageBar::Kind::Positive, tr("Product saved."));
            reload();
        });
    });

    m_newName = new QLineEdit(this);
    m_newName->setObjectName(QStringLiteral("newProductNameLineEdit"));
    m_newName->setPlaceholderText(tr("New product name"));
    m_newName->setAccessibleName(tr("New product name"));
    m_newName->setMaxLength(100);
    m_newPrice = new QDoubleSpinBox(this);
    m_newPrice->setObjectName(QStringLiteral("newProductPriceDoubleSpinBox"));
    m_newPrice->setAccessibleName(tr("New product price"));
    m_newPrice->setRange(0, 1e9);
    m_newPrice->setDecimals(2);
    m_add = new QPushButton(tr("&Add product"), this);
    m_add->setObjectName(QStringLiteral("addProductPushButton"));
    connect(m_add, &QPushButton::clicked, this, &ProductsPage::addProduct);
    connect(m_newName, &QLineEdit::returnPressed, this, &ProductsPage::addProduct);
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setObjectName(QStringLiteral("deleteProductPushButton"));
    connect(m_delete, &QPushButton::clicked, this, &ProductsPage::deleteSelected);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("productCountLabel"));

    auto* top = new QHBoxLayout;
    auto* searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    top->addWidget(searchLabel);
    top->addWidget(m_search, 1);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_newName, 2);
    actions->addWidget(m_newPrice);
    actions->addWidget(m_add);
    actions->addStretch(1);
    actions->addWidget(m_delete);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);
    layout->addWidget(m_count);
}

void ProductsPage::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
    m_model->setProducts({});
}

void ProductsPage::setSession(const core::backend::SessionInfo& session)
{
    m_session = session;
    m_model->setEditable(session.can(Permissions::productEdit()));
    const bool create = session.can(Permissions::productCreate());
    m_newName->setVisible(create);
    m_newPrice->setVisible(create);
    m_add->setVisible(create);
    m_delete->setVisible(session.can(Permissions::productDelete()));
}

void ProductsPage::reload()
{
    if (!m_backend || !m_session.isValid())
        return;
    m_query.search = m_search->text();
    const int generation = ++m_generation;
    m_backend->listProducts(m_query).then(this, [this, generation](Result<ProductPage> r) {
        if (generation != m_generation)
            return;
        if (!r) {
            reportError(r.error());
            return;
        }
        m_model->setProducts(r.value().items);
        m_count->setText(tr("%n product(s)", nullptr, int(r.value().total)));
        Q_EMIT loaded(r.value().total);
    });
}

void ProductsPage::addProduct()
{
    if (!m_backend)
        return;
    const QString name = m_newName->text().trimmed();
    if (name.isEmpty()) {
        m_messages->showMessage(MessageBar::Kind::Warning, tr("Give the product a name."));
        return;
    }
    m_backend->createProduct(name, m_newPrice->value()).then(this, [this](Result<Product> r) {
        if (!r) {
            reportError(r.error());
            return;
        }
        m_newName->clear();
        m_messages->showMessage(MessageBar::Kind::Positive, tr("Product added: %1").arg(r.value().name));
        reload();
    });
}

void ProductsPage::deleteSelected()
{
    if (!m_backend)
        return;
    const auto rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex& i : rows) {
        m_backend->deleteProduct(i.data(ProductTableModel::ProductIdRole).toLongLong()).then(this, [this](Status s) {
            if (!s)
                reportError(s.error());
            else
                m_messages->showMessage(MessageBar::Kind::Positive, tr("Product deleted."));
            reload();
        });
    }
}

void ProductsPage::reportError(const core::Error& error)
{
    m_messages->showMessage(MessageBar::Kind::Error, errorText(error));
}

} // namespace gatehouse::ui
