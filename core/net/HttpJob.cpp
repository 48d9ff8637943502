#include "net/HttpJob.h"

#include "net/HttpClient.h"
#include "net/HttpErrors.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace gatehouse::core::net {

namespace {

bool isCredentialHeader(QByteArrayView name)
{
    for (const char* s : {"authorization", "proxy-authorization", "cookie", "x-csrf-token"}) {
        if (name.compare(QByteArrayView(s), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Certificate problems a pinned self-signed certificate legitimately has. Expiry, revocation and
// the like stay fatal even for a pinned certificate.
bool pinnable(QSslError::SslError e)
{
    switch (e) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::HostNameMismatch:
        return true;
    default:
        return false;
    }
}

} // namespace

HttpJob::HttpJob(HttpClient* client, HttpRequest request)
    : QObject(client), m_client(client), m_request(std::move(request))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpJob::onTimeout);
}

HttpJob::~HttpJob()
{
    dropReply(true);
}

void HttpJob::start()
{
    m_elapsed.start();
    m_url = m_request.url;
    m_method = m_request.method.toUpper();
    m_body = m_request.body;
    m_origin = originOf(m_url);
    if (!m_url.isValid() || (m_url.scheme() != QLatin1String("http") && m_url.scheme() != QLatin1String("https"))) {
        finishLater(Error::make(QStringLiteral("network.url"), QStringLiteral("Not an http or https URL.")));
        return;
    }
    if (!m_url.userInfo().isEmpty()) {
        // Credentials never travel in a URL (they end up in logs and histories).
        finishLater(Error::make(QStringLiteral("network.url"), QStringLiteral("URLs must not contain credentials.")));
        return;
    }
    if (!m_client || !m_client->networkAccessManager()) {
        finishLater(Error::make(QStringLiteral("network.unreachable"), QStringLiteral("No network access.")));
        return;
    }
    m_timer.start(qMax(1, m_request.timeoutMs));
    sendHop();
}

void HttpJob::abort()
{
    if (m_done)
        return;
    dropReply(true);
    finish(Error::make(QStringLiteral("network.cancelled"), QStringLiteral("The request was cancelled.")));
}

void HttpJob::sendHop()
{
    m_buffer.clear();
    m_peerFingerprint.clear();
    QNetworkRequest req(m_url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    m_sentHeaders.clear();
    for (const auto& h : m_request.headers) {
        if (m_crossOrigin && isCredentialHeader(h.first))
            continue;
        req.setRawHeader(h.first, h.second);
        m_sentHeaders.append(h);
    }
    if (!m_crossOrigin) {
        const QByteArray cookie = m_client->cookies().cookieHeaderFor(m_url);
        if (!cookie.isEmpty()) {
            req.setRawHeader("Cookie", cookie);
            m_sentHeaders.append({QByteArrayLiteral("Cookie"), cookie});
        }
    }
    if (!m_body.isEmpty() && req.header(QNetworkRequest::ContentTypeHeader).isNull())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));

    m_hopStartedMs = QDateTime::currentMSecsSinceEpoch();
    m_hopElapsed.start();
    QNetworkReply* reply = m_client->networkAccessManager()->sendCustomRequest(req, m_method, m_body);
    m_reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &HttpJob::onReadyRead);
    connect(reply, &QNetworkReply::metaDataChanged, this, &HttpJob::onMetaDataChanged);
    connect(reply, &QNetworkReply::sslErrors, this, &HttpJob::onSslErrors);
    connect(reply, &QNetworkReply::finished, this, &HttpJob::onReplyFinished);
}

void HttpJob::onMetaDataChanged()
{
    if (!m_reply || m_done)
        return;
    bool ok = false;
    const qint64 announced = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (ok && announced > m_request.maxResponseBytes) {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        logHop(status, QStringLiteral("http.too_large"));
        dropReply(true);
        finish(Error::make(
            QStringLiteral("http.too_large"),
            QStringLiteral("The answer is larger than the %1 bytes allowed.").arg(m_request.maxResponseBytes)));
    }
}

void HttpJob::onReadyRead()
{
    if (!m_reply || m_done)
        return;
    m_buffer += m_reply->readAll();
    if (m_buffer.size() > m_request.maxResponseBytes) {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        logHop(status, QStringLiteral("http.too_large"));
        dropReply(true);
        m_buffer.clear();
        finish(Error::make(
            QStringLiteral("http.too_large"),
            QStringLiteral("The answer is larger than the %1 bytes allowed.").arg(m_request.maxResponseBytes)));
    }
}

void HttpJob::onSslErrors(const QList<QSslError>& errors)
{
    if (!m_reply)
        return;
    const QSslCertificate peer = m_reply->sslConfiguration().peerCertificate();
    if (peer.isNull())
        return;
    const QByteArray digest = peer.digest(QCryptographicHash::Sha256);
    m_peerFingerprint = fingerprintText(digest);
    const QByteArray pin = m_client ? m_client->pinFor(m_url) : QByteArray();
    if (pin.isEmpty() || pin != digest)
        return; // not ignored: the handshake fails and finished() reports network.tls
    QList<QSslError> ignorable;
    for (const QSslError& e : errors) {
        const bool aboutPeer = e.certificate().isNull() || e.certificate() == peer;
        if (!aboutPeer || !pinnable(e.error()))
            return; // any other problem stays fatal
        ignorable.append(e);
    }
    m_reply->ignoreSslErrors(ignorable);
}

