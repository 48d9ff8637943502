#include "services/RoleService.h"

#include "services/Actor.h"
#include "services/AdminGuard.h"
#include "services/AuditLog.h"
#include "services/Permissions.h"
#include "store/SqlStatement.h"

#include <QRegularExpression>

#include <algorithm>

namespace gatehouse::core::services {

using store::SqlStatement;

namespace {

struct RoleRow
{
    qint64 id = 0;
    QString name;
    bool builtin = false;
};

Result<RoleRow> findRole(const QSqlDatabase& db, const QString& name)
{
    auto q = SqlStatement::run(db, QStringLiteral("SELECT id, name, builtin FROM gh_role WHERE name = ?"), {name},
                               QStringLiteral("role.lookup"));
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(QStringLiteral("role.not_found"), QStringLiteral("There is no such role."), name);
    return RoleRow{q.value().value(0).toLongLong(), q.value().value(1).toString(), q.value().value(2).toInt() != 0};
}

Result<QSet<QString>> rolePermissions(const QSqlDatabase& db, qint64 roleId)
{
    auto q = SqlStatement::run(db, QStringLiteral("SELECT permission FROM gh_role_permission WHERE role_id = ?"),
                               {roleId}, QStringLiteral("role.permissions"));
    if (!q)
        return q.error();
    QSet<QString> out;
    while (q.value().next())
        out.insert(q.value().value(0).toString());
    return out;
}

Status checkRoleName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$"));
    if (!valid.match(name).hasMatch() || name.endsWith(QLatin1Char(' ')))
        return Error::make(QStringLiteral("role.invalid_name"),
                           QStringLiteral("A role name has 1 to 64 letters, digits, spaces, '_', '.' or '-'."), name);
    return {};
}

Status checkPermissions(const QStringList& permissions)
{
    for (const QString& p : permissions) {
        if (!Permissions::isKnown(p))
            return Error::make(QStringLiteral("role.unknown_permission"),
                               QStringLiteral("No permission is called that."), p.left(64));
    }
    return {};
}

Status ensureUser(const QSqlDatabase& db, qint64 userId)
{
    auto n = SqlStatement::scalar(db, QStringLiteral("SELECT count(*) FROM \"user\" WHERE id = ?"), {userId},
                                  QStringLiteral("user.lookup"));
    if (!n)
        return n.error();
    if (n.value().toLongLong() == 0)
        return Error::make(QStringLiteral("user.not_found"), QStringLiteral("There is no such user."));
    return {};
}

Status writePermissions(QSqlDatabase& db, qint64 roleId, const QSet<QString>& permissions)
{
    if (auto r = SqlStatement::run(db, QStringLiteral("DELETE FROM gh_role_permission WHERE role_id = ?"), {roleId},
                                   QStringLiteral("role.permissions"));
        !r)
        return r.error();
    for (const QString& p : permissions) {
        if (auto r = SqlStatement::run(
                db, QStringLiteral("INSERT INTO gh_role_permission (role_id, permission) VALUES (?, ?)"), {roleId, p},
                QStringLiteral("role.permissions"));
            !r)
            return r.error();
    }
    return {};
}

QString joined(QSet<QString> set)
{
    QStringList list(set.begin(), set.end());
    std::sort(list.begin(), list.end());
    return list.join(QLatin1Char(','));
}

} // namespace

Status RoleService::change(const Principal& principal, const QString& action, const QString& target,
                           const std::function<Status(QSqlDatabase&, const Actor&)>& body, const QString& detail)
{
    const qint64 now = m_ctx.clock->nowSeconds();
    QString actorName;
    const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        actorName = actor.value().username();
        if (Status p = actor.value().require(Permissions::roleManage()); !p)
            return p;
        if (Status b = body(c, actor.value()); !b)
            return b;
        return AuditLog::record(c, now,
                                {0, now, principal.userId(), actorName, action, target, QStringLiteral("ok"), detail});
    });
    if (!s && !s.error().code.startsWith(QLatin1String("db."))) {
        const bool denied =
            s.error().code == QLatin1String("perm.denied") || s.error().code == QLatin1String("admin.last");
        (void)AuditLog::recordStandalone(*m_ctx.db, now,
                                         {0, now, principal.userId(), actorName, action, target,
                                          denied ? QStringLiteral("denied") : QStringLiteral("failed"),
                                          s.error().code});
    }
    return s;
}

