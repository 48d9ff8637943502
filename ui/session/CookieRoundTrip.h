#pragma once

#include "net/TrafficLog.h"

#include <QByteArray>
#include <QList>

namespace gatehouse::ui {

// The round trip of one cookie in the captured traffic: which responses set it (Set-Cookie with that
// name) and which later requests carried it back (a Cookie header naming it). Computed from the traffic
// log alone, so it shows what really went over the wire, not what the jar would send.
struct CookieRoundTrip
{
    QList<quint64> setBy;     // entry ids, oldest first; the last one created the current value
    QList<quint64> carriedBy; // entry ids of requests whose Cookie header held it

    static CookieRoundTrip find(const QList<core::net::TrafficEntry>& entries, const QByteArray& cookieName);
    // The cookie names in a Cookie request header value ("a=1; b=2" → a, b).
    static QList<QByteArray> cookieNames(const QByteArray& cookieHeaderValue);
    // The name of a Set-Cookie line's cookie ("sid=…; Path=/" → sid).
    static QByteArray setCookieName(const QByteArray& setCookieLine);
};

} // namespace gatehouse::ui
