#include "jwt/ClaimCatalog.h"

#include <QDateTime>
#include <QHash>

#include <cmath>

namespace gatehouse::core::jwt::claims {

namespace {

const QHash<QString, QString>& claimTable()
{
    static const QHash<QString, QString> table = {
        {QStringLiteral("iss"), QStringLiteral("Issuer (RFC 7519 §4.1.1): who made and signed the token")},
        {QStringLiteral("sub"), QStringLiteral("Subject (RFC 7519 §4.1.2): whom the token is about, usually a user id; "
                                               "a string")},
        {QStringLiteral("aud"), QStringLiteral("Audience (RFC 7519 §4.1.3): who the token is meant for; a recipient "
                                               "not named here must refuse it")},
        {QStringLiteral("exp"), QStringLiteral("Expiration time (RFC 7519 §4.1.4): the token must not be accepted on "
                                               "or after it")},
        {QStringLiteral("nbf"),
         QStringLiteral("Not before (RFC 7519 §4.1.5): the token must not be accepted before it")},
        {QStringLiteral("iat"), QStringLiteral("Issued at (RFC 7519 §4.1.6): when the token was made")},
        {QStringLiteral("jti"), QStringLiteral("JWT ID (RFC 7519 §4.1.7): a unique id, used for deny-lists and replay "
                                               "detection")},
        {QStringLiteral("name"), QStringLiteral("Full name (OpenID Connect Core §5.1)")},
        {QStringLiteral("email"), QStringLiteral("E-mail address (OpenID Connect Core §5.1)")},
        {QStringLiteral("email_verified"), QStringLiteral("Whether the e-mail address was verified (OIDC §5.1)")},
        {QStringLiteral("preferred_username"), QStringLiteral("Preferred username (OpenID Connect Core §5.1)")},
        {QStringLiteral("auth_time"), QStringLiteral("Time of the user's authentication (OpenID Connect Core §2)")},
        {QStringLiteral("nonce"), QStringLiteral("Nonce binding the token to a client session (OIDC Core §2)")},
        {QStringLiteral("azp"), QStringLiteral("Authorized party the token was issued to (OIDC Core §2)")},
        {QStringLiteral("acr"), QStringLiteral("Authentication context class (OIDC Core §2)")},
        {QStringLiteral("amr"), QStringLiteral("Authentication methods used (OIDC Core §2, RFC 8176)")},
        {QStringLiteral("at_hash"), QStringLiteral("Access token hash (OIDC Core §3.1.3.6)")},
        {QStringLiteral("updated_at"), QStringLiteral("Time the user's information was last updated (OIDC §5.1)")},
        {QStringLiteral("scope"), QStringLiteral("Scopes granted, space-separated (RFC 8693 §4.2, RFC 9068)")},
        {QStringLiteral("client_id"), QStringLiteral("OAuth client the token was issued to (RFC 8693 §4.3)")},
        {QStringLiteral("roles"), QStringLiteral("Roles of the subject (RFC 9068 §2.2.3.1; Gatehouse REST)")},
        {QStringLiteral("cnf"), QStringLiteral("Confirmation: the key the holder must prove (RFC 7800)")},
        {QStringLiteral("fresh"), QStringLiteral("flask-jwt-extended: the token came straight from a login, not a "
                                                 "refresh")},
        {QStringLiteral("type"), QStringLiteral("flask-jwt-extended: \"access\" or \"refresh\"")},
        {QStringLiteral("csrf"), QStringLiteral("flask-jwt-extended: the double-submit CSRF value for cookie tokens")},
    };
    return table;
}

const QHash<QString, QString>& headerTable()
{
    static const QHash<QString, QString> table = {
        {QStringLiteral("alg"), QStringLiteral("Algorithm (RFC 7515 §4.1.1): how the token is signed; a verifier "
                                               "must pin it, never trust it")},
        {QStringLiteral("typ"), QStringLiteral("Type (RFC 7515 §4.1.9): usually \"JWT\"")},
        {QStringLiteral("cty"), QStringLiteral("Content type (RFC 7515 §4.1.10): \"JWT\" means the payload is itself "
                                               "a token")},
        {QStringLiteral("kid"), QStringLiteral("Key ID (RFC 7515 §4.1.4): which key signed it; attacker-controlled "
                                               "text, never a file path or SQL")},
        {QStringLiteral("jku"), QStringLiteral("JWK Set URL (RFC 7515 §4.1.2): where to fetch keys; a verifier must "
                                               "not follow it blindly")},
        {QStringLiteral("jwk"), QStringLiteral("Embedded public key (RFC 7515 §4.1.3): never trust a key the token "
                                               "brings itself")},
        {QStringLiteral("x5u"), QStringLiteral("X.509 URL (RFC 7515 §4.1.5)")},
        {QStringLiteral("x5c"), QStringLiteral("X.509 certificate chain (RFC 7515 §4.1.6)")},
        {QStringLiteral("x5t"), QStringLiteral("X.509 SHA-1 thumbprint (RFC 7515 §4.1.7)")},
        {QStringLiteral("x5t#S256"), QStringLiteral("X.509 SHA-256 thumbprint (RFC 7515 §4.1.8)")},
        {QStringLiteral("crit"), QStringLiteral("Critical extensions (RFC 7515 §4.1.11): a verifier that does not "
                                                "understand one must refuse the token")},
        {QStringLiteral("b64"), QStringLiteral("Unencoded payload option (RFC 7797)")},
    };
    return table;
}

} // namespace

QString describeClaim(const QString& name)
{
    return claimTable().value(name);
}

QString describeHeader(const QString& name)
{
    return headerTable().value(name);
}

bool isTimeClaim(const QString& name)
{
    return name == QLatin1String("exp") || name == QLatin1String("nbf") || name == QLatin1String("iat") ||
           name == QLatin1String("auth_time") || name == QLatin1String("updated_at");
}

QString describeDuration(qint64 seconds)
{
    seconds = std::llabs(seconds);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 86400) {
        const qint64 minutes = (seconds % 3600) / 60;
        return minutes ? QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg(minutes)
                       : QStringLiteral("%1 h").arg(seconds / 3600);
    }
    const qint64 days = seconds / 86400;
    if (days < 730)
        return days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days);
    return QStringLiteral("%1 years").arg(days / 365);
}

QString describeTime(double seconds, qint64 now)
{
    auto format = [](double s) -> QString {
        if (!std::isfinite(s) || std::fabs(s) > 253402300799.0) // beyond year 9999
            return QStringLiteral("out of range");
        return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(std::floor(s)), Qt::UTC)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    };
    if (!std::isfinite(seconds))
        return QStringLiteral("not a finite number");
    if (std::fabs(seconds) > 1e11) {
        return QStringLiteral("%1 (looks like milliseconds: %2 if divided by 1000)")
            .arg(format(seconds), format(seconds / 1000.0));
    }
    const qint64 t = static_cast<qint64>(std::floor(seconds));
    const qint64 delta = t - now;
    const QString relative = delta == 0  ? QStringLiteral("now")
                             : delta > 0 ? QStringLiteral("in %1").arg(describeDuration(delta))
                                         : QStringLiteral("%1 ago").arg(describeDuration(delta));
    return QStringLiteral("%1 (%2)").arg(format(seconds), relative);
}

} // namespace gatehouse::core::jwt::claims
