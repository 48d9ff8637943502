#pragma once

#include "crypto/EcdsaSignature.h"
#include "crypto/Hmac.h"
#include "crypto/OpenSslPtr.h"
#include "jwt/JwtAlgorithm.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace gatehouse::core::jwt {

// Internal to core/jwt (and its tests): what a JwtKey holds. Immutable once built by the loader, so a
// key may be shared by verifier threads without locking; OpenSSL 3 allows concurrent use of one
// EVP_PKEY for signing and verification.
class JwtKeyPrivate
{
public:
    JwtKeyPrivate() = default;
    ~JwtKeyPrivate();
    JwtKeyPrivate(const JwtKeyPrivate&) = delete;
    JwtKeyPrivate& operator=(const JwtKeyPrivate&) = delete;

    // HMAC with the key pads hashed once at load time: the verifier's HS hot path calls
    // hmacFor(alg)->verify(...) with no OpenSSL EVP call and no per-token key derivation.
    // nullptr unless this is an HMAC key, alg is HS256/384/512 and the key allows alg (a JWK "alg"
    // member restricts it), so a non-null result is also the binding check.
    const crypto::PrecomputedHmac* hmacFor(Algorithm alg) const;

    // The asymmetric key (nullptr for HMAC keys).
    EVP_PKEY* pkey() const { return m_pkey.get(); }
    // The HMAC secret bytes (empty for asymmetric keys). Never log them.
    const QByteArray& secret() const { return m_secret; }

    KeyKind kind() const { return m_kind; }
    bool hasPrivate() const { return m_hasPrivate; }
    int bits() const { return m_bits; }
    const QString& curveName() const { return m_curveName; }
    // For EC keys, the curve (for the R‖S size and range check).
    std::optional<crypto::ecdsa::Curve> ecCurve() const { return m_ecCurve; }
    const QString& kid() const { return m_kid; }
    // The JWK's "alg" member, if it had one: the only algorithm the key may then be used with.
    std::optional<Algorithm> restrictedAlgorithm() const { return m_restrictedAlgorithm; }
    QList<Algorithm> compatibleAlgorithms() const;
    // compatibleAlgorithms().contains(alg) without building a list (the verifier's hot path).
    bool allows(Algorithm alg) const;

    // Building (used by the loader only).
    void setHmacSecret(const QByteArray& secret);
    void setAsymmetric(crypto::EvpPkeyPtr pkey, KeyKind kind, bool hasPrivate, int bits, const QString& curveName,
                       std::optional<crypto::ecdsa::Curve> curve);
    void setKid(const QString& kid) { m_kid = kid; }
    void setRestrictedAlgorithm(std::optional<Algorithm> alg) { m_restrictedAlgorithm = alg; }

private:
    KeyKind m_kind = KeyKind::None;
    crypto::EvpPkeyPtr m_pkey;
    QByteArray m_secret;
    std::optional<crypto::PrecomputedHmac> m_hs256;
    std::optional<crypto::PrecomputedHmac> m_hs384;
    std::optional<crypto::PrecomputedHmac> m_hs512;
    bool m_hasPrivate = false;
    int m_bits = 0;
    QString m_curveName;
    std::optional<crypto::ecdsa::Curve> m_ecCurve;
    QString m_kid;
    std::optional<Algorithm> m_restrictedAlgorithm;
};

} // namespace gatehouse::core::jwt
