#pragma once

#include "common/Result.h"
#include "crypto/Hmac.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace gatehouse::core::crack {

// Something whose HMAC secret can be searched for: an HS256/384/512 JWT or a Flask session cookie.
struct CrackTarget
{
    enum class Kind
    {
        Jwt,
        FlaskSession,
    };
    Kind kind = Kind::Jwt;
    QByteArray text; // the token or cookie as given
    crypto::HashAlgorithm hash = crypto::HashAlgorithm::Sha256;
    QByteArray message;   // JWT signing input, or the cookie's signed part
    QByteArray signature; // raw MAC bytes
    QByteArray salt;      // Flask only: the itsdangerous salt ("cookie-session")

    // Parsed with core/jwt's JwtToken. Errors: its jwt.* codes for a malformed token, crack.jwt.format
    // (JWE, short signature), crack.jwt.alg (not HS256/384/512).
    static Result<CrackTarget> fromJwt(QByteArrayView token);
    // Errors: those of FlaskSession::decode.
    static Result<CrackTarget> fromFlaskSession(QByteArrayView cookie,
                                                const QByteArray& salt = QByteArrayLiteral("cookie-session"));
    // A JWT or a Flask session, whichever the text is. Errors: crack.target.unknown or the above.
    static Result<CrackTarget> detect(QByteArrayView text,
                                      const QByteArray& salt = QByteArrayLiteral("cookie-session"));

    // Slow path (one full check, constant-time compare): does `secret` sign this target?
    bool matches(QByteArrayView secret) const;
    QString describe() const; // "HS256 JWT", "Flask session"
};

} // namespace gatehouse::core::crack
