#include "admin/UsersPanel.h"

#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "common/PasswordLineEdit.h"

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::Result;
using core::Status;
using core::services::RoleInfo;
using core::services::UserSummary;

UsersPanel::UsersPanel(MessageBar* messageBar, QWidget* parent) : QWidget(parent), m_messages(messageBar)
{
    setObjectName(QStringLiteral("usersPanel"));
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("usersTableWidget"));
    m_table->setAccessibleName(tr("Users"));
    m_table->setHorizontalHeaderLabels({tr("Username"), tr("Roles"), tr("State"), tr("Last login")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();

    m_newUsername = new QLineEdit(this);
    m_newUsername->setObjectName(QStringLiteral("newUsernameLineEdit"));
    m_newUsername->setAccessibleName(tr("New username"));
    m_newUsername->setPlaceholderText(tr("Username"));
    m_newPassword = new PasswordLineEdit(this);
    m_newPassword->setObjectName(QStringLiteral("newUserPasswordLineEdit"));
    m_newPassword->setAccessibleName(tr("New user's password"));
    m_newPassword->setPlaceholderText(tr("Initial password"));
    m_newRole = new QComboBox(this);
    m_newRole->setObjectName(QStringLiteral("newUserRoleComboBox"));
    m_newRole->setAccessibleName(tr("New user's role"));
    m_create = new QPushButton(tr("C&reate user"), this);
    m_create->setObjectName(QStringLiteral("createUserPushButton"));
    connect(m_create, &QPushButton::clicked, this, &UsersPanel::createUser);
    auto* createBox = new QGroupBox(tr("New user"), this);
    auto* createLayout = new QHBoxLayout(createBox);
    createLayout->addWidget(m_newUsername);
    createLayout->addWidget(m_newPassword);
    createLayout->addWidget(m_newRole);
    createLayout->addWidget(m_create);

    m_disable = new QPushButton(tr("D&isable"), this);
    m_disable->setObjectName(QStringLiteral("disableUserPushButton"));
    m_enable = new QPushButton(tr("E&nable"), this);
    m_enable->setObjectName(QStringLiteral("enableUserPushButton"));
    m_unlock = new QPushButton(tr("&Unlock"), this);
    m_unlock->setObjectName(QStringLiteral("unlockUserPushButton"));
    m_delete = new QPushButton(tr("Delete user"), this);
    m_delete->setObjectName(QStringLiteral("deleteUserPushButton"));
    m_tempPassword = new PasswordLineEdit(this);
    m_tempPassword->setObjectName(QStringLiteral("temporaryPasswordLineEdit"));
    m_tempPassword->setAccessibleName(tr("Temporary password"));
    m_tempPassword->setPlaceholderText(tr("Temporary password"));
    m_reset = new QPushButton(tr("Reset &password"), this);
    m_reset->setObjectName(QStringLiteral("resetPasswordPushButton"));
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("roleComboBox"));
    m_role->setAccessibleName(tr("Role"));
    m_assign = new QPushButton(tr("&Assign role"), this);
    m_assign->setObjectName(QStringLiteral("assignRolePushButton"));
    m_unassign = new QPushButton(tr("Remove r&ole"), this);
    m_unassign->setObjectName(QStringLiteral("unassignRolePushButton"));

    connect(m_disable, &QPushButton::clicked, this, [this] {
        runOnSelected(tr("User %1 disabled."), [this](qint64 id) { return m_backend->setUserDisabled(id, true); });
    });
    connect(m_enable, &QPushButton::clicked, this, [this] {
        runOnSelected(tr("User %1 enabled."), [this](qint64 id) { return m_backend->setUserDisabled(id, false); });
    });
    connect(m_unlock, &QPushButton::clicked, this, [this] {
        runOnSelected(tr("User %1 unlocked."), [this](qint64 id) { return m_backend->unlockUser(id); });
    });
    connect(m_delete, &QPushButton::clicked, this,
            [this] { runOnSelected(tr("User %1 deleted."), [this](qint64 id) { return m_backend->deleteUser(id); }); });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        const QString temp = m_tempPassword->text();
        if (temp.isEmpty()) {
            m_messages->showMessage(MessageBar::Kind::Warning, tr("Enter a temporary password first."));
            return;
        }
        m_tempPassword->clear();
        runOnSelected(tr("Password of %1 reset: they must choose a new one at their next login."),
                      [this, temp](qint64 id) { return m_backend->resetPassword(id, temp); });
    });
    connect(m_assign, &QPushButton::clicked, this, [this] {
        const QString role = m_role->currentText();
        runOnSelected(tr("Role %1 assigned to %2.").arg(role, QStringLiteral("%1")),
                      [this, role](qint64 id) { return m_backend->assignRole(id, role); });
    });
    connect(m_unassign, &QPushButton::clicked, this, [this] {
        const QString role = m_role->currentText();
        runOnSelected(tr("Role %1 removed from %2.").arg(role, QStringLiteral("%1")),
                      [this, role](qint64 id) { return m_backend->unassignRole(id, role); });
    });

    auto* actionBox = new QGroupBox(tr("Selected user"), this);
    auto* grid = new QGridLayout(actionBox);
    grid->addWidget(m_disable, 0, 0);
    grid->addWidget(m_enable, 0, 1);
    grid->addWidget(m_unlock, 0, 2);
    grid->addWidget(m_delete, 0, 3);
    grid->addWidget(m_tempPassword, 1, 0, 1, 2);
    grid->addWidget(m_reset, 1, 2);
    grid->addWidget(m_role, 2, 0, 1, 2);
    grid->addWidget(m_assign, 2, 2);
    grid->addWidget(m_unassign, 2, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(actionBox);
    layout->addWidget(createBox);
}

