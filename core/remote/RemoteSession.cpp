#include "remote/RemoteSession.h"

#include "common/Base64Url.h"
#include "net/HttpClient.h"
#include "remote/CredentialStore.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/crypto.h>

namespace gatehouse::core::remote {

namespace {

void wipeBytes(QByteArray& bytes)
{
    if (!bytes.isEmpty()) {
        bytes.detach();
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
    bytes.clear();
}

QJsonValue dotted(const QJsonDocument& doc, const QString& path)
{
    if (!doc.isObject() || path.isEmpty())
        return {};
    QJsonValue v = doc.object();
    for (const QString& part : path.split(QLatin1Char('.'))) {
        if (!v.isObject())
            return {};
        v = v.toObject().value(part);
    }
    return v;
}

bool isStateChanging(const QByteArray& method)
{
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

} // namespace

std::optional<qint64> jwtExpiry(const QByteArray& token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return std::nullopt;
    const auto payload = base64url::decodeLenient(parts[1]);
    if (!payload.ok)
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(payload.data);
    const QJsonValue exp = doc.object().value(QLatin1String("exp"));
    if (!exp.isDouble())
        return std::nullopt;
    return qint64(exp.toDouble());
}

RemoteSession::RemoteSession(net::HttpClient* client, ApiProfile profile, QUrl baseUrl, const Clock& clock,
                             CredentialStore* store, QObject* parent)
    : QObject(parent), m_client(client), m_profile(std::move(profile)), m_baseUrl(std::move(baseUrl)), m_clock(&clock),
      m_store(store)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this]() { refresh([](Status) {}); });
}

RemoteSession::~RemoteSession()
{
    wipeBytes(m_access);
    wipeBytes(m_refresh);
}

QString RemoteSession::origin() const
{
    return net::originOf(m_baseUrl);
}

QUrl RemoteSession::urlFor(const QString& pathAndQuery) const
{
    QUrl url = m_baseUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
    url.setPath(base + (q < 0 ? pathAndQuery : pathAndQuery.left(q)));
    url.setQuery(q < 0 ? QString() : pathAndQuery.mid(q + 1));
    return url;
}

QByteArray RemoteSession::accessToken() const
{
    if (m_profile.tokenLocation == TokenLocation::Cookie)
        return cookieValue(m_profile.accessCookie);
    return m_access;
}

QByteArray RemoteSession::cookieValue(const QByteArray& name) const
{
    if (!m_client || name.isEmpty())
        return {};
    for (const auto& c : m_client->cookies().cookiesFor(m_baseUrl)) {
        if (c.name == name)
            return c.value;
    }
    // CSRF cookies of flask-jwt-extended are path "/", access cookies may be narrower: look at all.
    for (const auto& c : m_client->cookies().allCookies()) {
        if (c.name == name)
            return c.value;
    }
    return {};
}

bool RemoteSession::canRefresh() const
{
    if (!m_profile.refresh.isSet())
        return false;
    if (m_profile.tokenLocation == TokenLocation::Cookie)
        return !m_profile.refreshCookie.isEmpty() && !cookieValue(m_profile.refreshCookie).isEmpty();
    return !m_refresh.isEmpty();
}

net::HttpJob* RemoteSession::startWithHeaders(const QByteArray& method, const QUrl& url, const QByteArray& body,
                                              net::HeaderList headers, bool expectJson)
{
    net::HttpRequest req;
    req.method = method;
    req.url = url;
    req.body = body;
    req.headers = std::move(headers);
    req.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    req.timeoutMs = m_timeoutMs;
    req.expectJson = expectJson;
    return m_client->send(req);
}

net::HttpJob* RemoteSession::start(const QByteArray& method, const QUrl& url, const QByteArray& body, bool withAuth,
                                   bool expectJson)
{
    net::HeaderList headers;
    if (withAuth) {
        if (m_profile.tokenLocation == TokenLocation::Cookie) {
            if (!m_profile.csrfCookie.isEmpty() && isStateChanging(method)) {
                const QByteArray csrf = cookieValue(m_profile.csrfCookie);
                if (!csrf.isEmpty())
                    headers.append({m_profile.csrfHeader, csrf});
            }
        } else if (!m_access.isEmpty()) {
            headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_access});
        }
    }
    return startWithHeaders(method, url, body, std::move(headers), expectJson);
}

