#pragma once

#include "backend/Backend.h"
#include "services/AccountService.h"
#include "services/AuditLog.h"
#include "services/ProductService.h"
#include "services/RoleService.h"
#include "services/ServiceContext.h"
#include "services/TaskService.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <utility>

namespace gatehouse::core::remote {
class CredentialStore;
}

namespace gatehouse::core::backend {

// Local mode: the Backend interface over the core services on one SQLite file. Every call runs on a
// private single-thread pool (so calls run in order and the Database uses one connection for them all),
// never on the caller's thread. The session (Principal and token) lives here; it is read and written under
// a mutex because workers set it. A call that finds the session no longer valid (auth.session_invalid: the
// password was changed or reset elsewhere, the account disabled or deleted) drops it. The destructor waits for queued
// calls: keep the backend alive while the window uses it, and continue futures with a context object (Backend.h).
//
// Remember me (with a CredentialStore; the app passes the same vault::VaultCredentialStore as remote mode):
// the keychain entry is (origin(), username) with origin "local:<databaseId>" (the random id in gh_meta, so
// it follows the file when it moves), holding the local session token as StoredSession::accessToken.
//  - login(..., remember = true): saved once the session is established; the future finishes when the
//    store answered. A keychain failure is SessionInfo::rememberError (vault.*); the login still succeeds.
//  - restoreSession() without a live session: the store's rememberedUsername(origin()); none, or nothing
//    stored, is an invalid SessionInfo. A stored token is checked like any session token (signature with
//    the per-database key, expiry, credential epoch): valid gives a session with remembered = true; refused
//    (auth.*) removes the entry and answers auth.expired (Error::where: the refusal's code); a keychain
//    error is its vault.* code; db.* and keystore.* pass through and keep the entry.
//  - changePassword() of a remembered session saves the renewed token (a keychain refusal there is not
//    reported: the change stands, and the next restore forgets the old token).
//  - logout(): removes the entry; its Status reports the keychain's error (e.g. vault.locked).
// The store is only called on the thread that created the backend (its callbacks come back there), never
// from the worker; nothing blocks and no nested event loop runs.
class LocalBackend final : public Backend
{
public:
    // `context.db` must be open; `context.keys`, `context.clock` and `store` (null: nothing is remembered)
    // must outlive the backend.
    explicit LocalBackend(services::ServiceContext context, remote::CredentialStore* store = nullptr);
    ~LocalBackend() override;

    // The keychain origin of this database's sessions: "local:" + its databaseId.
    QString origin() const;
    // Who restoreSession() would restore (not a secret; no keychain access). Empty: nobody.
    QString rememberedUsername() const;

    QString describe() const override;
    Capabilities capabilities() const override;
    SessionInfo session() const override;

    QFuture<Result<bool>> needsFirstAdmin() override;
    QFuture<Result<SessionInfo>> createFirstAdmin(const QString& username, const QString& password) override;
    QFuture<Result<SessionInfo>> registerUser(const QString& username, const QString& password) override;
    QFuture<Result<SessionInfo>> login(const QString& username, const QString& password, bool remember) override;
    QFuture<Result<SessionInfo>> restoreSession() override;
    QFuture<Status> logout() override;
    QFuture<Status> changePassword(const QString& currentPassword, const QString& newPassword) override;

    QFuture<Result<services::TaskPage>> listTasks(const services::TaskQuery& query) override;
    QFuture<Result<services::Task>> createTask(const QString& title, const QString& description) override;
    QFuture<Result<services::Task>> updateTask(qint64 id, const services::TaskChanges& changes) override;
    QFuture<Status> deleteTask(qint64 id) override;

    QFuture<Result<services::ProductPage>> listProducts(const services::ProductQuery& query) override;
    QFuture<Result<services::Product>> createProduct(const QString& name, double price) override;
    QFuture<Result<services::Product>> updateProduct(qint64 id, const services::ProductChanges& changes) override;
    QFuture<Status> deleteProduct(qint64 id) override;

    QFuture<Result<QList<services::UserSummary>>> listUsers() override;
    QFuture<Result<qint64>> createUser(const QString& username, const QString& password,
                                       const QStringList& roles) override;
    QFuture<Status> setUserDisabled(qint64 userId, bool disabled) override;
    QFuture<Status> unlockUser(qint64 userId) override;
    QFuture<Status> resetPassword(qint64 userId, const QString& temporaryPassword) override;
    QFuture<Status> deleteUser(qint64 userId) override;
    QFuture<Status> assignRole(qint64 userId, const QString& role) override;
    QFuture<Status> unassignRole(qint64 userId, const QString& role) override;

    QFuture<Result<QList<services::RoleInfo>>> listRoles() override;
    QFuture<Status> createRole(const QString& name, const QStringList& permissions) override;
    QFuture<Status> setRolePermissions(const QString& name, const QStringList& permissions) override;
    QFuture<Status> deleteRole(const QString& name) override;

    QFuture<Result<QList<services::AuditEntry>>> auditLog(int limit) override;
    QFuture<Result<QList<services::AuditEntry>>> searchAuditLog(const services::AuditLog::Query& query) override;

    // In one transaction on the pool (ImportExportService); a cancel before COMMIT rolls it back.
    QFuture<Result<services::ImportReport>> importTasks(const QByteArray& data,
                                                        services::ImportExportService::Format format,
                                                        std::shared_ptr<ImportCancel> cancel) override;
    QFuture<Result<services::ImportReport>> importProducts(const QByteArray& data,
                                                           services::ImportExportService::Format format,
                                                           std::shared_ptr<ImportCancel> cancel) override;

private:
    // LocalBackendTransfer.cpp: an import on the pool with the future's progress and both cancels wired in.
    QFuture<Result<services::ImportReport>> runImport(QByteArray data, services::ImportExportService::Format format,
                                                      bool products, std::shared_ptr<ImportCancel> cancel);
    template <typename T>
    QFuture<T> run(std::function<T()> work);
    // The current Principal, or auth.required.
    Result<services::Principal> principal() const;
    // Worker side: roles and permissions of a freshly authenticated Principal; stores the session.
    Result<SessionInfo> establish(const services::LoginResult& login);
    // Forgets the session (wiping the token); also done when a call finds it no longer valid.
    void dropSession();
    // Worker side: the session of a remembered token for `username`, or the verification's error.
    Result<SessionInfo> verifyRemembered(QByteArray token, const QString& username);
    QFuture<Result<SessionInfo>> restoreRemembered(const QString& username);

    services::ServiceContext m_ctx;
    services::AccountService m_accounts;
    services::RoleService m_roles;
    services::TaskService m_tasks;
    services::ProductService m_products;
    services::AuditLog m_audit;

    mutable QMutex m_sessionMutex;
    services::Principal m_principal;
    SessionInfo m_session;

    // A call waiting for the store: its promise, owned here (the store's callback holds a weak reference).
    template <typename T>
    std::pair<QFuture<T>, std::weak_ptr<QPromise<T>>> track();
    template <typename T>
    void settle(const std::weak_ptr<QPromise<T>>& promise, T value);

    remote::CredentialStore* m_store = nullptr;
    QHash<const void*, std::shared_ptr<void>> m_inflight; // the backend's thread only
    bool m_keptInStore = false; // the live session's token is in the store (the backend's thread only)
    QObject m_context;          // continuations that talk to the store run on its thread, and die with the backend

    QThreadPool m_pool;
};

} // namespace gatehouse::core::backend
