#pragma once

#include "common/Result.h"
#include "services/Principal.h"
#include "services/RoleInfo.h"
#include "services/ServiceContext.h"

#include <QList>
#include <QStringList>

namespace gatehouse::core::services {

// Roles and their permissions. Listing needs role.manage or user.view; everything else role.manage, and
// an actor can only grant (to a role or, through a role, to a user) permissions they hold themselves.
// Built-in roles cannot be renamed or deleted; the admin role's permissions are fixed (all of them).
// Unassigning admin from the last enabled admin is refused (admin.last). Every change is audited.
//
// Error codes: perm.denied, role.not_found, role.exists, role.invalid_name, role.builtin,
// role.unknown_permission, role.in_use, user.not_found, admin.last, db.*.
class RoleService
{
public:
    explicit RoleService(ServiceContext context) : m_ctx(std::move(context)) {}

    Result<QList<RoleInfo>> listRoles(const Principal& actor) const;
    Result<QStringList> rolesOf(const Principal& actor, qint64 userId) const;
    Result<qint64> createRole(const Principal& actor, const QString& name, const QStringList& permissions,
                              const QString& description = {});
    Status renameRole(const Principal& actor, const QString& name, const QString& newName);
    // Refused while users hold the role (role.in_use) unless `force`, which unassigns them.
    Status deleteRole(const Principal& actor, const QString& name, bool force = false);
    Status setRolePermissions(const Principal& actor, const QString& name, const QStringList& permissions);
    Status grant(const Principal& actor, const QString& role, const QString& permission);
    Status revoke(const Principal& actor, const QString& role, const QString& permission);
    Status assign(const Principal& actor, qint64 userId, const QString& role);
    Status unassign(const Principal& actor, qint64 userId, const QString& role);

private:
    Status change(const Principal& actor, const QString& action, const QString& target,
                  const std::function<Status(QSqlDatabase&, const class Actor&)>& body, const QString& detail = {});

    ServiceContext m_ctx;
};

} // namespace gatehouse::core::services
