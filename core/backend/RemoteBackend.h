#pragma once

#include "backend/Backend.h"
#include "common/Clock.h"
#include "net/HttpClient.h"
#include "remote/ApiProfile.h"
#include "remote/RemoteSession.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace gatehouse::core::remote {
class CredentialStore;
}

namespace gatehouse::core::backend {

// The Backend over a remote JWT/session API described by an ApiProfile. Futures finish on this object's
// thread (fulfilled from reply signals through QPromise; nothing blocks). Permission checks are the
// server's: its 403 arrives as perm.denied (Error::where "http.403"). A profile without a resource answers
// remote.unsupported ("This server does not offer ...") for its calls, and capabilities() says so up
// front; serverNote carries the protected page's message for profiles without /me. A login refused by
// the server is auth.invalid; the HTTP layer's codes (network.*, http.*) pass through otherwise. When the
// session ends by itself (a 401 that one refresh could not cure) sessionEnded() says why, and the front
// end goes back to login.
//
// Remember me, for the window (the keychain is behind the CredentialStore given to the constructor;
// the app passes a vault::VaultCredentialStore, tests a fake):
//  - login(user, password, remember = true): the access and refresh tokens (or the session cookie) go to
//    the keychain entry (origin, user). The login succeeds even if the keychain says no; then
//    SessionInfo::rememberError has the reason (vault.unavailable: "no keychain service", vault.locked,
//    vault.denied, vault.timeout) and the window says the session lasts until Gatehouse closes.
//  - At start-up: rememberedUsername() (cheap, no keychain access) tells whether someone was remembered
//    for this URL; restoreSession() then answers
//      ok + valid SessionInfo (remembered = true)   the stored token was valid, or was refreshed;
//      ok + invalid SessionInfo                     nothing stored: show the login page, no message;
//      auth.expired                                 stored but expired and not refreshable, or refused
//                                                   by the server: the entry is removed, "log in again";
//      vault.unavailable / vault.locked / vault.denied / vault.timeout / vault.corrupt
//                                                   the keychain's state, worded in Error::message;
//      network.* / http.5xx                         the server could not be asked: the entry is kept.
//    No sessionEnded() is emitted by a restore that fails.
//  - logout(): server logout where the profile has one, memory wiped, keychain entry removed; its
//    Status reports the server's error first, else the keychain's (e.g. vault.locked).
//  - rememberFailed() tells about a later keychain failure (re-saving refreshed tokens).
class RemoteBackend final : public QObject, public Backend
{
    Q_OBJECT
public:
    // `nam` and `store` (null: nothing is remembered) must outlive the backend, and so must `clock`.
    RemoteBackend(QNetworkAccessManager* nam, remote::ApiProfile profile, QUrl baseUrl,
                  const Clock& clock = SystemClock::instance(), remote::CredentialStore* store = nullptr,
                  QObject* parent = nullptr);
    ~RemoteBackend() override;

    net::HttpClient& httpClient() { return *m_client; }
    remote::RemoteSession& remoteSession() { return *m_session; }
    // The username restoreSession() restores: the one set here, else the store's rememberedUsername() for
    // this origin (not a secret; no keychain access). Empty: nothing to restore.
    void setRememberedUsername(const QString& username) { m_rememberedUsername = username; }
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
    // RemoteBackendTransfer.cpp. The server filters nothing but the limit (at most 1000, newest first):
    // the newest 1000 entries are fetched and filtered here, so remote filters cover only those.
    QFuture<Result<QList<services::AuditEntry>>> searchAuditLog(const services::AuditLog::Query& query) override;
    // remote.unsupported: the server has no bulk import, and row-by-row creates could neither be atomic
    // nor honour "cancel imports nothing"; the window says imports need local mode or a server bulk call.
    QFuture<Result<services::ImportReport>> importTasks(const QByteArray& data,
                                                        services::ImportExportService::Format format,
                                                        std::shared_ptr<ImportCancel> cancel) override;
    QFuture<Result<services::ImportReport>> importProducts(const QByteArray& data,
                                                           services::ImportExportService::Format format,
                                                           std::shared_ptr<ImportCancel> cancel) override;

Q_SIGNALS:
    void sessionEnded(const gatehouse::core::Error& reason);
    // The keychain refused to (re)save the session's credentials; the session itself goes on.
    void rememberFailed(const gatehouse::core::Error& reason);

private:
    template <typename T>
    using Parser = std::function<Result<T>(const net::HttpResponse&)>;

    template <typename T>
    QFuture<Result<T>> call(const QByteArray& method, const QString& path, const QByteArray& body, Parser<T> parse);
    QFuture<Status> callStatus(const QByteArray& method, const QString& path, const QByteArray& body);
    template <typename T>
    static QFuture<Result<T>> ready(Result<T> value);
    QFuture<Result<SessionInfo>> fetchSessionInfo(bool remembered);
    QFuture<Status> changeRoles(qint64 userId, const QString& role, bool add);
    static Error unsupported(const QString& what);

    net::HttpClient* m_client;
    remote::RemoteSession* m_session;
    remote::CredentialStore* m_store = nullptr;
    bool m_restoring = false; // a failing restore ends no session the window knew about
    SessionInfo m_info;
    QString m_serverNote;
    QString m_rememberedUsername;
};

} // namespace gatehouse::core::backend
