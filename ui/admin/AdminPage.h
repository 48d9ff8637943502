#pragma once

#include "backend/Backend.h"

#include <QTabWidget>

namespace gatehouse::ui {

class AuditPanel;
class MessageBar;
class RoleMatrix;
class UsersPanel;

// Users & Roles: users, the role x permission matrix and the audit log, each tab shown only to holders
// of its permission (user.view/user.manage, role.manage, audit.view).
class AdminPage : public QTabWidget
{
    Q_OBJECT
public:
    AdminPage(MessageBar* messageBar, QWidget* parent = nullptr);
    void setBackend(core::backend::Backend* backend);
    void setSession(const core::backend::SessionInfo& session);
    // Whether the session may see any of it (the window hides the whole page otherwise).
    static bool isAvailableTo(const core::backend::SessionInfo& session);
    UsersPanel* usersPanel() const { return m_users; }

public Q_SLOTS:
    void reload();

private:
    UsersPanel* m_users = nullptr;
    RoleMatrix* m_roles = nullptr;
    AuditPanel* m_audit = nullptr;
};

} // namespace gatehouse::ui
