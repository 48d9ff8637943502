// RemoteBackend's imports (not offered: see RemoteBackend.h) and filtered audit log.
#include "backend/RemoteBackend.h"

#include <QPromise>

namespace gatehouse::core::backend {

using services::AuditEntry;
using services::AuditLog;
using services::ImportExportService;
using services::ImportReport;

namespace {

constexpr int kServerAuditMax = 1000; // the server's cap on /audit?limit

bool matches(const AuditEntry& e, const AuditLog::Query& q)
{
    if (!q.action.isEmpty()) {
        if (q.action.endsWith(QLatin1Char('.')) ? !e.action.startsWith(q.action) : e.action != q.action)
            return false;
    }
    if (q.actorId > 0 && e.actorId != q.actorId)
        return false;
    if (!q.actorName.isEmpty() && !e.actor.contains(q.actorName, Qt::CaseInsensitive))
        return false;
    if (!q.text.isEmpty()) {
        const auto has = [&q](const QString& s) { return s.contains(q.text, Qt::CaseInsensitive); };
        if (!has(e.action) && !has(e.actor) && !has(e.target) && !has(e.detail))
            return false;
    }
    if (!q.outcome.isEmpty() && e.outcome != q.outcome)
        return false;
    if (q.since > 0 && e.at < q.since)
        return false;
    if (q.until > 0 && e.at >= q.until)
        return false;
    return true;
}

QFuture<Result<ImportReport>> finished(Error error)
{
    QPromise<Result<ImportReport>> promise;
    promise.start();
    promise.addResult(Result<ImportReport>(std::move(error)));
    promise.finish();
    return promise.future();
}

} // namespace

QFuture<Result<QList<AuditEntry>>> RemoteBackend::searchAuditLog(const AuditLog::Query& query)
{
    return auditLog(kServerAuditMax).then([query](Result<QList<AuditEntry>> r) -> Result<QList<AuditEntry>> {
        if (!r)
            return r;
        QList<AuditEntry> out;
        const int limit = qBound(1, query.limit, 10000);
        int skip = qMax(0, query.offset);
        for (const AuditEntry& e : r.value()) {
            if (!matches(e, query))
                continue;
            if (skip > 0) {
                --skip;
                continue;
            }
            out << e;
            if (out.size() >= limit)
                break;
        }
        return out;
    });
}

QFuture<Result<ImportReport>> RemoteBackend::importTasks(const QByteArray&, ImportExportService::Format,
                                                         std::shared_ptr<ImportCancel>)
{
    return finished(unsupported(QStringLiteral("a bulk import of tasks")));
}

QFuture<Result<ImportReport>> RemoteBackend::importProducts(const QByteArray&, ImportExportService::Format,
                                                            std::shared_ptr<ImportCancel>)
{
    return finished(unsupported(QStringLiteral("a bulk import of products")));
}

} // namespace gatehouse::core::backend