void UsersPanel::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
}

void UsersPanel::setSession(const core::backend::SessionInfo& session)
{
    m_session = session;
}

void UsersPanel::reload()
{
    if (!m_backend || !m_session.isValid())
        return;
    m_backend->listRoles().then(this, [this](Result<QList<RoleInfo>> r) {
        if (r)
            setRoles(r.value());
    });
    m_backend->listUsers().then(this, [this](Result<QList<UserSummary>> r) {
        if (!r) {
            m_messages->showMessage(MessageBar::Kind::Error, errorText(r.error()));
            return;
        }
        const qint64 keep = selectedUserId();
        m_users = r.value();
        m_table->setRowCount(int(m_users.size()));
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (int i = 0; i < m_users.size(); ++i) {
            const UserSummary& u = m_users.at(i);
            QStringList state;
            if (u.disabled)
                state << tr("disabled");
            if (u.lockedUntil > now)
                state << tr("locked for %1 s").arg(u.lockedUntil - now);
            if (u.mustChangePassword)
                state << tr("must change password");
            if (state.isEmpty())
                state << tr("active");
            auto* name = new QTableWidgetItem(u.username);
            name->setData(Qt::UserRole, u.id);
            m_table->setItem(i, 0, name);
            m_table->setItem(i, 1, new QTableWidgetItem(u.roles.join(QStringLiteral(", "))));
            m_table->setItem(i, 2, new QTableWidgetItem(state.join(QStringLiteral(", "))));
            m_table->setItem(i, 3,
                             new QTableWidgetItem(u.lastLogin
                                                      ? QLocale().toString(QDateTime::fromSecsSinceEpoch(u.lastLogin),
                                                                           QLocale::ShortFormat)
                                                      : tr("never")));
            if (u.id == keep)
                m_table->selectRow(i);
        }
        Q_EMIT loaded();
    });
}

void UsersPanel::setRoles(const QList<RoleInfo>& roles)
{
    const QString current = m_role->currentText();
    const QString currentNew = m_newRole->currentText();
    m_role->clear();
    m_newRole->clear();
    for (const RoleInfo& r : roles) {
        m_role->addItem(r.name);
        m_newRole->addItem(r.name);
    }
    m_role->setCurrentText(current);
    m_newRole->setCurrentText(currentNew.isEmpty() ? QStringLiteral("user") : currentNew);
}

void UsersPanel::createUser()
{
    if (!m_backend)
        return;
    const QString name = m_newUsername->text().trimmed();
    const QString password = m_newPassword->text();
    if (name.isEmpty() || password.isEmpty()) {
        m_messages->showMessage(MessageBar::Kind::Warning, tr("Enter a username and an initial password."));
        return;
    }
    const QString role = m_newRole->currentText();
    m_create->setEnabled(false);
    m_backend->createUser(name, password, role.isEmpty() ? QStringList() : QStringList{role})
        .then(this, [this, name](Result<qint64> r) {
            m_create->setEnabled(true);
            if (!r) {
                m_messages->showMessage(MessageBar::Kind::Error, errorText(r.error()));
                return;
            }
            m_newUsername->clear();
            m_newPassword->clear();
            m_messages->showMessage(MessageBar::Kind::Positive, tr("User %1 created.").arg(name));
            reload();
            Q_EMIT changed();
        });
}

qint64 UsersPanel::selectedUserId() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return m_table->item(rows.first().row(), 0)->data(Qt::UserRole).toLongLong();
}

QString UsersPanel::selectedUsername() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_table->item(rows.first().row(), 0)->text();
}

void UsersPanel::runOnSelected(const QString& done, const std::function<QFuture<Status>(qint64)>& call)
{
    const qint64 id = selectedUserId();
    if (!m_backend || id == 0) {
        m_messages->showMessage(MessageBar::Kind::Warning, tr("Select a user first."));
        return;
    }
    const QString text = done.arg(selectedUsername());
    call(id).then(this, [this, text](Status s) {
        if (!s)
            m_messages->showMessage(MessageBar::Kind::Error, errorText(s.error()));
        else
            m_messages->showMessage(MessageBar::Kind::Positive, text);
        reload();
        Q_EMIT changed();
    });
}

} // namespace gatehouse::ui
