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
// remote.unsupported for its calls, and capabilities() says so up front; serverNote carries the
// protected page's message for profiles without /me. A login refused by the server is auth.invalid; the
// HTTP layer's codes (network.*, http.*) pass through otherwise. When the session ends by itself (a 401
// that one refresh could not cure) sessionEnded() says why, and the front end goes back to login.
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
    // The username restoreSession() restores (the vault remembers it per origin; not a secret).
    void setRememberedUsername(const QString& username) { m_rememberedUsername = username; }

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

Q_SIGNALS:
    void sessionEnded(const gatehouse::core::Error& reason);

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
    SessionInfo m_info;
    QString m_serverNote;
    QString m_rememberedUsername;
};

} // namespace gatehouse::core::backend
