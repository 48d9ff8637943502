#include "services/Actor.h"

#include "store/SqlStatement.h"

#include <QStringList>

#include <algorithm>

namespace gatehouse::core::services {

using store::SqlStatement;

Result<QSet<QString>> Actor::permissionsOf(const QSqlDatabase& db, qint64 userId)
{
    auto q =
        SqlStatement::run(db,
                          QStringLiteral("SELECT DISTINCT rp.permission FROM gh_user_role ur "
                                         "JOIN gh_role_permission rp ON rp.role_id = ur.role_id WHERE ur.user_id = ?"),
                          {userId}, QStringLiteral("permissions"));
    if (!q)
        return q.error();
    QSet<QString> out;
    while (q.value().next())
        out.insert(q.value().value(0).toString());
    return out;
}

Result<Actor> Actor::load(const QSqlDatabase& db, const Principal& principal)
{
    const Error invalid = Error::make(QStringLiteral("auth.session_invalid"),
                                      QStringLiteral("The session is no longer valid; log in again."));
    if (!principal.isValid())
        return invalid;
    auto q =
        SqlStatement::run(db,
                          QStringLiteral("SELECT u.username, coalesce(a.disabled, 0), coalesce(a.credential_epoch, "
                                         "-1) FROM \"user\" u LEFT JOIN gh_account a ON a.user_id = u.id "
                                         "WHERE u.id = ?"),
                          {principal.userId()}, QStringLiteral("actor"));
    if (!q)
        return q.error();
    // No gh_account row (-1): the account was deleted and its id reused by another program since.
    if (!q.value().next() || q.value().value(1).toInt() != 0 ||
        q.value().value(2).toLongLong() != principal.credentialEpoch())
        return invalid;
    Actor actor;
    actor.m_userId = principal.userId();
    actor.m_username = q.value().value(0).toString();
    auto perms = permissionsOf(db, principal.userId());
    if (!perms)
        return perms.error();
    actor.m_permissions = perms.value();
    return actor;
}

Status Actor::require(const QString& permission) const
{
    if (m_permissions.contains(permission))
        return {};
    return Error::make(QStringLiteral("perm.denied"),
                       QStringLiteral("You do not have the permission %1.").arg(permission), permission);
}

Status Actor::requireAll(const QSet<QString>& permissions, const QString& what) const
{
    QStringList missing;
    for (const QString& p : permissions) {
        if (!m_permissions.contains(p))
            missing << p;
    }
    if (missing.isEmpty())
        return {};
    std::sort(missing.begin(), missing.end());
    return Error::make(
        QStringLiteral("perm.denied"),
        QStringLiteral("%1 needs permissions you do not have: %2.").arg(what, missing.join(QStringLiteral(", "))),
        missing.join(QLatin1Char(',')));
}

} // namespace gatehouse::core::services