Result<QList<RoleInfo>> RoleService::listRoles(const Principal& principal) const
{
    return m_ctx.db->read<QList<RoleInfo>>([&](QSqlDatabase& c) -> Result<QList<RoleInfo>> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (!actor.value().has(Permissions::userView()) && !actor.value().has(Permissions::roleManage()))
            return actor.value().require(Permissions::roleManage()).error();
        auto q = SqlStatement::run(c,
                                   QStringLiteral("SELECT r.id, r.name, r.builtin, r.description, "
                                                  "(SELECT count(*) FROM gh_user_role ur WHERE ur.role_id = r.id) "
                                                  "FROM gh_role r ORDER BY r.id"),
                                   {}, QStringLiteral("role.list"));
        if (!q)
            return q.error();
        QList<RoleInfo> out;
        while (q.value().next()) {
            const QSqlQuery& r = q.value();
            RoleInfo info{
                r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toInt() != 0, r.value(3).toString(), {},
                r.value(4).toInt()};
            out << info;
        }
        for (RoleInfo& info : out) {
            auto perms = rolePermissions(c, info.id);
            if (!perms)
                return perms.error();
            info.permissions = QStringList(perms.value().begin(), perms.value().end());
            std::sort(info.permissions.begin(), info.permissions.end());
        }
        return out;
    });
}

Result<QStringList> RoleService::rolesOf(const Principal& principal, qint64 userId) const
{
    return m_ctx.db->read<QStringList>([&](QSqlDatabase& c) -> Result<QStringList> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (userId != principal.userId() && !actor.value().has(Permissions::userView()))
            return actor.value().require(Permissions::userView()).error();
        if (Status s = ensureUser(c, userId); !s)
            return s.error();
        auto q =
            SqlStatement::run(c,
                              QStringLiteral("SELECT r.name FROM gh_user_role ur JOIN gh_role r ON r.id = ur.role_id "
                                             "WHERE ur.user_id = ? ORDER BY r.name"),
                              {userId}, QStringLiteral("role.of"));
        if (!q)
            return q.error();
        QStringList out;
        while (q.value().next())
            out << q.value().value(0).toString();
        return out;
    });
}

Result<qint64> RoleService::createRole(const Principal& principal, const QString& name, const QStringList& permissions,
                                       const QString& description)
{
    qint64 id = 0;
    const QSet<QString> wanted(permissions.begin(), permissions.end());
    const Status s = change(
        principal, QStringLiteral("role.create"), name,
        [&](QSqlDatabase& c, const Actor& actor) -> Status {
            if (Status v = checkRoleName(name); !v)
                return v;
            if (Status v = checkPermissions(permissions); !v)
                return v;
            if (Status v = actor.requireAll(wanted, QStringLiteral("Creating this role")); !v)
                return v;
            auto r = SqlStatement::run(
                c, QStringLiteral("INSERT INTO gh_role (name, builtin, description) VALUES (?, 0, ?)"),
                {name, description}, QStringLiteral("role.create"));
            if (!r) {
                if (r.error().code == QLatin1String("db.constraint"))
                    return Error::make(QStringLiteral("role.exists"), QStringLiteral("A role with that name exists."),
                                       name);
                return r.error();
            }
            id = r.value().lastInsertId().toLongLong();
            return writePermissions(c, id, wanted);
        },
        joined(wanted));
    if (!s)
        return s.error();
    return id;
}

Status RoleService::renameRole(const Principal& principal, const QString& name, const QString& newName)
{
    return change(
        principal, QStringLiteral("role.rename"), name,
        [&](QSqlDatabase& c, const Actor&) -> Status {
            auto role = findRole(c, name);
            if (!role)
                return role.error();
            if (role.value().builtin)
                return Error::make(QStringLiteral("role.builtin"), QStringLiteral("Built-in roles cannot be renamed."),
                                   name);
            if (Status v = checkRoleName(newName); !v)
                return v;
            auto r = SqlStatement::run(c, QStringLiteral("UPDATE gh_role SET name = ? WHERE id = ?"),
                                       {newName, role.value().id}, QStringLiteral("role.rename"));
            if (!r && r.error().code == QLatin1String("db.constraint"))
                return Error::make(QStringLiteral("role.exists"), QStringLiteral("A role with that name exists."),
                                   newName);
            return r ? Status() : Status(r.error());
        },
        newName);
}

Status RoleService::deleteRole(const Principal& principal, const QString& name, bool force)
{
    return change(principal, QStringLiteral("role.delete"), name, [&](QSqlDatabase& c, const Actor&) -> Status {
        auto role = findRole(c, name);
        if (!role)
            return role.error();
        if (role.value().builtin)
            return Error::make(QStringLiteral("role.builtin"), QStringLiteral("Built-in roles cannot be deleted."),
                               name);
        auto members = SqlStatement::scalar(c, QStringLiteral("SELECT count(*) FROM gh_user_role WHERE role_id = ?"),
                                            {role.value().id}, QStringLiteral("role.delete"));
        if (!members)
            return members.error();
        if (members.value().toLongLong() > 0 && !force)
            return Error::make(QStringLiteral("role.in_use"),
                               QStringLiteral("%1 users hold this role.").arg(members.value().toLongLong()), name);
        auto r = SqlStatement::run(c, QStringLiteral("DELETE FROM gh_role WHERE id = ?"), {role.value().id},
                                   QStringLiteral("role.delete"));
        return r ? Status() : Status(r.error());
    });
}

