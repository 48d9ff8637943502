#pragma once

#include "backend/Backend.h"
#include "common/PageRequests.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace gatehouse::ui {

class CsvTransfer;
class MessageBar;
class ProductTableModel;

// The products view: search, sort, add, inline edit and delete, as the session's permissions allow.
class ProductsPage : public QWidget
{
    Q_OBJECT
public:
    ProductsPage(MessageBar* messageBar, QWidget* parent = nullptr);
    void setBackend(core::backend::Backend* backend);
    void setSession(const core::backend::SessionInfo& session);
    ProductTableModel* model() const { return m_model; }

public Q_SLOTS:
    void reload();
    // Every product the search matches, written off the GUI thread page by page.
    void exportCsv(const QString& path);
    // Validates the whole file first (nothing imported when a row is bad), then creates the products.
    void importCsv(const QString& path);

Q_SIGNALS:
    void loaded(qint64 total);
    void transferFinished(bool ok, qint64 rows);

private:
    void fetchPage(int generation, int page);
    void pumpPages();
    void addProduct();
    void deleteSelected();
    void reportError(const core::Error& error);

    core::backend::Backend* m_backend = nullptr;
    core::backend::SessionInfo m_session;
    core::services::ProductQuery m_query;
    MessageBar* m_messages = nullptr;
    ProductTableModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLineEdit* m_search = nullptr;
    QLineEdit* m_newName = nullptr;
    QDoubleSpinBox* m_newPrice = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_delete = nullptr;
    QLabel* m_count = nullptr;
    QPushButton* m_import = nullptr;
    QPushButton* m_export = nullptr;
    CsvTransfer* m_transfer = nullptr;
    QTimer* m_searchDelay = nullptr;
    int m_generation = 0;
    PageRequests m_pageRequests; // one page fetched at a time
};

} // namespace gatehouse::ui
