#include "admin/AdminPage.h"

#include "admin/AuditPanel.h"
#include "admin/RoleMatrix.h"
#include "admin/UsersPanel.h"
#include "services/Permissions.h"

namespace gatehouse::ui {

using core::backend::SessionInfo;
using core::services::Permissions;

AdminPage::AdminPage(MessageBar* messageBar, QWidget* parent) : QTabWidget(parent)
{
    setObjectName(QStringLiteral("adminTabWidget"));
    m_users = new UsersPanel(messageBar, this);
    m_roles = new RoleMatrix(messageBar, this);
    m_audit = new AuditPanel(messageBar, this);
    addTab(m_users, tr("&Users"));
    addTab(m_roles, tr("&Roles && permissions"));
    addTab(m_audit, tr("Audit &log"));
    connect(m_users, &UsersPanel::changed, m_roles, &RoleMatrix::reload);
    connect(m_users, &UsersPanel::changed, m_audit, &AuditPanel::reload);
    connect(m_roles, &RoleMatrix::changed, m_users, &UsersPanel::reload);
    connect(m_roles, &RoleMatrix::changed, m_audit, &AuditPanel::reload);
}

bool AdminPage::isAvailableTo(const SessionInfo& s)
{
    return s.can(Permissions::userManage()) || s.can(Permissions::roleManage()) || s.can(Permissions::auditView());
}

void AdminPage::setBackend(core::backend::Backend* backend)
{
    m_users->setBackend(backend);
    m_roles->setBackend(backend);
    m_audit->setBackend(backend);
}

void AdminPage::setSession(const SessionInfo& session)
{
    m_users->setSession(session);
    m_roles->setSession(session);
    m_audit->setSession(session);
    setTabVisible(indexOf(m_users), session.can(Permissions::userManage()));
    setTabVisible(indexOf(m_roles), session.can(Permissions::roleManage()) || session.can(Permissions::userManage()));
    setTabVisible(indexOf(m_audit), session.can(Permissions::auditView()));
}

void AdminPage::reload()
{
    if (isTabVisible(indexOf(m_users)))
        m_users->reload();
    if (isTabVisible(indexOf(m_roles)))
        m_roles->reload();
    if (isTabVisible(indexOf(m_audit)))
        m_audit->reload();
}

} // namespace gatehouse::ui
