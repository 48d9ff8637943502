#include "services/AuditLog.h"

#include "services/Actor.h"
#include "services/Permissions.h"
#include "store/SqlStatement.h"

namespace gatehouse::core::services {

using store::SqlStatement;

Status AuditLog::record(QSqlDatabase& db, qint64 now, const AuditEntry& e)
{
    auto r =
        SqlStatement::run(db,
                          QStringLiteral("INSERT INTO gh_audit (at, actor_id, actor, action, target, outcome, detail) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                          {e.at ? e.at : now, e.actorId ? QVariant(e.actorId) : QVariant(), e.actor, e.action, e.target,
                           e.outcome, e.detail},
                          QStringLiteral("audit"));
    if (!r)
        return r.error();
    return {};
}

Status AuditLog::recordStandalone(const store::Database& db, qint64 now, const AuditEntry& entry)
{
    return db.write([&](QSqlDatabase& c) { return record(c, now, entry); });
}

Result<QList<AuditEntry>> AuditLog::list(const Principal& principal, const Query& query) const
{
    return m_ctx.db->read<QList<AuditEntry>>([&](QSqlDatabase& c) -> Result<QList<AuditEntry>> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::auditView()); !s)
            return s.error();
        QString sql = QStringLiteral("SELECT id, at, coalesce(actor_id, 0), actor, action, target, outcome, detail "
                                     "FROM gh_audit WHERE 1 = 1");
        QVariantList params;
        if (!query.action.isEmpty()) {
            if (query.action.endsWith(QLatin1Char('.'))) {
                sql += QStringLiteral(" AND substr(action, 1, ?) = ?");
                params << query.action.size() << query.action;
            } else {
                sql += QStringLiteral(" AND action = ?");
                params << query.action;
            }
        }
        if (query.actorId > 0) {
            sql += QStringLiteral(" AND actor_id = ?");
            params << query.actorId;
        }
        // LIKE: ASCII case-insensitive in SQLite; the needle's own wildcards are escaped.
        const auto like = [](QString needle) {
            needle.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
            needle.replace(QLatin1Char('%'), QStringLiteral("\\%"));
            needle.replace(QLatin1Char('_'), QStringLiteral("\\_"));
            return QLatin1Char('%') + needle + QLatin1Char('%');
        };
        if (!query.actorName.isEmpty()) {
            sql += QStringLiteral(" AND actor LIKE ? ESCAPE '\\'");
            params << like(query.actorName);
        }
        if (!query.text.isEmpty()) {
            sql +=
                QStringLiteral(" AND (action LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\' OR "
                               "coalesce(target, '') LIKE ? ESCAPE '\\' OR coalesce(detail, '') LIKE ? ESCAPE '\\')");
            const QString needle = like(query.text);
            params << needle << needle << needle << needle;
        }
        if (!query.outcome.isEmpty()) {
            sql += QStringLiteral(" AND outcome = ?");
            params << query.outcome;
        }
        if (query.since > 0) {
            sql += QStringLiteral(" AND at >= ?");
            params << query.since;
        }
        if (query.until > 0) {
            sql += QStringLiteral(" AND at < ?");
            params << query.until;
        }
        sql += QStringLiteral(" ORDER BY id DESC LIMIT ? OFFSET ?");
        params << qBound(1, query.limit, 10000) << qMax(0, query.offset);
        auto q = SqlStatement::run(c, sql, params, QStringLiteral("audit.list"));
        if (!q)
            return q.error();
        QList<AuditEntry> out;
        while (q.value().next()) {
            const QSqlQuery& r = q.value();
            out << AuditEntry{r.value(0).toLongLong(), r.value(1).toLongLong(), r.value(2).toLongLong(),
                              r.value(3).toString(),   r.value(4).toString(),   r.value(5).toString(),
                              r.value(6).toString(),   r.value(7).toString()};
        }
        return out;
    });
}

} // namespace gatehouse::core::services
