#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace gatehouse::core::cookie {

struct CookiePair
{
    QByteArray name; // empty for a nameless cookie
    QByteArray value;
};

// Parses a request's Cookie header ("a=b; c=d"), leniently as servers do: pairs split on ';', each
// trimmed, split at the first '='; a pair without '=' is a nameless cookie. Empty pairs are skipped.
QList<CookiePair> parseCookieHeader(QByteArrayView header);

} // namespace gatehouse::core::cookie