void RemoteSession::registerUser(const QString& username, const QString& password, ResponseCallback done)
{
    if (!m_profile.registerEndpoint.isSet()) {
        QTimer::singleShot(0, this, [done]() {
            done(Error::make(QStringLiteral("remote.unsupported"),
                             QStringLiteral("This server offers no registration.")));
        });
        return;
    }
    QJsonObject o{{m_profile.usernameField, username}, {m_profile.passwordField, password}};
    QByteArray body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    auto* job = start(m_profile.registerEndpoint.method, urlFor(m_profile.registerEndpoint.path), body, false);
    wipeBytes(body);
    connect(job, &net::HttpJob::finished, this, [done](const net::HttpResult& r) { done(r); });
}

void RemoteSession::login(const QString& username, const QString& password, bool remember, ResponseCallback done,
                          StatusCallback remembered)
{
    wipeLocal();
    QJsonObject o{{m_profile.usernameField, username}, {m_profile.passwordField, password}};
    QByteArray body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    auto* job = start(m_profile.login.method, urlFor(m_profile.login.path), body, false);
    wipeBytes(body);
    connect(job, &net::HttpJob::finished, this, [this, done, username, remember, remembered](const net::HttpResult& r) {
        if (!r.ok()) {
            done(r);
            return;
        }
        const Status adopted = adoptCredentials(r.value(), false);
        if (!adopted.ok()) {
            done(adopted.error());
            return;
        }
        m_username = username;
        m_remember = remember;
        m_loggedIn = true;
        updateExpiry(&r.value());
        scheduleRefresh();
        if (m_remember)
            persist(remembered);
        Q_EMIT loggedIn();
        done(r);
    });
}

Status RemoteSession::adoptCredentials(const net::HttpResponse& response, bool isRefresh)
{
    const auto missing = [&]() {
        return Error::make(
            QStringLiteral("auth.no_token"),
            isRefresh ? QStringLiteral("The refresh answer carries no new access token.")
                      : QStringLiteral("The login answer carries no token where the API profile says it would."));
    };
    switch (m_profile.tokenLocation) {
    case TokenLocation::Body: {
        const QJsonValue token = dotted(response.json, m_profile.tokenField);
        if (!token.isString() || token.toString().isEmpty())
            return missing();
        wipeBytes(m_access);
        m_access = token.toString().toUtf8();
        break;
    }
    case TokenLocation::Header: {
        QByteArray value = response.header(m_profile.tokenHeader).trimmed();
        if (value.startsWith("Bearer "))
            value = value.mid(7).trimmed();
        if (value.isEmpty())
            return missing();
        wipeBytes(m_access);
        m_access = value;
        break;
    }
    case TokenLocation::Cookie:
        if (cookieValue(m_profile.accessCookie).isEmpty())
            return missing();
        break;
    }
    if (!m_profile.refreshTokenField.isEmpty()) {
        const QJsonValue refresh = dotted(response.json, m_profile.refreshTokenField);
        if (refresh.isString() && !refresh.toString().isEmpty()) {
            wipeBytes(m_refresh);
            m_refresh = refresh.toString().toUtf8();
        }
    }
    return {};
}

void RemoteSession::updateExpiry(const net::HttpResponse* response)
{
    m_expiresAt = 0;
    if (const auto exp = jwtExpiry(accessToken())) {
        m_expiresAt = *exp;
        return;
    }
    if (response && !m_profile.expiresInField.isEmpty()) {
        const QJsonValue v = dotted(response->json, m_profile.expiresInField);
        if (v.isDouble() && v.toDouble() > 0)
            m_expiresAt = m_clock->nowSeconds() + qint64(v.toDouble());
    }
}

void RemoteSession::scheduleRefresh()
{
    m_refreshTimer.stop();
    m_refreshDueAt = 0;
    if (!m_loggedIn || m_expiresAt <= 0 || !canRefresh())
        return;
    const qint64 now = m_clock->nowSeconds();
    const qint64 lifetime = m_expiresAt - now;
    // Refresh a quarter of the remaining lifetime before exp (at least 1 s, at most 60 s early) so a
    // call made just before expiry does not race it.
    const qint64 margin = qBound(qint64(1), lifetime / 4, qint64(60));
    m_refreshDueAt = m_expiresAt - margin;
    const qint64 delayMs = qMax<qint64>(0, (m_refreshDueAt - now) * 1000);
    m_refreshTimer.start(int(qMin<qint64>(delayMs, 24LL * 3600 * 1000)));
}

