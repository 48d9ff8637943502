#pragma once

#include "common/Clock.h"
#include "cookie/CookieStore.h"
#include "net/HttpTypes.h"
#include "net/TrafficLog.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <QNetworkAccessManager>

namespace gatehouse::core::net {

class HttpJob;

// The HTTP context of one API profile: the injected QNetworkAccessManager (the seam tests fake), the
// profile's cookie jar (core/cookie, not QNAM's jar, so nothing crosses profiles), its traffic log and
// its pinned self-signed certificates. Lives on one thread; the QNAM must outlive it.
class HttpClient : public QObject
{
    Q_OBJECT
public:
    HttpClient(QNetworkAccessManager* nam, const Clock& clock = SystemClock::instance(), QObject* parent = nullptr);
    ~HttpClient() override;

    // Starts the call (unless `start` is false). The job is a child of this client, emits finished()
    // exactly once and never from inside send()/start() (a refused request finishes on the next event
    // loop turn), so connecting to the returned pointer right away is safe; it deletes itself afterwards.
    HttpJob* send(const HttpRequest& request, bool start = true);

    cookie::CookieStore& cookies() { return m_cookies; }
    TrafficLog& trafficLog() { return *m_log; }
    QNetworkAccessManager* networkAccessManager() const { return m_nam; }

    // Trusts a certificate that does not verify (self-signed) for `origin` (see originOf) if and only if
    // its SHA-256 digest is `sha256`. Verification stays on: only the errors that concern that exact
    // certificate are ignored, and only for that origin.
    void pinCertificate(const QString& origin, const QByteArray& sha256);
    void unpinCertificate(const QString& origin);
    QByteArray pinFor(const QUrl& url) const;

private:
    QPointer<QNetworkAccessManager> m_nam;
    const Clock* m_clock;
    cookie::CookieStore m_cookies;
    TrafficLog* m_log;
    QHash<QString, QByteArray> m_pins;
};

} // namespace gatehouse::core::net
