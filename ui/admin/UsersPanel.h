#pragma once

#include "backend/Backend.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace gatehouse::ui {

class MessageBar;
class PasswordLineEdit;

// Users with their roles and locked/disabled state; create, disable/enable, unlock, reset password (the
// user must change it at next login), assign and unassign roles. Needs user.manage; the back end checks.
class UsersPanel : public QWidget
{
    Q_OBJECT
public:
    UsersPanel(MessageBar* messageBar, QWidget* parent = nullptr);
    void setBackend(core::backend::Backend* backend);
    void setSession(const core::backend::SessionInfo& session);

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loaded();
    // A change that other panels (the role matrix's member counts, the audit log) may want to show.
    void changed();

private:
    void createUser();
    qint64 selectedUserId() const;
    QString selectedUsername() const;
    void runOnSelected(const QString& done, const std::function<QFuture<core::Status>(qint64)>& call);
    void setRoles(const QList<core::services::RoleInfo>& roles);

    core::backend::Backend* m_backend = nullptr;
    core::backend::SessionInfo m_session;
    MessageBar* m_messages = nullptr;
    QList<core::services::UserSummary> m_users;
    QTableWidget* m_table = nullptr;
    QLineEdit* m_newUsername = nullptr;
    PasswordLineEdit* m_newPassword = nullptr;
    QComboBox* m_newRole = nullptr;
    QPushButton* m_create = nullptr;
    QPushButton* m_disable = nullptr;
    QPushButton* m_enable = nullptr;
    QPushButton* m_unlock = nullptr;
    PasswordLineEdit* m_tempPassword = nullptr;
    QPushButton* m_reset = nullptr;
    QComboBox* m_role = nullptr;
    QPushButton* m_assign = nullptr;
    QPushButton* m_unassign = nullptr;
    QPushButton* m_delete = nullptr;
};

} // namespace gatehouse::ui
