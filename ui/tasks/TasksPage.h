#pragma once

#include "backend/Backend.h"
#include "common/PageRequests.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace gatehouse::ui {

class CsvTransfer;
class MessageBar;
class TaskTableModel;

// The tasks view: search, done/owner filters, sort, add, inline edit, complete and delete, as far as the
// session's permissions go (actions it lacks are hidden; the back end refuses them anyway).
class TasksPage : public QWidget
{
    Q_OBJECT
public:
    TasksPage(MessageBar* messageBar, QWidget* parent = nullptr);

    void setBackend(core::backend::Backend* backend);
    void setSession(const core::backend::SessionInfo& session);
    TaskTableModel* model() const { return m_model; }

public Q_SLOTS:
    void reload();
    // CSV of every task the query matches (all pages, not only the loaded ones), written off the GUI thread.
    void exportCsv(const QString& path);
    // Validates the whole file first (row problems go to the inline panel and nothing is imported), then
    // creates the tasks one by one with progress and Cancel.
    void importCsv(const QString& path);

Q_SIGNALS:
    // After every completed load (tests and the status line wait for it).
    void loaded(qint64 total);
    // A page fetched while scrolling (1-based).
    void pageLoaded(int page);
    // An import or export ended (ok false: failed, rejected or cancelled).
    void transferFinished(bool ok, qint64 rows);

private:
    // Counts stop here on the first load; scrolling to the end counts further.
    static constexpr qint64 kCountCap = 10000;

    void fetchPage(int generation, int page);
    void pumpPages();
    void countMore(int generation, qint64 countCap);
    void updateCount();
    void chooseImportFile();
    void chooseExportFile();
    void addTask();
    void toggleSelected();
    void deleteSelected();
    void applyChange(qint64 taskId, const core::services::TaskChanges& changes);
    QList<qint64> selectedIds() const;
    void updateActions();
    void reportError(const core::Error& error);

    core::backend::Backend* m_backend = nullptr;
    core::backend::SessionInfo m_session;
    core::services::TaskQuery m_query;
    MessageBar* m_messages = nullptr;
    TaskTableModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_doneFilter = nullptr;
    QComboBox* m_ownerFilter = nullptr;
    QLineEdit* m_newTitle = nullptr;
    QLineEdit* m_newDescription = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_complete = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_refresh = nullptr;
    QLabel* m_count = nullptr;
    QPushButton* m_import = nullptr;
    QPushButton* m_export = nullptr;
    CsvTransfer* m_transfer = nullptr;
    QTimer* m_searchDelay = nullptr;
    int m_generation = 0;        // answers to older queries are dropped
    PageRequests m_pageRequests; // one page fetched at a time (deep pages cost O(offset))
};

} // namespace gatehouse::ui
