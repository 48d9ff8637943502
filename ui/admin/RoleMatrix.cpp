#include "admin/RoleMatrix.h"

#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "services/Permissions.h"

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
using core::services::Permissions;
using core::services::RoleInfo;

RoleMatrix::RoleMatrix(MessageBar* messageBar, QWidget* parent) : QWidget(parent), m_messages(messageBar)
{
    setObjectName(QStringLiteral("roleMatrix"));
    m_permissions = Permissions::all();
    m_table = new QTableWidget(int(m_permissions.size()), 0, this);
    m_table->setObjectName(QStringLiteral("roleMatrixTableWidget"));
    m_table->setAccessibleName(tr("Role permissions"));
    m_table->setVerticalHeaderLabels(m_permissions);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    connect(m_table, &QTableWidget::itemChanged, this, &RoleMatrix::cellChanged);

    m_newRole = new QLineEdit(this);
    m_newRole->setObjectName(QStringLiteral("newRoleLineEdit"));
    m_newRole->setAccessibleName(tr("New role name"));
    m_newRole->setPlaceholderText(tr("New role name"));
    m_create = new QPushButton(tr("Add &role"), this);
    m_create->setObjectName(QStringLiteral("createRolePushButton"));
    connect(m_create, &QPushButton::clicked, this, &RoleMatrix::createRole);
    connect(m_newRole, &QLineEdit::returnPressed, this, &RoleMatrix::createRole);
    m_deleteRole = new QPushButton(tr("Delete selected role"), this);
    m_deleteRole->setObjectName(QStringLiteral("deleteRolePushButton"));
    connect(m_deleteRole, &QPushButton::clicked, this, [this] {
        const int column = m_table->currentColumn();
        if (!m_backend || column < 0 || column >= m_roles.size())
            return;
        const QString name = m_roles.at(column).name;
        m_backend->deleteRole(name).then(this, [this, name](Status s) {
            if (!s)
                m_messages->showMessage(MessageBar::Kind::Error, errorText(s.error()));
            else
                m_messages->showMessage(MessageBar::Kind::Positive, tr("Role %1 deleted.").arg(name));
            reload();
            Q_EMIT changed();
        });
    });

    auto* note = new QLabel(tr("Tick a box to grant a permission to a role. Built-in roles keep their names; the "
                               "admin role always has every permission."),
                            this);
    note->setWordWrap(true);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_newRole);
    bottom->addWidget(m_create);
    bottom->addStretch(1);
    bottom->addWidget(m_deleteRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);
}

void RoleMatrix::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
}

void RoleMatrix::setSession(const core::backend::SessionInfo& session)
{
    m_session = session;
    const bool manage = session.can(Permissions::roleManage());
    m_newRole->setVisible(manage);
    m_create->setVisible(manage);
    m_deleteRole->setVisible(manage);
}

void RoleMatrix::reload()
{
    if (!m_backend || !m_session.isValid())
        return;
    m_backend->listRoles().then(this, [this](Result<QList<RoleInfo>> r) {
        if (!r) {
            m_messages->showMessage(MessageBar::Kind::Error, errorText(r.error()));
            return;
        }
        m_roles = r.value();
        m_filling = true;
        m_table->setColumnCount(int(m_roles.size()));
        const bool manage = m_session.can(Permissions::roleManage());
        for (int c = 0; c < m_roles.size(); ++c) {
            const RoleInfo& role = m_roles.at(c);
            auto* header = new QTableWidgetItem(tr("%1 (%n)", nullptr, role.members).arg(role.name));
            header->setToolTip(role.description);
            m_table->setHorizontalHeaderItem(c, header);
            const bool fixed = role.name == Permissions::adminRole();
            for (int p = 0; p < m_permissions.size(); ++p) {
                auto* cell = new QTableWidgetItem;
                Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
                if (manage && !fixed)
                    flags |= Qt::ItemIsEnabled;
                cell->setFlags(flags);
                cell->setCheckState(role.permissions.contains(m_permissions.at(p)) ? Qt::Checked : Qt::Unchecked);
                cell->setData(Qt::AccessibleTextRole, tr("%1: %2").arg(role.name, m_permissions.at(p)));
                m_table->setItem(p, c, cell);
            }
        }
        m_filling = false;
    });
}

void RoleMatrix::cellChanged(QTableWidgetItem* item)
{
    if (m_filling || !m_backend || item->column() >= m_roles.size())
        return;
    const QString role = m_roles.at(item->column()).name;
    QStringList permissions;
    for (int p = 0; p < m_permissions.size(); ++p) {
        if (m_table->item(p, item->column()) && m_table->item(p, item->column())->checkState() == Qt::Checked)
            permissions << m_permissions.at(p);
    }
    m_backend->setRolePermissions(role, permissions).then(this, [this, role](Status s) {
        if (!s)
            m_messages->showMessage(MessageBar::Kind::Error, errorText(s.error()));
        else
            m_messages->showMessage(MessageBar::Kind::Positive, tr("Permissions of %1 saved.").arg(role));
        reload();
        Q_EMIT changed();
    });
}

void RoleMatrix::createRole()
{
    const QString name = m_newRole->text().trimmed();
    if (!m_backend || name.isEmpty())
        return;
    m_backend->createRole(name, {}).then(this, [this, name](Status s) {
        if (!s) {
            m_messages->showMessage(MessageBar::Kind::Error, errorText(s.error()));
            return;
        }
        m_newRole->clear();
        m_messages->showMessage(MessageBar::Kind::Positive, tr("Role %1 created.").arg(name));
        reload();
        Q_EMIT changed();
    });
}

} // namespace gatehouse::ui
