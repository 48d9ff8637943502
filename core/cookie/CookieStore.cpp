#include "cookie/CookieStore.h"

#include <algorithm>

namespace gatehouse::core::cookie {

namespace {

bool isSecureScheme(const QUrl& url)
{
    const QString s = url.scheme().toLower();
    return s == QLatin1String("https") || s == QLatin1String("wss");
}

QByteArray canonicalHost(const QUrl& url)
{
    return url.host(QUrl::FullyEncoded).toLower().toLatin1();
}

QByteArray requestPath(const QUrl& url)
{
    QByteArray p = url.path(QUrl::FullyEncoded).toLatin1();
    return p.isEmpty() ? QByteArray("/") : p;
}

bool isIpAddress(QByteArrayView host)
{
    if (host.startsWith('['))
        return true;
    for (const char c : host) {
        if (!((c >= '0' && c <= '9') || c == '.'))
            return false;
    }
    return !host.isEmpty();
}

bool startsWithIgnoreCase(QByteArrayView s, const char* prefix)
{
    const QByteArrayView p(prefix);
    return s.size() >= p.size() && s.first(p.size()).compare(p, Qt::CaseInsensitive) == 0;
}

Error storeError(const char* code, const QString& message)
{
    return Error::make(QString::fromLatin1(code), message);
}

} // namespace

bool CookieStore::domainMatches(QByteArrayView host, QByteArrayView domain)
{
    if (host == domain)
        return true;
    return !domain.isEmpty() && host.size() > domain.size() && host.endsWith(domain) &&
           host[host.size() - domain.size() - 1] == '.' && !isIpAddress(host);
}

bool CookieStore::pathMatches(QByteArrayView requestPath, QByteArrayView cookiePath)
{
    if (requestPath == cookiePath)
        return true;
    if (!requestPath.startsWith(cookiePath))
        return false;
    return cookiePath.endsWith('/') || requestPath[cookiePath.size()] == '/';
}

QByteArray CookieStore::defaultPath(const QUrl& url)
{
    const QByteArray p = url.path(QUrl::FullyEncoded).toLatin1();
    if (p.isEmpty() || p[0] != '/')
        return QByteArrayLiteral("/");
    const qsizetype last = p.lastIndexOf('/');
    if (last <= 0)
        return QByteArrayLiteral("/");
    return p.first(last);
}

Status CookieStore::setCookie(const QUrl& requestUrl, QByteArrayView setCookieHeader)
{
    auto parsed = SetCookie::parse(setCookieHeader);
    if (!parsed)
        return parsed.error();
    return setCookie(requestUrl, parsed.value());
}

Status CookieStore::setCookie(const QUrl& requestUrl, const SetCookie& sc)
{
    const qint64 now = m_clock->nowSeconds();
    const bool secureOrigin = isSecureScheme(requestUrl);
    const QByteArray host = canonicalHost(requestUrl);
    StoredCookie c;
    c.name = sc.name;
    c.value = sc.value;
    c.creationTime = now;
    c.creationOrder = m_nextOrder++;

    if (sc.secure && !secureOrigin)
        return storeError("cookie.store.secure_from_insecure",
                          QStringLiteral("A Secure cookie set over plain HTTP is ignored (RFC 6265bis §5.7 step 8)."));
    if (sc.name.isEmpty() && (startsWithIgnoreCase(sc.value, "__Secure-") || startsWithIgnoreCase(sc.value, "__Host-")))
        return storeError("cookie.store.nameless_prefix",
                          QStringLiteral("A nameless cookie whose value starts with a cookie prefix is ignored "
                                         "(RFC 6265bis §5.7 step 21)."));

    QByteArray domainAttribute = sc.domain.value_or(QByteArray());
    for (const char ch : domainAttribute) {
        if (static_cast<unsigned char>(ch) >= 0x80)
            return storeError("cookie.store.domain_non_ascii",
                              QStringLiteral("The Domain attribute is not ASCII (RFC 6265bis §5.7 step 5)."));
    }
    // Minimal public-suffix rule: a single-label Domain ("org") is a public suffix.
    if (!domainAttribute.isEmpty() && !domainAttribute.contains('.')) {
        if (domainAttribute == host)
            domainAttribute.clear();
        else
            return storeError("cookie.store.public_suffix",
                              QStringLiteral("The Domain attribute is a public suffix (RFC 6265bis §5.7 step 9)."));
    }
    if (!domainAttribute.isEmpty()) {
        if (!domainMatches(host, domainAttribute))
            return storeError("cookie.store.domain_mismatch",
                              QStringLiteral("The Domain attribute does not cover the host that set the cookie "
                                             "(RFC 6265bis §5.7 step 10)."));
        c.hostOnly = false;
        c.domain = domainAttribute;
    } else {
        c.hostOnly = true;
        c.domain = host;
    }
    c.path = sc.path && !sc.path->isEmpty() ? *sc.path : defaultPath(requestUrl);
    c.secureOnly = sc.secure;
    c.httpOnly = sc.httpOnly;
    c.sameSite = sc.sameSite;
    if (const auto life = sc.lifetimeFrom(now)) {
        c.persistent = true;
        c.expiryTime = *life <= 0 ? std::numeric_limits<qint64>::min() : now + *life;
    }

    // Cookie prefixes, case-insensitively (RFC 6265bis §4.1.3, §5.7 steps 19-20).
    if (startsWithIgnoreCase(c.name, "__Secure-") && !c.secureOnly)
        return storeError("cookie.store.prefix_secure",
                          QStringLiteral("A __Secure- cookie without the Secure attribute is ignored "
                                         "(RFC 6265bis §4.1.3.1)."));
    if (startsWithIgnoreCase(c.name, "__Host-") && (!c.secureOnly || !c.hostOnly || !sc.path || c.path != "/"))
        return storeError("cookie.store.prefix_host",
                          QStringLiteral("A __Host- cookie needs Secure, no Domain and Path=/ "
                                         "(RFC 6265bis §4.1.3.2)."));
    // A non-secure origin may not shadow a Secure cookie (RFC 6265bis §5.7 step 16).
    if (!c.secureOnly && !secureOrigin) {
        for (const auto& old : std::as_const(m_cookies)) {
            if (old.name == c.name && old.secureOnly &&
                (domainMatches(old.domain, c.domain) || domainMatches(c.domain, old.domain)) &&
                pathMatches(c.path, old.path))
                return storeError("cookie.store.shadows_secure",
                                  QStringLiteral("A plain-HTTP cookie may not overwrite a Secure one "
                                                 "(RFC 6265bis §5.7 step 16)."));
        }
    }
    for (qsizetype i = 0; i < m_cookies.size(); ++i) {
        const auto& old = m_cookies[i];
        if (old.name == c.name && old.domain == c.domain && old.hostOnly == c.hostOnly && old.path == c.path) {
            c.creationTime = old.creationTime;
            c.creationOrder = old.creationOrder;
            m_cookies.removeAt(i);
            break;
        }
    }
    m_cookies.append(c);
    removeExpired(now);
    return {};
}

void CookieStore::removeExpired(qint64 now)
{
    m_cookies.removeIf([now](const StoredCookie& c) { return c.persistent && c.expiryTime <= now; });
}

QList<StoredCookie> CookieStore::cookiesFor(const QUrl& url) const
{
    const qint64 now = m_clock->nowSeconds();
    const QByteArray host = canonicalHost(url);
    const QByteArray path = requestPath(url);
    const bool secure = isSecureScheme(url);
    QList<StoredCookie> out;
    for (const auto& c : m_cookies) {
        if (c.persistent && c.expiryTime <= now)
            continue;
        if (c.hostOnly ? host != c.domain : !domainMatches(host, c.domain))
            continue;
        if (!pathMatches(path, c.path))
            continue;
        if (c.secureOnly && !secure)
            continue;
        out.append(c);
    }
    std::stable_sort(out.begin(), out.end(), [](const StoredCookie& a, const StoredCookie& b) {
        if (a.path.size() != b.path.size())
            return a.path.size() > b.path.size();
        if (a.creationTime != b.creationTime)
            return a.creationTime < b.creationTime;
        return a.creationOrder < b.creationOrder;
    });
    return out;
}

QByteArray CookieStore::cookieHeaderFor(const QUrl& url) const
{
    QByteArray header;
    for (const auto& c : cookiesFor(url)) {
        if (!header.isEmpty())
            header += "; ";
        if (!c.name.isEmpty())
            header += c.name + '=';
        header += c.value;
    }
    return header;
}

QList<StoredCookie> CookieStore::allCookies() const
{
    return m_cookies;
}

} // namespace gatehouse::core::cookie
