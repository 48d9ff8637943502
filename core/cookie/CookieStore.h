#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "cookie/SetCookie.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

#include <limits>

namespace gatehouse::core::cookie {

struct StoredCookie
{
    QByteArray name;
    QByteArray value;
    QByteArray domain; // canonical host or the Domain attribute (lower case, no leading '.')
    QByteArray path;
    qint64 creationTime = 0;
    quint64 creationOrder = 0; // breaks creation-time ties (§5.8.3 ordering) deterministically
    qint64 expiryTime = std::numeric_limits<qint64>::max();
    bool persistent = false;
    bool hostOnly = true;
    bool secureOnly = false;
    bool httpOnly = false;
    SameSite sameSite = SameSite::Unset;
};

// A minimal user-agent cookie store implementing the storage and retrieval model of RFC 6265bis
// §5.7–§5.8.3: domain and path matching, host-only cookies, overwriting by (name, domain, host-only,
// path), Max-Age/Expires with the 400-day cap, removal of expired cookies, the __Secure-/__Host- prefix
// rules and "Secure only from secure origins". It does not do public-suffix lists (only single-label
// domains are refused) or SameSite site-for-cookies decisions: the app's own requests are same-site.
// Not thread-safe; time comes from the injected Clock, which must outlive the store.
class CookieStore
{
public:
    explicit CookieStore(const Clock& clock = SystemClock::instance()) : m_clock(&clock) {}

    // Stores the cookie from a Set-Cookie header received in the response to `requestUrl`.
    // Errors say why a browser would ignore it (codes cookie.store.*), or the parser's cookie.setcookie.*.
    Status setCookie(const QUrl& requestUrl, QByteArrayView setCookieHeader);
    Status setCookie(const QUrl& requestUrl, const SetCookie& parsed);

    // Cookies a browser would send with a request to `url`, in the order of §5.8.3 (longer paths first,
    // then earlier creation).
    QList<StoredCookie> cookiesFor(const QUrl& url) const;
    // The Cookie header value for `url` ("a=b; c=d"; a nameless cookie is its value alone); empty if none.
    QByteArray cookieHeaderFor(const QUrl& url) const;

    QList<StoredCookie> allCookies() const;
    void clear() { m_cookies.clear(); }

    static bool domainMatches(QByteArrayView host, QByteArrayView domain);
    static bool pathMatches(QByteArrayView requestPath, QByteArrayView cookiePath);
    static QByteArray defaultPath(const QUrl& url);

private:
    void removeExpired(qint64 now);

    const Clock* m_clock;
    QList<StoredCookie> m_cookies;
    quint64 m_nextOrder = 0;
};

} // namespace gatehouse::core::cookie
