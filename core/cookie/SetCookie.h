#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace gatehouse::core::cookie {

enum class SameSite
{
    Unset, // no (valid) SameSite attribute: the browser's default applies
    Strict,
    Lax,
    None,
    Invalid, // present with a value that is none of the three: enforcement "Default" (§5.6.7)
};

// One attribute as it appeared, kept for display and audit even when the parser ignored it.
struct CookieAttribute
{
    QByteArray name;  // as written, trimmed
    QByteArray value; // trimmed
    bool ignored = false;
    QString ignoredReason;
};

// A Set-Cookie header parsed by the algorithm of RFC 6265bis §5.6 (not QNetworkCookie::parseCookies,
// which follows the older Netscape rules). Contract: only syntax is decided here; whether a user agent
// would store the cookie for a given request (domain/path/secure/prefix rules, §5.7) is CookieStore's job.
struct SetCookie
{
    QByteArray name; // empty for a nameless cookie ("foo" alone: name "", value "foo")
    QByteArray value;
    bool hasEqualsSign = true; // false when the name-value-pair had no '=' (nameless cookie)

    std::optional<qint64> expires;    // last valid Expires, seconds since epoch, before the 400-day cap
    std::optional<qint64> maxAge;     // last valid Max-Age in seconds (<= 0 means "expire now")
    std::optional<QByteArray> domain; // last Domain: leading '.' removed, lower-cased; may be empty
    std::optional<QByteArray> path;   // last Path; empty when its value was empty or not starting with '/'
    bool secure = false;
    bool httpOnly = false;
    bool partitioned = false;
    SameSite sameSite = SameSite::Unset;
    QByteArray sameSiteRaw;

    QList<CookieAttribute> attributes; // every cookie-av in order, including ignored ones

    // Parses one Set-Cookie field value. Errors (the user agent would ignore the whole line):
    // cookie.setcookie.control (a CTL character other than HTAB), cookie.setcookie.empty (no name and
    // no value), cookie.setcookie.too_long (name + value over 4096 octets).
    static Result<SetCookie> parse(QByteArrayView header);

    // Lifetime in seconds from `now` after Max-Age/Expires precedence and the 400-day cap (§5.6.1,
    // §5.6.2); std::nullopt for a session cookie. May be <= 0 (already expired).
    std::optional<qint64> lifetimeFrom(qint64 now) const;
    // The uncapped lifetime the server asked for (for the audit's "very long lifetime").
    std::optional<qint64> requestedLifetimeFrom(qint64 now) const;

    static constexpr qint64 kMaxNameValueOctets = 4096;
    static constexpr qint64 kMaxAttributeValueOctets = 1024;
    static constexpr qint64 kMaxAgeCapSeconds = 400LL * 24 * 3600;
};

// Trims SP and HTAB (WSP) from both ends.
QByteArrayView trimWsp(QByteArrayView v);

} // namespace gatehouse::core::cookie
