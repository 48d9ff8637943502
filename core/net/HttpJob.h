#pragma once

#include "common/Result.h"
#include "net/HttpTypes.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>

class QNetworkReply;

namespace gatehouse::core::net {

class HttpClient;

using HttpResult = Result<HttpResponse>;

// One HTTP call: owns its reply, its timeout and its cleanup and emits one typed result.
// - Timeout over the whole call (network.timeout); response size cap enforced while downloading
//   (aborts, http.too_large); 2xx bodies validated as JSON when asked (http.not_json); non-2xx mapped
//   by httperrors::fromStatus.
// - Redirects are decided here (manual policy): up to maxRedirects hops; a hop to another origin (a
//   different scheme, host or port) is sent without Authorization, Proxy-Authorization, Cookie and
//   X-CSRF-TOKEN, and without the profile's cookie jar, for the rest of the call.
// - TLS is verified by Qt; a certificate error is ignored only when the peer certificate's SHA-256 is
//   pinned for that origin and only for errors about that certificate. Otherwise network.tls, with the
//   peer's fingerprint (fingerprintText) in Error::where so a front end can offer to pin it.
// - Every hop goes into the client's TrafficLog; Set-Cookie lines go into the client's cookie jar.
class HttpJob : public QObject
{
    Q_OBJECT
public:
    HttpJob(HttpClient* client, HttpRequest request);
    ~HttpJob() override;

    void start();
    void abort(); // finishes with network.timeout-like "cancelled" (code network.cancelled)

Q_SIGNALS:
    void finished(const gatehouse::core::Result<gatehouse::core::net::HttpResponse>& result);

private:
    void sendHop();
    void onReadyRead();
    void onMetaDataChanged();
    void onSslErrors(const QList<QSslError>& errors);
    void onReplyFinished();
    void onTimeout();
    void finish(HttpResult result);
    void finishLater(Error error);
    void logHop(int status, const QString& errorCode);
    void dropReply(bool abortIt);

    QPointer<HttpClient> m_client;
    HttpRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_hopElapsed;
    qint64 m_hopStartedMs = 0;
    QUrl m_url;
    QByteArray m_method;
    QByteArray m_body;
    HeaderList m_sentHeaders;
    QByteArray m_buffer;
    QString m_origin;
    QString m_peerFingerprint;
    int m_redirects = 0;
    bool m_crossOrigin = false;
    bool m_done = false;
};

} // namespace gatehouse::core::net

Q_DECLARE_METATYPE(gatehouse::core::net::HttpResult)
