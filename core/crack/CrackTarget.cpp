#include "crack/CrackTarget.h"

#include "cookie/TokenSniffer.h"
#include "crypto/ConstantTime.h"
#include "flask/FlaskSession.h"
#include "jwt/JwtToken.h"

namespace gatehouse::core::crack {

Result<CrackTarget> CrackTarget::fromJwt(QByteArrayView token)
{
    // core/jwt's parser decides what a well-formed token is (and says which segment is broken); the search
    // only needs its algorithm, signing input and signature.
    const jwt::JwtToken parsed = jwt::JwtToken::parse(token.toByteArray());
    if (parsed.form() == jwt::JwtToken::Form::Jwe)
        return Error::make(QStringLiteral("crack.jwt.format"),
                           QStringLiteral("An encrypted token (JWE) has no HMAC signature to search."));
    if (!parsed.isWellFormed())
        return parsed.errors().first();
    const QString alg = parsed.algorithmText();
    CrackTarget target;
    if (alg == QLatin1String("HS256"))
        target.hash = crypto::HashAlgorithm::Sha256;
    else if (alg == QLatin1String("HS384"))
        target.hash = crypto::HashAlgorithm::Sha384;
    else if (alg == QLatin1String("HS512"))
        target.hash = crypto::HashAlgorithm::Sha512;
    else
        return Error::make(QStringLiteral("crack.jwt.alg"),
                           QStringLiteral("Only HMAC tokens (HS256/384/512) have a secret to search for; this one is "
                                          "'%1'.")
                               .arg(alg),
                           QStringLiteral("header.alg"));
    if (parsed.signature().decoded.size() != crypto::digestSize(target.hash))
        return Error::make(QStringLiteral("crack.jwt.format"),
                           QStringLiteral("The signature is not a full-length %1 MAC.").arg(alg),
                           QStringLiteral("signature"));
    target.kind = Kind::Jwt;
    target.text = parsed.token().toByteArray();
    target.message = parsed.signingInput().toByteArray();
    target.signature = parsed.signature().decoded;
    return target;
}

Result<CrackTarget> CrackTarget::fromFlaskSession(QByteArrayView cookie, const QByteArray& salt)
{
    auto s = flask::FlaskSession::decode(cookie);
    if (!s)
        return s.error();
    if (s->signature.size() != 20)
        return Error::make(QStringLiteral("crack.flask.digest"),
                           QStringLiteral("Only Flask's default HMAC-SHA1 signatures are searched."),
                           QStringLiteral("signature"));
    CrackTarget target;
    target.kind = Kind::FlaskSession;
    target.text = cookie.toByteArray().trimmed();
    target.hash = crypto::HashAlgorithm::Sha1;
    target.message = s->signedPart;
    target.signature = s->signature;
    target.salt = salt;
    return target;
}

Result<CrackTarget> CrackTarget::detect(QByteArrayView text, const QByteArray& salt)
{
    const QByteArray t = text.toByteArray().trimmed();
    switch (cookie::sniffToken(t)) {
    case cookie::TokenKind::Jwt:
        return fromJwt(t);
    case cookie::TokenKind::FlaskSession:
        return fromFlaskSession(t, salt);
    case cookie::TokenKind::Unknown:
        break;
    }
    return Error::make(QStringLiteral("crack.target.unknown"),
                       QStringLiteral("This is neither a JWT nor a Flask session cookie."));
}

bool CrackTarget::matches(QByteArrayView secret) const
{
    if (kind == Kind::FlaskSession) {
        const QByteArray key = flask::flaskDeriveKey(secret, salt);
        return crypto::constantTimeEquals(crypto::hmac(crypto::HashAlgorithm::Sha1, key, message), signature);
    }
    return crypto::constantTimeEquals(crypto::hmac(hash, secret, message), signature);
}

QString CrackTarget::describe() const
{
    if (kind == Kind::FlaskSession)
        return QStringLiteral("Flask session");
    switch (hash) {
    case crypto::HashAlgorithm::Sha384:
        return QStringLiteral("HS384 JWT");
    case crypto::HashAlgorithm::Sha512:
        return QStringLiteral("HS512 JWT");
    default:
        return QStringLiteral("HS256 JWT");
    }
}

} // namespace gatehouse::core::crack