void RemoteSession::refresh(StatusCallback done)
{
    m_refreshWaiters.append(std::move(done));
    if (m_refreshing)
        return;
    if (!canRefresh()) {
        QTimer::singleShot(0, this, [this]() {
            finishRefresh(
                Error::make(QStringLiteral("auth.no_refresh"), QStringLiteral("This session cannot be refreshed.")));
        });
        m_refreshing = true;
        return;
    }
    m_refreshing = true;
    net::HeaderList headers;
    if (m_profile.tokenLocation == TokenLocation::Cookie) {
        const QByteArray csrf = cookieValue(m_profile.csrfRefreshCookie);
        if (!csrf.isEmpty() && isStateChanging(m_profile.refresh.method))
            headers.append({m_profile.csrfHeader, csrf});
    } else {
        headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_refresh});
    }
    auto* job =
        startWithHeaders(m_profile.refresh.method, urlFor(m_profile.refresh.path), {}, std::move(headers), true);
    connect(job, &net::HttpJob::finished, this, [this](const net::HttpResult& r) {
        if (!r.ok()) {
            finishRefresh(r.error());
            return;
        }
        const Status adopted = adoptCredentials(r.value(), true);
        if (!adopted.ok()) {
            finishRefresh(adopted.error());
            return;
        }
        m_loggedIn = true;
        updateExpiry(&r.value());
        scheduleRefresh();
        if (m_remember)
            persist();
        Q_EMIT refreshed();
        finishRefresh(Status());
    });
}

void RemoteSession::finishRefresh(const Status& status)
{
    m_refreshing = false;
    const auto waiters = std::exchange(m_refreshWaiters, {});
    if (!status.ok() && status.error().code.startsWith(QLatin1String("http.401")))
        endSession(Error::make(QStringLiteral("auth.expired"),
                               QStringLiteral("The session could not be renewed; please log in again."),
                               status.error().code));
    for (const auto& w : waiters)
        w(status);
}

void RemoteSession::send(const QByteArray& method, const QString& pathAndQuery, const QByteArray& jsonBody,
                         ResponseCallback done, bool expectJson)
{
    sendOnce(method, pathAndQuery, jsonBody, std::move(done), expectJson, false);
}

void RemoteSession::sendOnce(const QByteArray& method, const QString& pathAndQuery, const QByteArray& jsonBody,
                             ResponseCallback done, bool expectJson, bool retried)
{
    if (!m_loggedIn) {
        QTimer::singleShot(0, this, [done]() {
            done(Error::make(QStringLiteral("auth.required"), QStringLiteral("Please log in first.")));
        });
        return;
    }
    auto* job = start(method, urlFor(pathAndQuery), jsonBody, true, expectJson);
    connect(
        job, &net::HttpJob::finished, this,
        [this, method, pathAndQuery, jsonBody, done, expectJson, retried](const net::HttpResult& r) {
            if (r.ok() || !r.error().code.startsWith(QLatin1String("http.401"))) {
                done(r);
                return;
            }
            if (retried || !canRefresh()) {
                endSession(
                    Error::make(QStringLiteral("auth.expired"),
                                r.error().code == QLatin1String("http.401.expired")
                                    ? QStringLiteral("The session has expired; please log in again.")
                                    : QStringLiteral("The server no longer accepts this session; please log in again."),
                                r.error().code));
                done(r);
                return;
            }
            refresh([this, method, pathAndQuery, jsonBody, done, expectJson, r](Status s) {
                if (!s.ok()) {
                    if (m_loggedIn)
                        endSession(Error::make(QStringLiteral("auth.expired"),
                                               QStringLiteral("The session could not be renewed; please log in again."),
                                               s.error().code));
                    done(r);
                    return;
                }
                sendOnce(method, pathAndQuery, jsonBody, done, expectJson, true);
            });
        });
}

void RemoteSession::persist(StatusCallback done)
{
    if (!m_store || m_username.isEmpty()) {
        if (done)
            QTimer::singleShot(0, this, [done]() {
                done(Error::make(QStringLiteral("vault.unavailable"),
                                 QStringLiteral("No keychain is available, so this session lasts until Gatehouse "
                                                "closes.")));
            });
        return;
    }
    StoredSession s;
    s.accessToken = m_access;
    s.refreshToken = m_refresh;
    if (m_profile.tokenLocation == TokenLocation::Cookie) {
        // Every cookie of the profile's origin that the credential depends on, as "name=value" lines.
        QList<QByteArray> lines;
        for (const QByteArray& name :
             {m_profile.accessCookie, m_profile.refreshCookie, m_profile.csrfCookie, m_profile.csrfRefreshCookie}) {
            const QByteArray v = cookieValue(name);
            if (!name.isEmpty() && !v.isEmpty())
                lines.append(name + '=' + v);
        }
        s.sessionCookie = lines.join('\n');
    }
    QPointer<RemoteSession> self(this);
    m_store->save(origin(), m_username, s, [self, done](Status st) {
        if (!self)
            return;
        if (!st.ok())
            Q_EMIT self->rememberFailed(st.error());
        if (done)
            done(st);
    });
    s.wipe();
}

