#include "services/AdminGuard.h"

#include "store/SqlStatement.h"

namespace gatehouse::core::services {

using store::SqlStatement;

namespace {
const QString kActiveAdmins =
    QStringLiteral("SELECT count(*) FROM gh_user_role ur JOIN gh_role r ON r.id = ur.role_id AND r.name = 'admin' "
                   "JOIN \"user\" u ON u.id = ur.user_id LEFT JOIN gh_account a ON a.user_id = ur.user_id "
                   "WHERE coalesce(a.disabled, 0) = 0");
}

Result<bool> AdminGuard::isActiveAdmin(const QSqlDatabase& db, qint64 userId)
{
    auto n = SqlStatement::scalar(db, kActiveAdmins + QStringLiteral(" AND ur.user_id = ?"), {userId},
                                  QStringLiteral("admin.check"));
    if (!n)
        return n.error();
    return n.value().toLongLong() > 0;
}

Status AdminGuard::ensureNotLastAdmin(const QSqlDatabase& db, qint64 userId)
{
    auto isAdmin = isActiveAdmin(db, userId);
    if (!isAdmin)
        return isAdmin.error();
    if (!isAdmin.value())
        return {};
    auto others = SqlStatement::scalar(db, kActiveAdmins + QStringLiteral(" AND ur.user_id <> ?"), {userId},
                                       QStringLiteral("admin.check"));
    if (!others)
        return others.error();
    if (others.value().toLongLong() > 0)
        return {};
    return Error::make(QStringLiteral("admin.last"),
                       QStringLiteral("This is the last administrator: it cannot be deleted, disabled or demoted."));
}

} // namespace gatehouse::core::services
