#include "cookie/SetCookie.h"

#include "cookie/CookieDate.h"

#include <limits>

namespace gatehouse::core::cookie {

QByteArrayView trimWsp(QByteArrayView v)
{
    qsizetype b = 0, e = v.size();
    while (b < e && (v[b] == ' ' || v[b] == '\t'))
        ++b;
    while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t'))
        --e;
    return v.sliced(b, e - b);
}

namespace {

bool equalsIgnoreCase(QByteArrayView a, const char* b)
{
    return a.compare(QByteArrayView(b), Qt::CaseInsensitive) == 0;
}

QByteArray asciiLower(QByteArrayView v)
{
    QByteArray out = v.toByteArray();
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = char(c + 32);
    }
    return out;
}

// Max-Age per §5.6.2: optional '-', then digits only. Saturates instead of overflowing.
std::optional<qint64> parseMaxAge(QByteArrayView v)
{
    if (v.isEmpty())
        return std::nullopt;
    const bool negative = v[0] == '-';
    if (!negative && !(v[0] >= '0' && v[0] <= '9'))
        return std::nullopt;
    const qsizetype start = negative ? 1 : 0;
    if (start == v.size())
        return std::nullopt;
    qint64 value = 0;
    for (qsizetype i = start; i < v.size(); ++i) {
        if (v[i] < '0' || v[i] > '9')
            return std::nullopt;
        if (value < std::numeric_limits<qint64>::max() / 20)
            value = value * 10 + (v[i] - '0');
    }
    return negative ? -value : value;
}

} // namespace

Result<SetCookie> SetCookie::parse(QByteArrayView header)
{
    for (qsizetype i = 0; i < header.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(header[i]);
        if ((c <= 0x08) || (c >= 0x0A && c <= 0x1F) || c == 0x7F)
            return Error::make(QStringLiteral("cookie.setcookie.control"),
                               QStringLiteral("The header contains a control character; browsers ignore the whole "
                                              "line (RFC 6265bis §5.6 step 1)."),
                               QStringLiteral("offset %1").arg(i));
    }
    SetCookie cookie;
    const qsizetype semi = header.indexOf(';');
    const QByteArrayView pair = semi < 0 ? header : header.first(semi);
    QByteArrayView rest = semi < 0 ? QByteArrayView() : header.sliced(semi);
    const qsizetype eq = pair.indexOf('=');
    if (eq < 0) {
        cookie.hasEqualsSign = false;
        cookie.value = trimWsp(pair).toByteArray();
    } else {
        cookie.name = trimWsp(pair.first(eq)).toByteArray();
        cookie.value = trimWsp(pair.sliced(eq + 1)).toByteArray();
    }
    if (cookie.name.size() + cookie.value.size() > kMaxNameValueOctets)
        return Error::make(QStringLiteral("cookie.setcookie.too_long"),
                           QStringLiteral("Name and value together exceed 4096 octets; browsers ignore the cookie "
                                          "(RFC 6265bis §5.6 step 5)."));
    if (cookie.name.isEmpty() && cookie.value.isEmpty())
        return Error::make(QStringLiteral("cookie.setcookie.empty"),
                           QStringLiteral("The cookie has neither a name nor a value (RFC 6265bis §5.6 step 6)."));

    while (!rest.isEmpty()) {
        rest = rest.sliced(1); // the ';'
        const qsizetype next = rest.indexOf(';');
        const QByteArrayView av = next < 0 ? rest : rest.first(next);
        rest = next < 0 ? QByteArrayView() : rest.sliced(next);
        CookieAttribute attr;
        const qsizetype aeq = av.indexOf('=');
        const QByteArrayView name = trimWsp(aeq < 0 ? av : av.first(aeq));
        const QByteArrayView value = aeq < 0 ? QByteArrayView() : trimWsp(av.sliced(aeq + 1));
        if (name.isEmpty() && value.isEmpty() && aeq < 0)
            continue; // an empty cookie-av (";;")
        attr.name = name.toByteArray();
        attr.value = value.toByteArray();
        if (value.size() > kMaxAttributeValueOctets) {
            attr.ignored = true;
            attr.ignoredReason = QStringLiteral("value longer than 1024 octets (§5.6 step 5)");
        } else if (equalsIgnoreCase(name, "expires")) {
            if (const auto t = parseCookieDate(value)) {
                cookie.expires = *t;
            } else {
                attr.ignored = true;
                attr.ignoredReason = QStringLiteral("not a cookie-date (§5.1.1)");
            }
        } else if (equalsIgnoreCase(name, "max-age")) {
            if (const auto a = parseMaxAge(value)) {
                cookie.maxAge = *a;
            } else {
                attr.ignored = true;
                attr.ignoredReason = QStringLiteral("not an integer number of seconds (§5.6.2)");
            }
        } else if (equalsIgnoreCase(name, "domain")) {
            QByteArrayView d = value;
            if (d.startsWith('.'))
                d = d.sliced(1);
            cookie.domain = asciiLower(d);
        } else if (equalsIgnoreCase(name, "path")) {
            if (value.isEmpty() || value[0] != '/') {
                cookie.path = QByteArray();
                if (!value.isEmpty())
                    attr.ignoredReason = QStringLiteral("does not start with '/': the default path applies (§5.6.4)");
            } else {
                cookie.path = value.toByteArray();
            }
        } else if (equalsIgnoreCase(name, "secure")) {
            cookie.secure = true;
        } else if (equalsIgnoreCase(name, "httponly")) {
            cookie.httpOnly = true;
        } else if (equalsIgnoreCase(name, "partitioned")) {
            cookie.partitioned = true;
        } else if (equalsIgnoreCase(name, "samesite")) {
            cookie.sameSiteRaw = value.toByteArray();
            if (equalsIgnoreCase(value, "strict"))
                cookie.sameSite = SameSite::Strict;
            else if (equalsIgnoreCase(value, "lax"))
                cookie.sameSite = SameSite::Lax;
            else if (equalsIgnoreCase(value, "none"))
                cookie.sameSite = SameSite::None;
            else
                cookie.sameSite = SameSite::Invalid;
        } else {
            attr.ignored = true;
            attr.ignoredReason = QStringLiteral("unknown attribute (§5.6 step 8)");
        }
        cookie.attributes.append(attr);
    }
    return cookie;
}

std::optional<qint64> SetCookie::requestedLifetimeFrom(qint64 now) const
{
    if (maxAge)
        return *maxAge;
    if (expires)
        return *expires - now;
    return std::nullopt;
}

std::optional<qint64> SetCookie::lifetimeFrom(qint64 now) const
{
    const auto requested = requestedLifetimeFrom(now);
    if (!requested)
        return std::nullopt;
    return *requested > kMaxAgeCapSeconds ? kMaxAgeCapSeconds : *requested;
}

} // namespace gatehouse::core::cookie