Status RoleService::setRolePermissions(const Principal& principal, const QString& name, const QStringList& permissions)
{
    const QSet<QString> wanted(permissions.begin(), permissions.end());
    return change(
        principal, QStringLiteral("role.permissions"), name,
        [&](QSqlDatabase& c, const Actor& actor) -> Status {
            auto role = findRole(c, name);
            if (!role)
                return role.error();
            if (role.value().name == Permissions::adminRole())
                return Error::make(QStringLiteral("role.builtin"),
                                   QStringLiteral("The admin role always has every permission."), name);
            if (Status v = checkPermissions(permissions); !v)
                return v;
            auto current = rolePermissions(c, role.value().id);
            if (!current)
                return current.error();
            // Adding or removing: both change what others may do, so both need the rights involved.
            QSet<QString> touched = wanted;
            touched.unite(current.value());
            if (Status v = actor.requireAll(touched, QStringLiteral("Editing this role")); !v)
                return v;
            return writePermissions(c, role.value().id, wanted);
        },
        joined(wanted));
}

Status RoleService::grant(const Principal& principal, const QString& role, const QString& permission)
{
    auto roles = listRoles(principal);
    if (!roles)
        return roles.error();
    for (const RoleInfo& r : roles.value()) {
        if (r.name.compare(role, Qt::CaseInsensitive) == 0) {
            QStringList perms = r.permissions;
            if (!perms.contains(permission))
                perms << permission;
            return setRolePermissions(principal, role, perms);
        }
    }
    return Error::make(QStringLiteral("role.not_found"), QStringLiteral("There is no such role."), role);
}

Status RoleService::revoke(const Principal& principal, const QString& role, const QString& permission)
{
    auto roles = listRoles(principal);
    if (!roles)
        return roles.error();
    for (const RoleInfo& r : roles.value()) {
        if (r.name.compare(role, Qt::CaseInsensitive) == 0) {
            QStringList perms = r.permissions;
            perms.removeAll(permission);
            return setRolePermissions(principal, role, perms);
        }
    }
    return Error::make(QStringLiteral("role.not_found"), QStringLiteral("There is no such role."), role);
}

Status RoleService::assign(const Principal& principal, qint64 userId, const QString& roleName)
{
    return change(
        principal, QStringLiteral("role.assign"), QStringLiteral("#%1").arg(userId),
        [&](QSqlDatabase& c, const Actor& actor) -> Status {
            if (Status u = ensureUser(c, userId); !u)
                return u;
            auto role = findRole(c, roleName);
            if (!role)
                return role.error();
            auto perms = rolePermissions(c, role.value().id);
            if (!perms)
                return perms.error();
            if (Status v = actor.requireAll(perms.value(), QStringLiteral("Assigning this role")); !v)
                return v;
            auto r = SqlStatement::run(
                c, QStringLiteral("INSERT OR IGNORE INTO gh_user_role (user_id, role_id) VALUES (?, ?)"),
                {userId, role.value().id}, QStringLiteral("role.assign"));
            return r ? Status() : Status(r.error());
        },
        roleName);
}

Status RoleService::unassign(const Principal& principal, qint64 userId, const QString& roleName)
{
    return change(
        principal, QStringLiteral("role.unassign"), QStringLiteral("#%1").arg(userId),
        [&](QSqlDatabase& c, const Actor& actor) -> Status {
            if (Status u = ensureUser(c, userId); !u)
                return u;
            auto role = findRole(c, roleName);
            if (!role)
                return role.error();
            auto perms = rolePermissions(c, role.value().id);
            if (!perms)
                return perms.error();
            if (Status v = actor.requireAll(perms.value(), QStringLiteral("Unassigning this role")); !v)
                return v;
            if (role.value().name == Permissions::adminRole()) {
                if (Status g = AdminGuard::ensureNotLastAdmin(c, userId); !g)
                    return g;
            }
            auto r = SqlStatement::run(c, QStringLiteral("DELETE FROM gh_user_role WHERE user_id = ? AND role_id = ?"),
                                       {userId, role.value().id}, QStringLiteral("role.unassign"));
            return r ? Status() : Status(r.error());
        },
        roleName);
}

} // namespace gatehouse::core::services
