#include "net/HttpErrors.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::core::net::httperrors {

Error fromNetworkError(QNetworkReply::NetworkError error, const QString& detail)
{
    switch (error) {
    case QNetworkReply::SslHandshakeFailedError:
        return Error::make(QStringLiteral("network.tls"),
                           QStringLiteral("The server's TLS certificate could not be verified (%1).").arg(detail));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return Error::make(QStringLiteral("network.timeout"), QStringLiteral("The server did not answer in time."));
    case QNetworkReply::RemoteHostClosedError:
        return Error::make(QStringLiteral("network.unreachable"),
                           QStringLiteral("The server closed the connection before answering."));
    default:
        return Error::make(QStringLiteral("network.unreachable"),
                           QStringLiteral("The server could not be reached (%1).").arg(detail));
    }
}

QString serverMessage(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return {};
    const QJsonObject o = doc.object();
    for (const auto* key : {"message", "msg", "error", "detail"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString())
            return v.toString().left(500);
    }
    return {};
}

Error fromStatus(int status, const QByteArray& body, const QByteArray& wwwAuthenticate, const QByteArray& retryAfter)
{
    const QString said = serverMessage(body);
    const auto withSaid = [&](QString text) {
        if (!said.isEmpty())
            text += QStringLiteral(" The server said: \u201c%1\u201d").arg(said);
        return text;
    };
    if (status == 401) {
        const bool expired = wwwAuthenticate.toLower().contains("expired") ||
                             said.contains(QLatin1String("expired"), Qt::CaseInsensitive);
        if (expired)
            return Error::make(QStringLiteral("http.401.expired"),
                               withSaid(QStringLiteral("The session has expired.")));
        return Error::make(QStringLiteral("http.401.invalid"),
                           withSaid(QStringLiteral("The server did not accept the credentials.")));
    }
    if (status == 429 || status == 423) {
        bool ok = false;
        const qint64 seconds = retryAfter.trimmed().toLongLong(&ok);
        const QString wait = ok && seconds >= 0 ? QString::number(seconds) : QString();
        if (status == 423)
            return Error::make(QStringLiteral("http.423"), withSaid(QStringLiteral("The account is locked.")), wait);
        return Error::make(QStringLiteral("http.429"), withSaid(QStringLiteral("Too many requests; try again later.")),
                           wait);
    }
    switch (status) {
    case 400:
        return Error::make(QStringLiteral("http.400"),
                           withSaid(QStringLiteral("The server called the request malformed.")));
    case 403:
        return Error::make(QStringLiteral("http.403"), withSaid(QStringLiteral("Permission denied.")));
    case 404:
        return Error::make(QStringLiteral("http.404"), withSaid(QStringLiteral("Not found.")));
    case 409:
        return Error::make(QStringLiteral("http.409"), withSaid(QStringLiteral("Conflict with existing data.")));
    case 422:
        return Error::make(QStringLiteral("http.422"), withSaid(QStringLiteral("The server refused the input.")));
    default:
        break;
    }
    if (status >= 500)
        return Error::make(QStringLiteral("http.5xx"),
                           withSaid(QStringLiteral("The server failed (HTTP %1).").arg(status)),
                           QString::number(status));
    return Error::make(QStringLiteral("http.4xx"),
                       withSaid(QStringLiteral("The request failed (HTTP %1).").arg(status)), QString::number(status));
}

} // namespace gatehouse::core::net::httperrors
