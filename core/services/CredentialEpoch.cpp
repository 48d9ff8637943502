#include "services/CredentialEpoch.h"

#include "store/SqlStatement.h"

namespace gatehouse::core::services {

using store::SqlStatement;

Result<qint64> CredentialEpoch::current(const QSqlDatabase& db, qint64 userId)
{
    auto q = SqlStatement::run(db, QStringLiteral("SELECT credential_epoch FROM gh_account WHERE user_id = ?"),
                               {userId}, QStringLiteral("epoch"));
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(QStringLiteral("user.not_found"), QStringLiteral("There is no such user."));
    return q.value().value(0).toLongLong();
}

Status CredentialEpoch::bump(const QSqlDatabase& db, qint64 userId)
{
    if (auto r =
            SqlStatement::run(db, QStringLiteral("UPDATE gh_meta SET value = value + 1 WHERE key = 'credential_epoch'"),
                              {}, QStringLiteral("epoch"));
        !r)
        return r.error();
    auto r = SqlStatement::run(db,
                               QStringLiteral("UPDATE gh_account SET credential_epoch = (SELECT value FROM gh_meta "
                                              "WHERE key = 'credential_epoch') WHERE user_id = ?"),
                               {userId}, QStringLiteral("epoch"));
    return r ? Status() : Status(r.error());
}

} // namespace gatehouse::core::services
