#include "cookie/CookieAudit.h"

#include <QRegularExpression>

namespace gatehouse::core::cookie {

namespace {

bool nameMatches(const QByteArray& name, const QRegularExpression& re)
{
    return re.match(QString::fromUtf8(name)).hasMatch();
}

bool isSessionLikeName(const QByteArray& name)
{
    static const QRegularExpression re(
        QStringLiteral("sess|sid$|^sid|token|auth|jwt|remember|login|access|refresh|identity|csrf|xsrf"),
        QRegularExpression::CaseInsensitiveOption);
    return nameMatches(name, re);
}

bool isIdentityName(const QByteArray& name)
{
    static const QRegularExpression re(
        QStringLiteral("^(__(secure|host)-)?(user(name|_?id)?|uid|login|email|role|roles|is_?admin|admin|"
                       "account(_?id)?|group|level|privilege|permissions?|auth(enticated)?|logged_?in)$"),
        QRegularExpression::CaseInsensitiveOption);
    return nameMatches(name, re);
}

// A value a person could type: short, no signature-like separator, not random-looking.
bool looksUnsigned(const QByteArray& value)
{
    if (value.isEmpty() || value.size() > 64)
        return false;
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@+\\-%]{1,64}$"));
    if (!plain.match(QString::fromUtf8(value)).hasMatch())
        return false;
    // Long hex or base64 strings are probably opaque session ids, not identities.
    static const QRegularExpression opaque(QStringLiteral("^[A-Za-z0-9_\\-]{24,}$"));
    return !opaque.match(QString::fromUtf8(value)).hasMatch();
}

void valueChecks(CookieAuditReport& r, const QByteArray& name, const QByteArray& value)
{
    r.valueKind = sniffToken(value);
    if (r.valueKind == TokenKind::Jwt) {
        r.findings.append({QStringLiteral("cookie.audit.jwt_in_cookie"), AuditSeverity::Info,
                           QStringLiteral("The value is a JWT: its claims are readable by anyone who has the cookie; "
                                          "it is handed to the JWT decoder."),
                           QStringLiteral("RFC 7519 §3 (JWTs are signed, not encrypted)")});
    } else if (r.valueKind == TokenKind::FlaskSession) {
        r.findings.append({QStringLiteral("cookie.audit.flask_session"), AuditSeverity::Info,
                           QStringLiteral("The value is a Flask session cookie: signed, not encrypted, so anyone "
                                          "can read what the app stores in it; it is handed to the Flask decoder."),
                           QStringLiteral("Flask docs, Sessions; itsdangerous TimestampSigner")});
    } else if (isIdentityName(name) && looksUnsigned(value)) {
        r.findings.append({QStringLiteral("cookie.audit.unsigned_identity"), AuditSeverity::High,
                           QStringLiteral("'%1=%2' looks like an identity or privilege the server trusts, with no "
                                          "signature: anyone can change it in their browser and become someone "
                                          "else.")
                               .arg(QString::fromUtf8(name), QString::fromUtf8(value)),
                           QStringLiteral("CWE-565 (reliance on cookies without validation); OWASP ASVS V3.2")});
    }
}

} // namespace

QString severityName(AuditSeverity severity)
{
    switch (severity) {
    case AuditSeverity::Info:
        return QStringLiteral("info");
    case AuditSeverity::Low:
        return QStringLiteral("low");
    case AuditSeverity::Medium:
        return QStringLiteral("medium");
    case AuditSeverity::High:
        return QStringLiteral("high");
    }
    return QStringLiteral("info");
}

CookieAuditReport auditCookieValue(const QByteArray& name, const QByteArray& value)
{
    CookieAuditReport r;
    r.cookieName = name;
    r.sessionLike = isSessionLikeName(name);
    valueChecks(r, name, value);
    return r;
}

