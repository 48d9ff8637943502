#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace gatehouse::core {
class Clock;
}

namespace gatehouse::core::jwt {

// What the caller expects of a token's claims (RFC 7519 §4.1). Follows PyJWT's rules where they are
// sound: exp is expired when exp <= now - leeway, nbf and iat are in the future when > now + leeway; a
// token carrying "aud" is refused when no audience is expected.
struct ClaimRequirements
{
    const Clock* clock = nullptr; // nullptr: the system clock
    qint64 leewaySeconds = 60;
    QStringList requiredClaims;    // names that must be present ("exp", "sub", ...)
    QString expectedIssuer;        // empty: iss is not checked (but must be a string if present)
    QStringList expectedAudiences; // any one must match; empty: the token must not carry aud
    bool verifyExpiry = true;
    bool verifyNotBefore = true;
    bool verifyIssuedAt = true; // refuse iat in the future (PyJWT's ImmatureSignatureError)
};

} // namespace gatehouse::core::jwt
