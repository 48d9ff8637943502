// LocalBackend's whole-file imports and filtered audit log (kept apart from LocalBackend.cpp).
#include "backend/LocalBackend.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace gatehouse::core::backend {

using services::AuditEntry;
using services::AuditLog;
using services::ImportExportService;
using services::ImportReport;

QFuture<Result<ImportReport>> LocalBackend::importTasks(const QByteArray& data, ImportExportService::Format format,
                                                        std::shared_ptr<ImportCancel> cancel)
{
    return runImport(data, format, false, std::move(cancel));
}

QFuture<Result<ImportReport>> LocalBackend::importProducts(const QByteArray& data, ImportExportService::Format format,
                                                           std::shared_ptr<ImportCancel> cancel)
{
    return runImport(data, format, true, std::move(cancel));
}

QFuture<Result<ImportReport>> LocalBackend::runImport(QByteArray data, ImportExportService::Format format,
                                                      bool products, std::shared_ptr<ImportCancel> cancel)
{
    return QtConcurrent::run(&m_pool, [this, data = std::move(data), format, products,
                                       cancel = std::move(cancel)](QPromise<Result<ImportReport>>& promise) {
        auto p = principal();
        if (!p) {
            promise.addResult(Result<ImportReport>(p.error()));
            return;
        }
        ImportExportService::ImportControl control;
        control.progress = [&promise](qint64 done, qint64 total) {
            promise.setProgressRange(0, int(qMin<qint64>(total, INT_MAX)));
            promise.setProgressValue(int(qMin<qint64>(done, INT_MAX)));
        };
        // Polled between batches inside the transaction: a cancel rolls everything back.
        control.isCancelled = [&promise, &cancel] { return promise.isCanceled() || (cancel && cancel->isRequested()); };
        // The token's last word before COMMIT; a cancelled future cannot be vetoed (Qt decides), so a
        // future.cancel() racing the COMMIT still loses the answer: callers wanting it use the token.
        control.beginCommit = [&promise, &cancel] {
            return !promise.isCanceled() && (!cancel || cancel->beginCommit());
        };
        ImportExportService service(m_ctx);
        Result<ImportReport> r = products ? service.importProducts(p.value(), data, format, control)
                                          : service.importTasks(p.value(), data, format, control);
        if (!r.ok() && r.error().code == QLatin1String("auth.session_invalid"))
            dropSession();
        // A cancelled future takes no result (QPromise drops it); import.cancelled is what the service
        // answered, and the caller sees isCanceled().
        promise.addResult(std::move(r));
    });
}

QFuture<Result<QList<AuditEntry>>> LocalBackend::searchAuditLog(const AuditLog::Query& query)
{
    return QtConcurrent::run(&m_pool, [this, query]() -> Result<QList<AuditEntry>> {
        auto p = principal();
        if (!p)
            return p.error();
        Result<QList<AuditEntry>> r = m_audit.list(p.value(), query);
        if (!r.ok() && r.error().code == QLatin1String("auth.session_invalid"))
            dropSession();
        return r;
    });
}

} // namespace gatehouse::core::backend
