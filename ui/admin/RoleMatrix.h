#pragma once

#include "backend/Backend.h"

#include <QWidget>

class QLineEdit;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace gatehouse::ui {

class MessageBar;

// The role x permission matrix: one column per role, one row per permission, a check box in each cell.
// Toggling a cell sends the role's new permission set; the admin role is fixed (all permissions) and
// shown read-only. Needs role.manage; the back end checks, including "grant only what you hold".
class RoleMatrix : public QWidget
{
    Q_OBJECT
public:
    RoleMatrix(MessageBar* messageBar, QWidget* parent = nullptr);
    void setBackend(core::backend::Backend* backend);
    void setSession(const core::backend::SessionInfo& session);

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void changed();

private:
    void cellChanged(QTableWidgetItem* item);
    void createRole();

    core::backend::Backend* m_backend = nullptr;
    core::backend::SessionInfo m_session;
    MessageBar* m_messages = nullptr;
    QList<core::services::RoleInfo> m_roles;
    QStringList m_permissions;
    QTableWidget* m_table = nullptr;
    QLineEdit* m_newRole = nullptr;
    QPushButton* m_create = nullptr;
    QPushButton* m_deleteRole = nullptr;
    bool m_filling = false;
};

} // namespace gatehouse::ui
