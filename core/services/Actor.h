#pragma once

#include "common/Result.h"
#include "services/Principal.h"

#include <QSet>
#include <QSqlDatabase>
#include <QString>

namespace gatehouse::core::services {

// A Principal resolved against the database inside the current transaction: the user still exists, is
// not disabled, its credential epoch is the Principal's, and it holds these permissions (the union of its
// roles').
class Actor
{
public:
    // Errors: auth.session_invalid (user deleted or disabled, password changed or reset since), db.*.
    static Result<Actor> load(const QSqlDatabase& db, const Principal& principal);
    // The permissions a user holds through their roles (for escalation checks on a target user).
    static Result<QSet<QString>> permissionsOf(const QSqlDatabase& db, qint64 userId);

    qint64 userId() const { return m_userId; }
    QString username() const { return m_username; }
    const QSet<QString>& permissions() const { return m_permissions; }
    bool has(const QString& permission) const { return m_permissions.contains(permission); }
    // perm.denied naming the missing permission.
    Status require(const QString& permission) const;
    // perm.denied unless the actor holds every one of `permissions` (no granting or managing beyond
    // one's own rights).
    Status requireAll(const QSet<QString>& permissions, const QString& what) const;

private:
    qint64 m_userId = 0;
    QString m_username;
    QSet<QString> m_permissions;
};

} // namespace gatehouse::core::services
