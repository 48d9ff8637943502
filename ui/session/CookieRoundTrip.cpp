#include "session/CookieRoundTrip.h"

namespace gatehouse::ui {

QList<QByteArray> CookieRoundTrip::cookieNames(const QByteArray& cookieHeaderValue)
{
    QList<QByteArray> names;
    for (const QByteArray& pair : cookieHeaderValue.split(';')) {
        const QByteArray trimmed = pair.trimmed();
        if (trimmed.isEmpty())
            continue;
        const qsizetype eq = trimmed.indexOf('=');
        names.append(eq < 0 ? QByteArray() : trimmed.left(eq).trimmed()); // a nameless cookie is its value alone
    }
    return names;
}

QByteArray CookieRoundTrip::setCookieName(const QByteArray& setCookieLine)
{
    const qsizetype semicolon = setCookieLine.indexOf(';');
    const QByteArray pair = semicolon < 0 ? setCookieLine : setCookieLine.left(semicolon);
    const qsizetype eq = pair.indexOf('=');
    return eq < 0 ? QByteArray() : pair.left(eq).trimmed();
}

CookieRoundTrip CookieRoundTrip::find(const QList<core::net::TrafficEntry>& entries, const QByteArray& cookieName)
{
    CookieRoundTrip trip;
    for (const core::net::TrafficEntry& e : entries) {
        for (const auto& header : e.requestHeaders) {
            if (header.first.compare("cookie", Qt::CaseInsensitive) != 0)
                continue;
            if (cookieNames(header.second).contains(cookieName)) {
                trip.carriedBy.append(e.id);
                break;
            }
        }
        for (const QByteArray& line : e.setCookies) {
            if (setCookieName(line) == cookieName) {
                trip.setBy.append(e.id);
                break;
            }
        }
    }
    return trip;
}

} // namespace gatehouse::ui
