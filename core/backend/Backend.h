#pragma once

#include "backend/ImportCancel.h"
#include "common/Result.h"
#include "services/AuditEntry.h"
#include "services/AuditLog.h"
#include "services/ImportExportService.h"
#include "services/ImportReport.h"
#include "services/Product.h"
#include "services/RoleInfo.h"
#include "services/Task.h"
#include "services/UserSummary.h"

#include <QFuture>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>

namespace gatehouse::core::backend {

// Who is logged in, as every front end sees it in both modes.
struct SessionInfo
{
    qint64 userId = 0;
    QString username;
    QStringList roles;
    QSet<QString> permissions; // the PRODUCT.md permission names; the back end enforces them regardless
    qint64 expiresAt = 0;      // of the access token, seconds since the epoch (0: unknown)
    bool mustChangePassword = false;
    bool remembered = false; // restored from the keychain rather than typed in
    // After login(..., remember = true) only: why the session could not be kept in the keychain (code
    // vault.unavailable, vault.locked, vault.denied, vault.timeout, ...); an empty code when it was kept or
    // remembering was not asked for. The login itself succeeded: the session lasts until Gatehouse closes,
    // and the front end tells the person so.
    Error rememberError;
    // The live credential, for the inspector's "Current session" only. Never log, persist or display it
    // unless the person asks to reveal it.
    QByteArray accessToken;

    bool isValid() const { return userId > 0 || !username.isEmpty(); }
    bool can(const QString& permission) const { return permissions.contains(permission); }
};

// What a back end offers. A remote profile without tasks says so instead of failing every call, and
// `serverNote` carries what the server does offer (for the minimal profile: the protected page's message).
struct Capabilities
{
    bool registration = false;
    bool tasks = false;
    bool products = false;
    bool users = false;
    bool roles = false;
    bool audit = false;
    bool refresh = false;
    bool serverLogout = false;
    bool passwordChange = false;
    QString serverNote;
};

// The one interface the window talks to; the local SQLite and the remote JWT API implement it.
//
// Async contract: every call returns at once with a QFuture that finishes exactly once with a typed
// Result, delivered through `QFuture::then(context, ...)` on the caller's thread; nothing blocks the
// calling (GUI) thread and no call spins a nested event loop. Calls that need a session fail with
// error code "auth.required" when there is none. Permission checks happen behind this interface (core
// services locally, the server remotely): a front end that hides a button is a courtesy, not the check.
// A back end object lives on the thread that created it; its futures may finish on worker threads, so
// always continue with a context object.
class Backend
{
public:
    virtual ~Backend() = default;

    // "Local database /path/gatehouse.sqlite", "https://api.example (Gatehouse REST)"
    virtual QString describe() const = 0;
    virtual Capabilities capabilities() const = 0;
    virtual SessionInfo session() const = 0; // the current one, or an invalid SessionInfo

    // First run: true when a local database has no account yet (remote: always false).
    virtual QFuture<Result<bool>> needsFirstAdmin() = 0;
    virtual QFuture<Result<SessionInfo>> createFirstAdmin(const QString& username, const QString& password) = 0;
    virtual QFuture<Result<SessionInfo>> registerUser(const QString& username, const QString& password) = 0;
    // Errors include auth.invalid (the same for unknown user and wrong password), account.locked
    // (Error::where holds the seconds to wait), account.disabled, and network.* / db.* codes.
    virtual QFuture<Result<SessionInfo>> login(const QString& username, const QString& password, bool remember) = 0;
    // Restores a remembered session from the keychain: an invalid SessionInfo when nothing is stored.
    virtual QFuture<Result<SessionInfo>> restoreSession() = 0;
    // Server logout where the profile has one, keychain entry removed, memory wiped.
    virtual QFuture<Status> logout() = 0;
    virtual QFuture<Status> changePassword(const QString& currentPassword, const QString& newPassword) = 0;

    virtual QFuture<Result<services::TaskPage>> listTasks(const services::TaskQuery& query) = 0;
    virtual QFuture<Result<services::Task>> createTask(const QString& title, const QString& description) = 0;
    virtual QFuture<Result<services::Task>> updateTask(qint64 id, const services::TaskChanges& changes) = 0;
    virtual QFuture<Status> deleteTask(qint64 id) = 0;

    virtual QFuture<Result<services::ProductPage>> listProducts(const services::ProductQuery& query) = 0;
    virtual QFuture<Result<services::Product>> createProduct(const QString& name, double price) = 0;
    virtual QFuture<Result<services::Product>> updateProduct(qint64 id, const services::ProductChanges& changes) = 0;
    virtual QFuture<Status> deleteProduct(qint64 id) = 0;

    virtual QFuture<Result<QList<services::UserSummary>>> listUsers() = 0;
    virtual QFuture<Result<qint64>> createUser(const QString& username, const QString& password,
                                               const QStringList& roles) = 0;
    virtual QFuture<Status> setUserDisabled(qint64 userId, bool disabled) = 0;
    virtual QFuture<Status> unlockUser(qint64 userId) = 0;
    virtual QFuture<Status> resetPassword(qint64 userId, const QString& temporaryPassword) = 0;
    virtual QFuture<Status> deleteUser(qint64 userId) = 0;
    virtual QFuture<Status> assignRole(qint64 userId, const QString& role) = 0;
    virtual QFuture<Status> unassignRole(qint64 userId, const QString& role) = 0;

    virtual QFuture<Result<QList<services::RoleInfo>>> listRoles() = 0;
    virtual QFuture<Status> createRole(const QString& name, const QStringList& permissions) = 0;
    virtual QFuture<Status> setRolePermissions(const QString& name, const QStringList& permissions) = 0;
    virtual QFuture<Status> deleteRole(const QString& name) = 0;

    virtual QFuture<Result<QList<services::AuditEntry>>> auditLog(int limit) = 0;
    // The audit log filtered behind the interface (so filters cover the whole log, not a fetched window):
    // every set field of `query` narrows the result; newest first, at most query.limit (1..10000) entries
    // from query.offset.
    virtual QFuture<Result<QList<services::AuditEntry>>> searchAuditLog(const services::AuditLog::Query& query) = 0;

    // Whole-file imports (ImportExportService's formats and rules: task.create / product.create, every row
    // validated first, a bad row rejects the file with ImportReport::errors and nothing imported).
    // Progress: the future's progressRange/progressValue (rows written of the file's rows). Cancel with
    // `cancel` (may be null): the import answers import.cancelled if it stopped and rolled back, or its
    // report if the cancel came too late (ImportCancel::request() returned false). future.cancel() also
    // stops it, but then the future has no result, even for an import that had begun to commit.
    virtual QFuture<Result<services::ImportReport>> importTasks(const QByteArray& data,
                                                                services::ImportExportService::Format format,
                                                                std::shared_ptr<ImportCancel> cancel) = 0;
    virtual QFuture<Result<services::ImportReport>> importProducts(const QByteArray& data,
                                                                   services::ImportExportService::Format format,
                                                                   std::shared_ptr<ImportCancel> cancel) = 0;
};

} // namespace gatehouse::core::backend
