#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "net/HttpClient.h"
#include "net/HttpJob.h"
#include "remote/ApiProfile.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

namespace gatehouse::core::remote {

class CredentialStore;

// The life of one login against one API profile at one base URL: login, authenticated calls, a proactive
// refresh before the access token's exp (scheduled with a QTimer, due time computed from the injected
// Clock), on a 401 one refresh-and-retry and otherwise the end of the session with the reason
// (sessionEnded), logout (the server's logout when the profile has one; tokens wiped from memory, the
// profile's cookie jar cleared, the remembered entry removed).
//
// Async contract: every call returns at once and calls its callback exactly once, later, on this
// object's thread; no nested event loops. Callbacks are dropped if the session is destroyed first.
// Tokens never go into a URL, a log line or an error message.
class RemoteSession : public QObject
{
    Q_OBJECT
public:
    using ResponseCallback = std::function<void(const net::HttpResult&)>;
    using StatusCallback = std::function<void(Status)>;

    // `client` (its cookie jar is the profile's) and `store` (may be null: nothing is remembered) must
    // outlive the session; so must `clock`.
    RemoteSession(net::HttpClient* client, ApiProfile profile, QUrl baseUrl,
                  const Clock& clock = SystemClock::instance(), CredentialStore* store = nullptr,
                  QObject* parent = nullptr);
    ~RemoteSession() override;

    const ApiProfile& profile() const { return m_profile; }
    QUrl baseUrl() const { return m_baseUrl; }
    QString origin() const;
    QUrl urlFor(const QString& pathAndQuery) const;
    net::HttpClient* client() const { return m_client; }

    bool isLoggedIn() const { return m_loggedIn; }
    QString username() const { return m_username; }
    qint64 expiresAt() const { return m_expiresAt; }       // clock seconds; 0 when unknown
    qint64 refreshDueAt() const { return m_refreshDueAt; } // 0: no proactive refresh scheduled
    bool canRefresh() const;
    // The live credential, for the inspector's "Current session" only.
    QByteArray accessToken() const;

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // Unauthenticated calls.
    void registerUser(const QString& username, const QString& password, ResponseCallback done);
    // On success the session is live (and saved to the store when `remember`); the callback gets the
    // login response. Errors: the HTTP layer's codes, auth.no_token when the answer lacks the credential.
    // `remembered` (optional) is called once with the store's answer when `remember` and the login
    // succeeded: vault.* codes, or vault.unavailable when this session has no store.
    void login(const QString& username, const QString& password, bool remember, ResponseCallback done,
               StatusCallback remembered = {});
    // Restores the remembered session of `username`:
    //  - true: live again (the stored access token is unexpired, or a refresh renewed it);
    //  - false: nothing stored (or no store, or no username);
    //  - auth.expired: something was stored but is expired and not refreshable, or the server refused
    //    the refresh; the entry is removed (Error::where: "restore" or the refresh's http.* code);
    //  - the store's codes (vault.unavailable, vault.locked, vault.denied, vault.timeout, ...): entry kept;
    //  - network.* / http.5xx from the refresh: entry kept, to try again at the next start.
    // No sessionEnded() is emitted for a session that never came back.
    void restore(const QString& username, std::function<void(Result<bool>)> done);

    // An authenticated call (`jsonBody` empty: no body). On a 401: one refresh-and-retry when the profile
    // and the session allow it; otherwise (or if that fails) the session ends with the reason.
    void send(const QByteArray& method, const QString& pathAndQuery, const QByteArray& jsonBody, ResponseCallback done,
              bool expectJson = true);
    void refresh(StatusCallback done);
    // Local state is wiped at once and the remembered entry removed; the Status is the server logout's
    // error if any, else the store's (e.g. vault.locked: the entry could not be deleted).
    void logout(StatusCallback done);

Q_SIGNALS:
    void loggedIn();
    void refreshed();
    void sessionEnded(const gatehouse::core::Error& reason);
    // Remembering failed (the keychain said no); the session itself is fine but lasts until the app closes.
    void rememberFailed(const gatehouse::core::Error& reason);

private:
    net::HttpJob* start(const QByteArray& method, const QUrl& url, const QByteArray& body, bool withAuth,
                        bool expectJson = true);
    net::HttpJob* startWithHeaders(const QByteArray& method, const QUrl& url, const QByteArray& body,
                                   net::HeaderList headers, bool expectJson);
    void sendOnce(const QByteArray& method, const QString& pathAndQuery, const QByteArray& jsonBody,
                  ResponseCallback done, bool expectJson, bool retried);
    Status adoptCredentials(const net::HttpResponse& response, bool isRefresh);
    void updateExpiry(const net::HttpResponse* response);
    void scheduleRefresh();
    void finishRefresh(const Status& status);
    void persist(StatusCallback done = {});
    void endSession(const Error& reason);
    void wipeLocal();
    QByteArray cookieValue(const QByteArray& name) const;

    QPointer<net::HttpClient> m_client;
    ApiProfile m_profile;
    QUrl m_baseUrl;
    const Clock* m_clock;
    CredentialStore* m_store = nullptr;
    QString m_username;
    QByteArray m_access;
    QByteArray m_refresh;
    qint64 m_expiresAt = 0;
    qint64 m_refreshDueAt = 0;
    bool m_loggedIn = false;
    bool m_remember = false;
    bool m_refreshing = false;
    int m_timeoutMs = 15000;
    QList<StatusCallback> m_refreshWaiters;
    QTimer m_refreshTimer;
};

// exp of a JWT (read without verification: the client only schedules by it), if it has a numeric one.
std::optional<qint64> jwtExpiry(const QByteArray& token);

} // namespace gatehouse::core::remote