void HttpJob::onReplyFinished()
{
    if (!m_reply || m_done)
        return;
    QNetworkReply* reply = m_reply;
    m_buffer += reply->readAll();
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttr.isValid() ? statusAttr.toInt() : 0;
    const QNetworkReply::NetworkError netError = reply->error();

    HeaderList headers;
    for (const auto& pair : reply->rawHeaderPairs()) {
        // Qt joins repeated Set-Cookie lines with '\n'; keep each as its own header.
        if (pair.first.compare("set-cookie", Qt::CaseInsensitive) == 0) {
            for (const QByteArray& line : pair.second.split('\n'))
                headers.append({pair.first, line});
        } else {
            headers.append(pair);
        }
    }

    // Transport failures (codes below 100: refused, closed mid-answer, TLS, timeout) win over a status
    // line that may already have arrived.
    if (status == 0 || (netError != QNetworkReply::NoError && int(netError) < 100)) {
        Error error = httperrors::fromNetworkError(netError, reply->errorString());
        if (error.code == QLatin1String("network.tls"))
            error.where = m_peerFingerprint;
        logHop(0, error.code);
        dropReply(false);
        finish(std::move(error));
        return;
    }
    if (m_buffer.size() > m_request.maxResponseBytes) {
        logHop(status, QStringLiteral("http.too_large"));
        dropReply(false);
        finish(Error::make(
            QStringLiteral("http.too_large"),
            QStringLiteral("The answer is larger than the %1 bytes allowed.").arg(m_request.maxResponseBytes)));
        return;
    }

    // Cookies of every hop go into the profile's jar (the jar only ever returns them to matching hosts).
    QList<QByteArray> setCookies;
    for (const auto& h : headers) {
        if (h.first.compare("set-cookie", Qt::CaseInsensitive) == 0) {
            setCookies.append(h.second);
            (void)m_client->cookies().setCookie(m_url, h.second);
        }
    }

    HttpResponse response;
    response.status = status;
    response.url = m_url;
    response.headers = headers;

    const bool redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (redirect && !response.header("Location").isEmpty()) {
        logHop(status, {});
        dropReply(false);
        if (++m_redirects > m_request.maxRedirects) {
            finish(Error::make(QStringLiteral("network.redirects"), QStringLiteral("Too many redirects.")));
            return;
        }
        const QUrl next = m_url.resolved(QUrl::fromEncoded(response.header("Location")));
        if (!next.isValid() || (next.scheme() != QLatin1String("http") && next.scheme() != QLatin1String("https")) ||
            !next.userInfo().isEmpty()) {
            finish(Error::make(QStringLiteral("network.redirects"),
                               QStringLiteral("The server redirected to an unusable URL.")));
            return;
        }
        if (originOf(next) != m_origin)
            m_crossOrigin = true; // sticky: once credentials are dropped they stay dropped
        if (status == 303 || ((status == 301 || status == 302) && m_method == "POST")) {
            m_method = "GET";
            m_body.clear();
        }
        m_url = next;
        sendHop();
        return;
    }

    response.body = std::move(m_buffer);
    response.elapsedMs = m_elapsed.elapsed();
    if (status < 200 || status >= 300) {
        const Error error = httperrors::fromStatus(status, response.body, response.header("WWW-Authenticate"),
                                                   response.header("Retry-After"));
        logHop(status, error.code);
        dropReply(false);
        finish(error);
        return;
    }
    if (m_request.expectJson && !response.body.trimmed().isEmpty()) {
        QJsonParseError parseError;
        response.json = QJsonDocument::fromJson(response.body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            logHop(status, QStringLiteral("http.not_json"));
            dropReply(false);
            finish(Error::make(QStringLiteral("http.not_json"),
                               QStringLiteral("The server's answer is not valid JSON (%1 at byte %2).")
                                   .arg(parseError.errorString())
                                   .arg(parseError.offset)));
            return;
        }
    }
    logHop(status, {});
    dropReply(false);
    finish(std::move(response));
}

void HttpJob::onTimeout()
{
    if (m_done)
        return;
    logHop(0, QStringLiteral("network.timeout"));
    dropReply(true);
    finish(Error::make(QStringLiteral("network.timeout"),
                       QStringLiteral("The server did not answer within %1 ms.").arg(m_request.timeoutMs)));
}

void HttpJob::logHop(int status, const QString& errorCode)
{
    if (!m_client)
        return;
    TrafficEntry e;
    e.startedAtMs = m_hopStartedMs;
    e.elapsedMs = m_hopElapsed.isValid() ? m_hopElapsed.elapsed() : 0;
    e.method = m_method;
    e.url = m_url;
    e.status = status;
    e.errorCode = errorCode;
    e.requestHeaders = m_sentHeaders;
    e.credentialsDropped = m_crossOrigin;
    if (m_reply) {
        for (const auto& pair : m_reply->rawHeaderPairs()) {
            if (pair.first.compare("set-cookie", Qt::CaseInsensitive) == 0) {
                for (const QByteArray& line : pair.second.split('\n')) {
                    e.responseHeaders.append({pair.first, line});
                    e.setCookies.append(line);
                }
            } else {
                e.responseHeaders.append(pair);
            }
        }
    }
    e.responseBytes = m_buffer.size();
    m_client->trafficLog().add(std::move(e));
}

void HttpJob::dropReply(bool abortIt)
{
    if (!m_reply)
        return;
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (abortIt)
        reply->abort();
    reply->deleteLater();
}

void HttpJob::finish(HttpResult result)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    Q_EMIT finished(result);
    deleteLater();
}

void HttpJob::finishLater(Error error)
{
    QMetaObject::invokeMethod(
        this, [this, error]() { finish(error); }, Qt::QueuedConnection);
}

} // namespace gatehouse::core::net
