#include "jwt/ClaimsValidator.h"

#include "common/Clock.h"

#include <cmath>
#include <ctime>

namespace gatehouse::core::jwt {

namespace {

QString where(QByteArrayView claim)
{
    return QStringLiteral("payload.") + QString::fromUtf8(claim);
}

Error typeError(QByteArrayView claim, const json::JsonRef& v, const QString& expected)
{
    return Error::make(
        QStringLiteral("jwt.claim_type"),
        QStringLiteral("claim \"%1\" must be %2, but it is a %3").arg(QString::fromUtf8(claim), expected, v.typeName()),
        where(claim));
}

QString timeText(double t)
{
    return QString::number(t, 'f', 0);
}

} // namespace

Status ClaimsValidator::validate(const json::JsonRef& payload, const ClaimRequirements& r)
{
    if (!payload.isObject())
        return Error::make(QStringLiteral("jwt.segment.not_object"), QStringLiteral("the payload is not a JSON object"),
                           QStringLiteral("payload"));
    for (const QString& name : r.requiredClaims) {
        const QByteArray n = name.toUtf8();
        if (!payload.member(n).isValid())
            return Error::make(QStringLiteral("jwt.claim_missing"),
                               QStringLiteral("the required claim \"%1\" is missing").arg(name), where(n));
    }

    // NumericDate claims must be JSON numbers (RFC 7519 §2); strings and booleans are refused even though
    // some libraries coerce them.
    // One pass over the members picks out the registered claims (all three letters long); with
    // duplicates the last wins, as member() would say.
    json::JsonRef exp, nbf, iat, sub, jti, iss, aud;
    for (json::JsonRef c = payload.firstChild(); c.isValid(); c = c.nextSibling(payload)) {
        const QByteArrayView k = c.key();
        if (k.size() != 3)
            continue;
        // Three-byte names compared as one integer (no memcmp call per member).
        const quint32 v = (quint32(quint8(k[0])) << 16) | (quint32(quint8(k[1])) << 8) | quint32(quint8(k[2]));
        constexpr auto name = [](const char(&n)[4]) {
            return (quint32(quint8(n[0])) << 16) | (quint32(quint8(n[1])) << 8) | quint32(quint8(n[2]));
        };
        switch (v) {
        case name("exp"):
            exp = c;
            break;
        case name("nbf"):
            nbf = c;
            break;
        case name("iat"):
            iat = c;
            break;
        case name("sub"):
            sub = c;
            break;
        case name("jti"):
            jti = c;
            break;
        case name("iss"):
            iss = c;
            break;
        case name("aud"):
            aud = c;
            break;
        default:
            break;
        }
    }
    for (const auto& [name, v] : {std::pair{QByteArrayView("exp"), exp}, std::pair{QByteArrayView("nbf"), nbf},
                                  std::pair{QByteArrayView("iat"), iat}}) {
        if (v.isValid() && (!v.isNumber() || !std::isfinite(v.toDouble())))
            return typeError(name, v, QStringLiteral("a number (seconds since the epoch)"));
    }
    if (sub.isValid() && !sub.isString())
        return typeError("sub", sub, QStringLiteral("a string (RFC 7519 §4.1.2; PyJWT 2.10+ refuses others)"));
    if (jti.isValid() && !jti.isString())
        return typeError("jti", jti, QStringLiteral("a string"));
    if (iss.isValid() && !iss.isString())
        return typeError("iss", iss, QStringLiteral("a string"));
    if (aud.isValid()) {
        bool ok = aud.isString();
        if (aud.isArray()) {
            ok = true;
            for (json::JsonRef a = aud.firstChild(); a.isValid(); a = a.nextSibling(aud))
                ok = ok && a.isString();
        }
        if (!ok)
            return typeError("aud", aud, QStringLiteral("a string or an array of strings"));
    }

    // The clock is read only when a time claim is checked. Without an injected clock this is
    // SystemClock's reading at second resolution through time(), which the vDSO answers from the kernel's
    // seconds counter, several times cheaper than the sub-second reading (a visible share of an HS256
    // verification).
    const bool timed = (r.verifyExpiry && exp.isValid()) || (r.verifyNotBefore && nbf.isValid()) ||
                       (r.verifyIssuedAt && iat.isValid());
    const qint64 now = !timed ? 0 : r.clock ? r.clock->nowSeconds() : qint64(std::time(nullptr));
    const double leeway = double(r.leewaySeconds);
    if (r.verifyExpiry && exp.isValid() && exp.toDouble() <= double(now) - leeway)
        return Error::make(QStringLiteral("jwt.expired"),
                           QStringLiteral("the token expired at %1; it is now %2 (leeway %3 s)")
                               .arg(timeText(exp.toDouble()))
                               .arg(now)
                               .arg(r.leewaySeconds),
                           QStringLiteral("payload.exp"));
    if (r.verifyNotBefore && nbf.isValid() && nbf.toDouble() > double(now) + leeway)
        return Error::make(QStringLiteral("jwt.not_yet_valid"),
                           QStringLiteral("the token is not valid before %1; it is now %2 (leeway %3 s)")
                               .arg(timeText(nbf.toDouble()))
                               .arg(now)
                               .arg(r.leewaySeconds),
                           QStringLiteral("payload.nbf"));
    if (r.verifyIssuedAt && iat.isValid() && iat.toDouble() > double(now) + leeway)
        return Error::make(QStringLiteral("jwt.iat_future"),
                           QStringLiteral("the token says it was issued at %1, in the future (now %2, leeway %3 s)")
                               .arg(timeText(iat.toDouble()))
                               .arg(now)
                               .arg(r.leewaySeconds),
                           QStringLiteral("payload.iat"));

    if (!r.expectedIssuer.isEmpty()) {
        if (!iss.isValid())
            return Error::make(QStringLiteral("jwt.claim_missing"),
                               QStringLiteral("an issuer is expected but the token has no \"iss\" claim"),
                               QStringLiteral("payload.iss"));
        if (iss.stringView() != QByteArrayView(r.expectedIssuer.toUtf8()))
            return Error::make(QStringLiteral("jwt.iss_mismatch"),
                               QStringLiteral("the issuer \"%1\" is not the expected one").arg(iss.toString()),
                               QStringLiteral("payload.iss"));
    }

    if (r.expectedAudiences.isEmpty()) {
        // PyJWT: a token meant for a specific audience is not accepted by a verifier that does not know
        // which audience it is (an empty aud is treated as absent, as PyJWT does).
        if (aud.isValid() && !(aud.isString() ? aud.stringView().isEmpty() : aud.size() == 0))
            return Error::make(QStringLiteral("jwt.aud_unexpected"),
                               QStringLiteral("the token is restricted to an audience (\"aud\"), but no expected "
                                              "audience was configured"),
                               QStringLiteral("payload.aud"));
    } else {
        if (!aud.isValid())
            return Error::make(QStringLiteral("jwt.claim_missing"),
                               QStringLiteral("an audience is expected but the token has no \"aud\" claim"),
                               QStringLiteral("payload.aud"));
        auto matches = [&](QByteArrayView a) {
            for (const QString& e : r.expectedAudiences)
                if (QByteArrayView(e.toUtf8()) == a)
                    return true;
            return false;
        };
        bool found = false;
        if (aud.isString()) {
            found = matches(aud.stringView());
        } else {
            for (json::JsonRef a = aud.firstChild(); a.isValid() && !found; a = a.nextSibling(aud))
                found = matches(a.stringView());
        }
        if (!found)
            return Error::make(QStringLiteral("jwt.aud_mismatch"),
                               QStringLiteral("none of the token's audiences is an expected audience"),
                               QStringLiteral("payload.aud"));
    }
    return {};
}

} // namespace gatehouse::core::jwt
