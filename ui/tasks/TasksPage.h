#pragma once

#include "backend/Backend.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace gatehouse::ui {

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

Q_SIGNALS:
    // After every completed load (tests and the status line wait for it).
    void loaded(qint64 total);

private:
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
    QTimer* m_searchDelay = nullptr;
    int m_generation = 0; // answers to older queries are dropped
};

} // namespace gatehouse::ui
