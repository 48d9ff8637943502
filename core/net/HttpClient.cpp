#include "net/HttpClient.h"

#include "net/HttpJob.h"

#include <QNetworkAccessManager>

namespace gatehouse::core::net {

HttpClient::HttpClient(QNetworkAccessManager* nam, const Clock& clock, QObject* parent)
    : QObject(parent), m_nam(nam), m_clock(&clock), m_cookies(clock), m_log(new TrafficLog(this))
{
}

HttpClient::~HttpClient() = default;

HttpJob* HttpClient::send(const HttpRequest& request, bool start)
{
    auto* job = new HttpJob(this, request);
    if (start)
        job->start();
    return job;
}

void HttpClient::pinCertificate(const QString& origin, const QByteArray& sha256)
{
    m_pins.insert(origin, sha256);
}

void HttpClient::unpinCertificate(const QString& origin)
{
    m_pins.remove(origin);
}

QByteArray HttpClient::pinFor(const QUrl& url) const
{
    return m_pins.value(originOf(url));
}

} // namespace gatehouse::core::net