CookieAuditReport auditSetCookie(const SetCookie& c, qint64 now, bool servedOverHttps)
{
    CookieAuditReport r = auditCookieValue(c.name, c.value);
    const bool flaskSession = r.valueKind == TokenKind::FlaskSession;
    r.sessionLike = r.sessionLike || r.valueKind != TokenKind::Unknown;
    const bool sensitive = r.sessionLike || isIdentityName(c.name);
    auto add = [&](const char* code, AuditSeverity s, const QString& msg, const char* rule) {
        r.findings.append({QString::fromLatin1(code), s, msg, QString::fromUtf8(rule)});
    };

    if (sensitive && !c.httpOnly)
        add("cookie.audit.httponly_missing", AuditSeverity::High,
            QStringLiteral("A session-like cookie without HttpOnly can be read by any script on the page, so one "
                           "XSS bug hands the session to an attacker."),
            "RFC 6265bis §4.1.2.6 (HttpOnly); OWASP Session Management Cheat Sheet");
    if (!c.secure)
        add("cookie.audit.secure_missing", sensitive ? AuditSeverity::High : AuditSeverity::Medium,
            QStringLiteral("Without Secure the browser also sends the cookie over plain HTTP, where anyone on the "
                           "network can read it."),
            "RFC 6265bis §4.1.2.5 (Secure), §8.6");
    if (c.sameSite == SameSite::Unset || c.sameSite == SameSite::Invalid)
        add("cookie.audit.samesite_missing", sensitive ? AuditSeverity::Medium : AuditSeverity::Low,
            c.sameSite == SameSite::Invalid
                ? QStringLiteral("SameSite='%1' is not Strict, Lax or None, so it is ignored: the browser's "
                                 "default applies (Lax in Chrome, no protection in some others), leaving "
                                 "cross-site request forgery open.")
                      .arg(QString::fromUtf8(c.sameSiteRaw))
                : QStringLiteral("No SameSite attribute: the browser's default applies (Lax in Chrome, no "
                                 "protection in some others), leaving cross-site request forgery open."),
            "RFC 6265bis §4.1.2.7 (SameSite), §8.8");
    if (c.sameSite == SameSite::None && !c.secure)
        add("cookie.audit.samesite_none_insecure", AuditSeverity::High,
            QStringLiteral("SameSite=None without Secure: current browsers reject the cookie outright, and where "
                           "it is accepted it travels cross-site over plain HTTP."),
            "RFC 6265bis §5.7 step 18 (SameSite=None requires Secure)");

    const QByteArray lowerName = c.name.toLower();
    if (lowerName.startsWith("__secure-") && !c.secure)
        add("cookie.audit.prefix_secure", AuditSeverity::High,
            QStringLiteral("A __Secure- cookie must carry Secure (the prefix is matched case-insensitively); "
                           "browsers refuse this one."),
            "RFC 6265bis §4.1.3.1 (__Secure- prefix)");
    if (lowerName.startsWith("__host-") &&
        (!c.secure || c.domain.has_value() || !c.path || *c.path != QByteArrayLiteral("/")))
        add("cookie.audit.prefix_host", AuditSeverity::High,
            QStringLiteral("A __Host- cookie must have Secure, Path=/ and no Domain (the prefix is matched "
                           "case-insensitively); browsers refuse this one."),
            "RFC 6265bis §4.1.3.2 (__Host- prefix)");
    if (c.name.startsWith("__") && !lowerName.startsWith("__secure-") && !lowerName.startsWith("__host-") &&
        (lowerName.startsWith("__secure") || lowerName.startsWith("__host")))
        add("cookie.audit.prefix_malformed", AuditSeverity::Low,
            QStringLiteral("The name resembles a cookie prefix but is not exactly __Secure- or __Host-, so the "
                           "browser gives it no protection."),
            "RFC 6265bis §4.1.3");

    if (const auto requested = c.requestedLifetimeFrom(now)) {
        if (*requested > SetCookie::kMaxAgeCapSeconds)
            add("cookie.audit.lifetime_capped", sensitive ? AuditSeverity::Medium : AuditSeverity::Low,
                QStringLiteral("The cookie asks to live %1 days; browsers cap it at 400 days, and a session that "
                               "lives this long is a stolen session that keeps working.")
                    .arg(*requested / 86400),
                "RFC 6265bis §5.6.1/§5.6.2 (400-day cap); OWASP Session Management (session expiration)");
        else if (sensitive && *requested > 30LL * 86400)
            add("cookie.audit.lifetime_long", AuditSeverity::Low,
                QStringLiteral("A session-like cookie that lives %1 days; a stolen one keeps working that long.")
                    .arg(*requested / 86400),
                "OWASP Session Management Cheat Sheet (session expiration)");
    }
    if (c.domain && !c.domain->isEmpty()) {
        const bool registrable = c.domain->count('.') <= 1;
        add("cookie.audit.broad_domain", registrable ? AuditSeverity::Medium : AuditSeverity::Low,
            QStringLiteral("Domain=%1 sends the cookie to every subdomain of %1 too; any of them (or a takeover of "
                           "one) can read or overwrite it. Leave Domain out for a host-only cookie.")
                .arg(QString::fromUtf8(*c.domain)),
            "RFC 6265bis §4.1.2.3 (Domain), §8.6 (weak integrity)");
    }
    if (flaskSession && c.name == "session") {
        if (!c.secure)
            add("cookie.audit.flask_secure_default", AuditSeverity::Medium,
                QStringLiteral("Flask's default SESSION_COOKIE_SECURE=False is still in force: set "
                               "SESSION_COOKIE_SECURE=True in production."),
                "Flask configuration: SESSION_COOKIE_SECURE (default False)");
        if (c.sameSite == SameSite::Unset)
            add("cookie.audit.flask_samesite_default", AuditSeverity::Medium,
                QStringLiteral("Flask's default SESSION_COOKIE_SAMESITE=None (attribute not sent) is still in "
                               "force: set it to 'Lax'."),
                "Flask configuration: SESSION_COOKIE_SAMESITE (default None)");
    }
    if (!servedOverHttps && c.secure)
        add("cookie.audit.secure_over_http", AuditSeverity::Info,
            QStringLiteral("A Secure cookie set over plain HTTP is ignored by browsers."), "RFC 6265bis §5.7 step 8");
    return r;
}

} // namespace gatehouse::core::cookie
