#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QUrl>

namespace gatehouse::core::net {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One HTTP call as the client wants it. Credentials go into `headers` (never into `url`: the job
// refuses URLs with user info); the job drops the credential headers when a redirect leaves the origin.
struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;
    bool expectJson = true; // a non-empty 2xx body must be JSON (http.not_json otherwise)
    int timeoutMs = 15000;  // for the whole call, redirects included
    qint64 maxResponseBytes = 4 * 1024 * 1024;
    int maxRedirects = 5;
};

struct HttpResponse
{
    int status = 0;
    QUrl url; // after redirects
    HeaderList headers;
    QByteArray body;
    QJsonDocument json; // when expectJson and the body was not empty
    qint64 elapsedMs = 0;

    // The first header of that name (case-insensitive); empty if absent.
    QByteArray header(QByteArrayView name) const;
};

// scheme://host:port with the scheme's default port filled in; the unit of "same origin" for credentials.
QString originOf(const QUrl& url);

// "AB:CD:..." upper-case hex of a certificate digest, as the front end shows it to the person.
QString fingerprintText(const QByteArray& digest);

} // namespace gatehouse::core::net