void RemoteSession::restore(const QString& username, std::function<void(Result<bool>)> done)
{
    if (!m_store || username.isEmpty()) {
        QTimer::singleShot(0, this, [done]() { done(false); });
        return;
    }
    QPointer<RemoteSession> self(this);
    m_store->load(origin(), username, [self, username, done](Result<std::optional<StoredSession>> loaded) {
        if (!self)
            return;
        if (!loaded.ok()) {
            done(loaded.error()); // the store's own code (vault.*); the entry is left alone
            return;
        }
        if (!loaded.value() || loaded.value()->isEmpty()) {
            done(false);
            return;
        }
        StoredSession s = std::move(*loaded.value());
        self->wipeLocal();
        self->m_access = s.accessToken;
        self->m_refresh = s.refreshToken;
        if (!s.sessionCookie.isEmpty()) {
            for (const QByteArray& line : s.sessionCookie.split('\n'))
                (void)self->m_client->cookies().setCookie(self->m_baseUrl, line + "; Path=/");
        }
        s.wipe();
        self->m_username = username;
        self->m_remember = true;
        self->updateExpiry(nullptr);
        const qint64 now = self->m_clock->nowSeconds();
        if (self->m_expiresAt == 0 || self->m_expiresAt > now + 2) {
            self->m_loggedIn = true;
            self->scheduleRefresh();
            done(true);
            return;
        }
        // Expired: not logged in while the refresh runs, so a refused refresh ends nothing the front end
        // ever saw (no sessionEnded), it only drops the stale entry.
        const auto stale = [self, username, done](const QString& detail) {
            self->wipeLocal();
            self->m_store->remove(self->origin(), username, [](Status) {});
            done(Error::make(QStringLiteral("auth.expired"),
                             QStringLiteral("The remembered session has expired; please log in again."), detail));
        };
        if (!self->canRefresh()) {
            stale(QStringLiteral("restore"));
            return;
        }
        self->refresh([self, stale, done](Status st) {
            if (!self)
                return;
            if (st.ok()) {
                done(true);
                return;
            }
            const QString& code = st.error().code;
            const bool refused = code.startsWith(QLatin1String("http.401")) || code == QLatin1String("http.400") ||
                                 code == QLatin1String("http.403") || code == QLatin1String("http.422") ||
                                 code.startsWith(QLatin1String("auth."));
            if (refused) {
                stale(st.error().code);
                return;
            }
            // The server could not be asked (down, 5xx, timeout): keep the entry for the next start.
            self->wipeLocal();
            done(st.error());
        });
    });
}

void RemoteSession::logout(StatusCallback done)
{
    const QString username = m_username;
    // Local state goes at once; the callback waits for the store's answer so a keychain that could not
    // delete the entry is reported (after the server's own error, which matters more).
    const auto finishLocal = [this, username, done](Status server) {
        wipeLocal();
        if (!m_store || username.isEmpty()) {
            done(server);
            return;
        }
        QPointer<RemoteSession> self(this);
        m_store->remove(origin(), username, [self, server, done](Status removed) {
            if (self)
                done(!server.ok() ? server : removed);
        });
    };
    if (!m_loggedIn || !m_profile.logout.isSet()) {
        QTimer::singleShot(0, this, [finishLocal]() { finishLocal(Status()); });
        return;
    }
    QByteArray body;
    if (!m_profile.refreshTokenField.isEmpty() && !m_refresh.isEmpty() && m_profile.logout.method != "GET")
        body = QJsonDocument(QJsonObject{{m_profile.refreshTokenField, QString::fromUtf8(m_refresh)}})
                   .toJson(QJsonDocument::Compact);
    auto* job = start(m_profile.logout.method, urlFor(m_profile.logout.path), body, true, false);
    wipeBytes(body);
    connect(job, &net::HttpJob::finished, this,
            [finishLocal](const net::HttpResult& r) { finishLocal(r.ok() ? Status() : Status(r.error())); });
}

void RemoteSession::endSession(const Error& reason)
{
    const QString username = m_username;
    const bool wasLoggedIn = m_loggedIn;
    wipeLocal();
    if (m_store && !username.isEmpty())
        m_store->remove(origin(), username, [](Status) {});
    if (wasLoggedIn)
        Q_EMIT sessionEnded(reason);
}

void RemoteSession::wipeLocal()
{
    m_refreshTimer.stop();
    wipeBytes(m_access);
    wipeBytes(m_refresh);
    m_expiresAt = 0;
    m_refreshDueAt = 0;
    m_loggedIn = false;
    m_username.clear();
    if (m_client)
        m_client->cookies().clear();
}

} // namespace gatehouse::core::remote
