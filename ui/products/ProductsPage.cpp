#include "products/ProductsPage.h"

#include "common/CsvTransfer.h"
#include "common/ErrorText.h"
#include "common/Icons.h"
#include "common/ImportErrorsPanel.h"
#include "common/MessageBar.h"
#include "common/TransferBar.h"
#include "products/ProductCsv.h"
#include "products/ProductTableModel.h"
#include "services/Permissions.h"

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
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
    m_query.perPage = ProductTableModel::kPerPage;

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
    connect(m_model, &ProductTableModel::pageNeeded, this, &ProductsPage::fetchPage);
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
    m_add->setIcon(actionIcon("add"));
    m_add->setObjectName(QStringLiteral("addProductPushButton"));
    connect(m_add, &QPushButton::clicked, this, &ProductsPage::addProduct);
    connect(m_newName, &QLineEdit::returnPressed, this, &ProductsPage::addProduct);
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setIcon(actionIcon("delete"));
    m_delete->setObjectName(QStringLiteral("deleteProductPushButton"));
    connect(m_delete, &QPushButton::clicked, this, &ProductsPage::deleteSelected);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("productCountLabel"));
    m_import = new QPushButton(tr("Imp&ort CSV\u2026"), this);
    m_import->setIcon(actionIcon("import"));
    m_import->setObjectName(QStringLiteral("importProductsPushButton"));
    m_import->setAccessibleName(tr("Import products from a CSV file"));
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import products"), {}, tr("CSV files (*.csv);;All files (*)"));
        if (!path.isEmpty())
            importCsv(path);
    });
    m_export = new QPushButton(tr("E&xport CSV\u2026"), this);
    m_export->setIcon(actionIcon("export"));
    m_export->setObjectName(QStringLiteral("exportProductsPushButton"));
    m_export->setAccessibleName(tr("Export the listed products to a CSV file"));
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export products"), tr("products.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    m_transfer = new CsvTransfer(QStringLiteral("product"), m_messages, this);
    connect(m_transfer, &CsvTransfer::finished, this, &ProductsPage::transferFinished);

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
    actions->addSpacing(16);
    actions->addWidget(m_import);
    actions->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);
    layout->addWidget(m_transfer->bar());
    layout->addWidget(m_transfer->errorsPanel());
    layout->addWidget(m_count);
}

void ProductsPage::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
    m_model->clear();
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
    m_import->setVisible(create);
    m_export->setVisible(session.can(Permissions::productView()));
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
        const int scroll = m_view->verticalScrollBar()->value();
        m_model->reset(r.value());
        m_view->verticalScrollBar()->setValue(scroll);
        const qint64 total = m_model->total();
        m_count->setText(total == 1 ? tr("1 product") : tr("%1 products").arg(QLocale().toString(total)));
        Q_EMIT loaded(total);
    });
}

void ProductsPage::fetchPage(int generation, int page)
{
    if (!m_backend || generation != m_model->generation())
        return;
    for (int forgotten : m_pageRequests.want(generation, page))
        m_model->forgetRequest(forgotten);
    pumpPages();
}

void ProductsPage::pumpPages()
{
    if (!m_backend)
        return;
    const std::optional<int> page = m_pageRequests.start(m_model->generation());
    if (!page)
        return;
    const int generation = m_pageRequests.generation();
    ProductQuery q = m_query;
    q.page = *page;
    m_backend->listProducts(q).then(this, [this, generation](Result<ProductPage> r) {
        m_pageRequests.finished();
        if (!r) {
            if (generation == m_model->generation())
                reportError(r.error());
        } else {
            m_model->addPage(generation, r.value());
        }
        pumpPages();
    });
}

void ProductsPage::exportCsv(const QString& path)
{
    if (!m_backend || m_transfer->isRunning())
        return;
    ProductQuery query = m_query;
    query.perPage = 500;
    core::backend::Backend* backend = m_backend;
    auto fetch = [backend, query](int page) -> QFuture<Result<CsvChunk>> {
        ProductQuery q = query;
        q.page = page;
        return backend->listProducts(q).then([](Result<ProductPage> r) -> Result<CsvChunk> {
            if (!r)
                return r.error();
            CsvChunk chunk;
            for (const Product& p : r.value().items)
                chunk.rows << ProductCsv::exportRow(p);
            chunk.total = r.value().total;
            chunk.last = r.value().items.size() < r.value().perPage;
            return chunk;
        });
    };
    m_transfer->runExport(path, ProductCsv::exportHeader(), fetch, tr("Exporting products\u2026"), [path](qint64 rows) {
        return tr("Exported %1 product(s) to %2.").arg(QLocale().toString(rows), QFileInfo(path).fileName());
    });
}

void ProductsPage::importCsv(const QString& path)
{
    if (!m_backend || m_transfer->isRunning())
        return;
    core::backend::Backend* backend = m_backend;
    // One back-end call for the whole file: one transaction, Cancel rolls it back until it commits.
    auto import = [backend](const QByteArray& csv, std::shared_ptr<core::backend::ImportCancel> cancel) {
        return backend->importProducts(csv, core::services::ImportExportService::Format::Csv, std::move(cancel));
    };
    m_transfer->runImport(path, ProductCsv::knownColumns(), ProductCsv::requiredColumns(),
                          {QStringLiteral("name"), QStringLiteral("price")}, &ProductCsv::validate, import,
                          [this](qint64 rows) {
                              // Also after a cancel: the list shows what the database holds.
                              reload();
                              return tr("Imported %1 product(s).").arg(QLocale().toString(rows));
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
        const qint64 id = i.data(ProductTableModel::ProductIdRole).toLongLong();
        if (id <= 0)
            continue; // its page left memory
        m_backend->deleteProduct(id).then(this, [this](Status s) {
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
