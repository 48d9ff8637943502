#include "jwt/JwtFinding.h"

namespace gatehouse::core::jwt {

using S = JwtFinding::Severity;

JwtFinding::JwtFinding(const QString& id, Severity severity, const QString& title, const QString& explanation,
                       const QString& reference, const QString& where)
    : m_id(id), m_severity(severity), m_title(title), m_explanation(explanation), m_reference(reference), m_where(where)
{
}

QString JwtFinding::severityName(Severity s)
{
    switch (s) {
    case S::Info:
        return QStringLiteral("info");
    case S::Low:
        return QStringLiteral("low");
    case S::Medium:
        return QStringLiteral("medium");
    case S::High:
        return QStringLiteral("high");
    case S::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

JwtFinding JwtFinding::malformed(const QString& code, const QString& message, const QString& where)
{
    return JwtFinding(QStringLiteral("jwt.malformed"), S::High, QStringLiteral("Malformed token (%1)").arg(code),
                      message + QStringLiteral(". A strict verifier rejects this token; a lenient one may read it "
                                               "differently from the issuer, which is how parser-differential "
                                               "attacks start."),
                      QStringLiteral("RFC 7515 §5.2 / RFC 8725 §3.9"), where);
}

JwtFinding JwtFinding::algNone(const QString& algText)
{
    return JwtFinding(QStringLiteral("jwt.alg_none"), S::Critical,
                      QStringLiteral("Unsecured token (alg \"%1\")").arg(algText),
                      QStringLiteral("The token has no signature, so anyone can write one with any claims. A server "
                                     "that accepts it can be logged into as any user."),
                      QStringLiteral("CVE-2015-9235 / RFC 8725 §3.1"), QStringLiteral("header.alg"));
}

JwtFinding JwtFinding::algMissing()
{
    return JwtFinding(QStringLiteral("jwt.alg_missing"), S::High, QStringLiteral("No \"alg\" in the header"),
                      QStringLiteral("Every JWS header must name its algorithm. Without it a verifier has to guess, "
                                     "and guessing is how algorithm-confusion attacks work."),
                      QStringLiteral("RFC 7515 §4.1.1"), QStringLiteral("header"));
}

JwtFinding JwtFinding::algUnknown(const QString& algText)
{
    return JwtFinding(QStringLiteral("jwt.alg_unknown"), S::Medium,
                      QStringLiteral("Unknown algorithm \"%1\"").arg(algText),
                      QStringLiteral("The algorithm name is not one of the JWS algorithms (names are case-sensitive). "
                                     "Standard verifiers will refuse the token."),
                      QStringLiteral("RFC 7518 §3.1"), QStringLiteral("header.alg"));
}

JwtFinding JwtFinding::hmacSecretShort(int secretBits, int hashBits)
{
    return JwtFinding(QStringLiteral("jwt.hmac_short_secret"), S::High,
                      QStringLiteral("HMAC secret shorter than the hash"),
                      QStringLiteral("The secret has %1 bits; the algorithm needs at least %2. Short secrets can be "
                                     "found by brute force offline from a single token.")
                          .arg(secretBits)
                          .arg(hashBits),
                      QStringLiteral("RFC 7518 §3.2"), QStringLiteral("signature"));
}

JwtFinding JwtFinding::weakSecret(const QString& dictionaryName)
{
    return JwtFinding(QStringLiteral("jwt.weak_secret"), S::Critical,
                      QStringLiteral("Signing secret found in a dictionary"),
                      QStringLiteral("The HMAC secret is in the public list \"%1\". Anyone with the list can forge "
                                     "tokens for this server.")
                          .arg(dictionaryName),
                      QStringLiteral("RFC 8725 §3.5 / RFC 7518 §3.2"), QStringLiteral("signature"));
}

JwtFinding JwtFinding::rsaKeyShort(int bits)
{
    return JwtFinding(QStringLiteral("jwt.rsa_short_key"), S::High, QStringLiteral("RSA key shorter than 2048 bits"),
                      QStringLiteral("The RSA key has %1 bits; RS and PS algorithms require at least 2048.").arg(bits),
                      QStringLiteral("RFC 7518 §3.3 / §3.5"), QStringLiteral("signature"));
}

JwtFinding JwtFinding::noExpiry()
{
    return JwtFinding(QStringLiteral("jwt.no_exp"), S::Medium, QStringLiteral("No expiry (\"exp\")"),
                      QStringLiteral("The token never expires: if it leaks, it stays usable until the signing key "
                                     "changes."),
                      QStringLiteral("RFC 7519 §4.1.4 / RFC 8725 §3.10"), QStringLiteral("payload"));
}

JwtFinding JwtFinding::longLifetime(qint64 seconds)
{
    return JwtFinding(QStringLiteral("jwt.long_lifetime"), S::Low, QStringLiteral("Lifetime over 24 hours"),
                      QStringLiteral("The token is valid for %1 hours after it was issued. Long-lived bearer tokens "
                                     "widen the window in which a stolen token works.")
                          .arg(double(seconds) / 3600.0, 0, 'f', 1),
                      QStringLiteral("RFC 7519 §4.1.4 / RFC 8725 §3.10"), QStringLiteral("payload.exp"));
}

JwtFinding JwtFinding::expired(qint64 exp, qint64 now)
{
    return JwtFinding(QStringLiteral("jwt.expired"), S::Medium, QStringLiteral("Expired"),
                      QStringLiteral("The token expired %1 seconds ago; a correct server refuses it.").arg(now - exp),
                      QStringLiteral("RFC 7519 §4.1.4"), QStringLiteral("payload.exp"));
}

JwtFinding JwtFinding::notYetValid(qint64 nbf, qint64 now)
{
    return JwtFinding(QStringLiteral("jwt.not_yet_valid"), S::Low, QStringLiteral("Not yet valid"),
                      QStringLiteral("The token becomes valid in %1 seconds (\"nbf\"); until then a correct server "
                                     "refuses it.")
                          .arg(nbf - now),
                      QStringLiteral("RFC 7519 §4.1.5"), QStringLiteral("payload.nbf"));
}

JwtFinding JwtFinding::timestampMilliseconds(const QString& claim)
{
    return JwtFinding(QStringLiteral("jwt.timestamp_milliseconds"), S::Medium,
                      QStringLiteral("\"%1\" looks like milliseconds").arg(claim),
                      QStringLiteral("JWT times are seconds since 1970. This value is over 100 billion, which is "
                                     "milliseconds (JavaScript's Date.now()): read as seconds it lies thousands of "
                                     "years ahead, so the token effectively never expires."),
                      QStringLiteral("RFC 7519 §2 (NumericDate)"), QStringLiteral("payload.") + claim);
}

JwtFinding JwtFinding::timestampType(const QString& claim, const QString& typeName)
{
    return JwtFinding(QStringLiteral("jwt.timestamp_type"), S::High,
                      QStringLiteral("\"%1\" is not a number").arg(claim),
                      QStringLiteral("JWT times must be JSON numbers; this one is a %1. Libraries disagree: some "
                                     "refuse the token, some convert it, and some skip the check entirely.")
                          .arg(typeName),
                      QStringLiteral("RFC 7519 §2 (NumericDate) / §4.1.4"), QStringLiteral("payload.") + claim);
}

JwtFinding JwtFinding::kid(bool suspicious)
{
    if (suspicious)
        return JwtFinding(QStringLiteral("jwt.kid_injection"), S::High,
                          QStringLiteral("\"kid\" contains path or SQL characters"),
                          QStringLiteral("The key id has characters such as '/', '..', quotes or ';'. Servers that "
                                         "build a file path or an SQL query from kid can be made to use a key the "
                                         "attacker knows (for example /dev/null, an empty secret)."),
                          QStringLiteral("RFC 8725 §3.10 / RFC 7515 §4.1.4"), QStringLiteral("header.kid"));
    return JwtFinding(QStringLiteral("jwt.kid"), S::Info, QStringLiteral("Key id (\"kid\") present"),
                      QStringLiteral("The server picks its key by this id. That is normal, but kid is attacker "
                                     "input: it must select from a fixed set of keys, never be used as a path or in "
                                     "a query."),
                      QStringLiteral("RFC 8725 §3.10 / RFC 7515 §4.1.4"), QStringLiteral("header.kid"));
}

JwtFinding JwtFinding::jku()
{
    return JwtFinding(QStringLiteral("jwt.jku"), S::High, QStringLiteral("Key set URL (\"jku\") in the header"),
                      QStringLiteral("The token tells the verifier where to download its key. A server that follows "
                                     "it lets the attacker supply the key (and can be used for server-side request "
                                     "forgery)."),
                      QStringLiteral("RFC 8725 §3.10 / RFC 7515 §4.1.2"), QStringLiteral("header.jku"));
}

JwtFinding JwtFinding::x5u()
{
    return JwtFinding(QStringLiteral("jwt.x5u"), S::High, QStringLiteral("Certificate URL (\"x5u\") in the header"),
                      QStringLiteral("The token tells the verifier where to download its certificate. A server that "
                                     "follows it lets the attacker supply the key."),
                      QStringLiteral("RFC 8725 §3.10 / RFC 7515 §4.1.5"), QStringLiteral("header.x5u"));
}

JwtFinding JwtFinding::embeddedJwk()
{
    return JwtFinding(QStringLiteral("jwt.embedded_jwk"), S::High, QStringLiteral("Embedded public key (\"jwk\")"),
                      QStringLiteral("The token carries its own verification key. A server that trusts it accepts "
                                     "tokens signed by anyone."),
                      QStringLiteral("CVE-2018-0114 / RFC 7515 §4.1.3"), QStringLiteral("header.jwk"));
}

JwtFinding JwtFinding::nonCanonicalBase64(const QString& segment)
{
    return JwtFinding(QStringLiteral("jwt.noncanonical_base64"), S::Low,
                      QStringLiteral("Non-canonical base64url in the %1").arg(segment),
                      QStringLiteral("The segment uses padding, '+' or '/', whitespace or non-zero spare bits. It was "
                                     "decoded leniently for display; strict verifiers reject it, and different "
                                     "texts decoding to the same bytes defeat token blocklists."),
                      QStringLiteral("RFC 7515 §2 / RFC 4648 §3.5"), segment);
}

JwtFinding JwtFinding::duplicateKey(const QString& path)
{
    return JwtFinding(QStringLiteral("jwt.duplicate_key"), S::High, QStringLiteral("Duplicate member name"),
                      QStringLiteral("The name %1 appears twice. Parsers disagree on which copy wins, so a checker and "
                                     "the server can read different claims from the same token.")
                          .arg(path),
                      QStringLiteral("RFC 7515 §4 / RFC 8259 §4"), path);
}

JwtFinding JwtFinding::sensitiveClaim(const QString& claim)
{
    return JwtFinding(QStringLiteral("jwt.sensitive_claim"), S::Medium,
                      QStringLiteral("Sensitive-looking claim \"%1\"").arg(claim),
                      QStringLiteral("A signed token is only encoded, not encrypted: anyone holding it can read this "
                                     "claim."),
                      QStringLiteral("RFC 7519 §12 / RFC 8725 §3.6"), QStringLiteral("payload.") + claim);
}

JwtFinding JwtFinding::subNotString(const QString& typeName)
{
    return JwtFinding(QStringLiteral("jwt.sub_not_string"), S::Medium, QStringLiteral("\"sub\" is not a string"),
                      QStringLiteral("The subject is a %1. It must be a string; PyJWT 2.10 and later refuse such "
                                     "tokens (flask-jwt-extended used to write integer ids here).")
                          .arg(typeName),
                      QStringLiteral("RFC 7519 §4.1.2"), QStringLiteral("payload.sub"));
}

JwtFinding JwtFinding::typUnusual(const QString& typ)
{
    return JwtFinding(QStringLiteral("jwt.typ_unusual"), S::Info, QStringLiteral("Unusual \"typ\" \"%1\"").arg(typ),
                      QStringLiteral("The header's type is neither \"JWT\" nor an application type ending in \"+jwt\". "
                                     "Explicit types keep one kind of token from being accepted as another."),
                      QStringLiteral("RFC 8725 §3.11 / RFC 7519 §5.1"), QStringLiteral("header.typ"));
}

JwtFinding JwtFinding::unsupportedCritical(const QString& where)
{
    return JwtFinding(QStringLiteral("jwt.crit"), S::Medium, QStringLiteral("Critical header extensions"),
                      QStringLiteral("The header lists extensions in \"crit\" that a verifier must understand or "
                                     "refuse the token; most libraries implement none."),
                      QStringLiteral("RFC 7515 §4.1.11"), where);
}

} // namespace gatehouse::core::jwt
