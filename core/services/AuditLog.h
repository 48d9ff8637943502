#pragma once

#include "common/Result.h"
#include "services/AuditEntry.h"
#include "services/Principal.h"
#include "services/ServiceContext.h"

#include <QList>
#include <QSqlDatabase>

namespace gatehouse::core::services {

// The audit trail in gh_audit. Successful admin actions are recorded inside their own transaction (so
// the record and the change commit or vanish together); denials and failed logins are recorded in a
// transaction of their own after the action was refused.
class AuditLog
{
public:
    explicit AuditLog(ServiceContext context) : m_ctx(std::move(context)) {}

    // Inside the caller's write transaction; `entry.at` is filled from `now` when 0.
    static Status record(QSqlDatabase& db, qint64 now, const AuditEntry& entry);
    // In a transaction of its own.
    static Status recordStandalone(const store::Database& db, qint64 now, const AuditEntry& entry);

    struct Query
    {
        QString action; // exact match when set, or a prefix ending in "." ("user.")
        qint64 actorId = 0;
        QString actorName; // part of the actor's name at the time (case-insensitive for ASCII); also finds
                           // anonymous attempts by the name they tried
        QString text;      // part of the action, actor, target or detail (case-insensitive for ASCII)
        QString outcome;   // "ok", "denied", "failed"; empty: any
        qint64 since = 0;  // at >= since (seconds; 0: no lower bound)
        qint64 until = 0;  // at < until (seconds; 0: no upper bound)
        int limit = 100;
        int offset = 0;
    };
    // Newest first. Needs audit.view.
    Result<QList<AuditEntry>> list(const Principal& actor, const Query& query) const;

private:
    ServiceContext m_ctx;
};

} // namespace gatehouse::core::services
