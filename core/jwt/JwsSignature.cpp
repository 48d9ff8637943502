#include "jwt/JwsSignature.h"

#include "crypto/EcdsaSignature.h"
#include "crypto/OpenSslPtr.h"
#include "jwt/JwtKeyPrivate.h"

#include <openssl/err.h>
#include <openssl/rsa.h>

namespace gatehouse::core::jwt::jws {

namespace {

// RFC 7518 §3.3: keys of 2048 bits or larger MUST be used with RS*/PS*. Smaller keys still verify
// (old tokens can be inspected) but Gatehouse never creates new signatures with them.
constexpr int kMinRsaSigningBits = 2048;

Error error(const char* code, const QString& message)
{
    return Error::make(QLatin1String(code), message);
}

struct OpenSslErrorScope
{
    ~OpenSslErrorScope() { ERR_clear_error(); }
};

const EVP_MD* digestFor(Algorithm alg)
{
    switch (alg) {
    case Algorithm::RS256:
    case Algorithm::PS256:
    case Algorithm::ES256:
        return EVP_sha256();
    case Algorithm::RS384:
    case Algorithm::PS384:
    case Algorithm::ES384:
        return EVP_sha384();
    case Algorithm::RS512:
    case Algorithm::PS512:
    case Algorithm::ES512:
        return EVP_sha512();
    default:
        return nullptr; // EdDSA signs the message itself
    }
}

bool isPss(Algorithm alg)
{
    return alg == Algorithm::PS256 || alg == Algorithm::PS384 || alg == Algorithm::PS512;
}

// Refuses alg none and any algorithm the key is not bound to (key confusion, RFC 8725 §3.1).
Status checkBinding(Algorithm alg, const JwtKey& key)
{
    if (alg == Algorithm::None)
        return error("jws.alg_none", QStringLiteral("alg \"none\" is never signed or verified"));
    const JwtKeyPrivate* d = key.d();
    if (!d || !d->allows(alg))
        return error("jws.alg_key_mismatch",
                     QStringLiteral("%1 cannot be used with %2")
                         .arg(algorithmName(alg), key.isNull() ? QStringLiteral("no key") : key.describe()));
    return {};
}

// RSA padding for RS* / PS*; PSS uses MGF1 with the same hash and a salt as long as the hash, both when
// signing and when verifying (RFC 7518 §3.5).
bool configurePadding(EVP_PKEY_CTX* pctx, Algorithm alg, const EVP_MD* md)
{
    if (keyKindFor(alg) != KeyKind::Rsa)
        return true;
    if (!isPss(alg))
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0;
}

Result<QByteArray> digestSign(Algorithm alg, EVP_PKEY* pkey, QByteArrayView input)
{
    const EVP_MD* md = digestFor(alg);
    crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, pkey) != 1 || !configurePadding(pctx, alg, md))
        return error("jws.crypto", QStringLiteral("OpenSSL could not set up %1 signing").arg(algorithmName(alg)));
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, data, size_t(input.size())) != 1)
        return error("jws.crypto", QStringLiteral("OpenSSL could not sign with %1").arg(algorithmName(alg)));
    QByteArray out(qsizetype(len), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, data, size_t(input.size())) != 1)
        return error("jws.crypto", QStringLiteral("OpenSSL could not sign with %1").arg(algorithmName(alg)));
    out.resize(qsizetype(len));
    return out;
}

bool digestVerify(Algorithm alg, EVP_PKEY* pkey, QByteArrayView input, QByteArrayView signature)
{
    const EVP_MD* md = digestFor(alg);
    crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, pkey) != 1 || !configurePadding(pctx, alg, md))
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            size_t(signature.size()), reinterpret_cast<const unsigned char*>(input.data()),
                            size_t(input.size())) == 1;
}

} // namespace

Result<QByteArray> sign(Algorithm alg, const JwtKey& key, QByteArrayView signingInput)
{
    OpenSslErrorScope errors;
    if (Status bound = checkBinding(alg, key); !bound)
        return bound.error();
    const JwtKeyPrivate* d = key.d();
    if (!d->hasPrivate())
        return error("jws.no_private_key",
                     QStringLiteral("signing needs a private key; this is a %1").arg(key.describe()));
    switch (d->kind()) {
    case KeyKind::Hmac:
        return d->hmacFor(alg)->mac(signingInput);
    case KeyKind::Rsa:
        if (d->bits() < kMinRsaSigningBits)
            return error("jws.weak_key",
                         QStringLiteral("refusing to sign with a %1-bit RSA key (2048 bits at least)").arg(d->bits()));
        return digestSign(alg, d->pkey(), signingInput);
    case KeyKind::Ec: {
        auto der = digestSign(alg, d->pkey(), signingInput);
        if (!der)
            return der;
        auto raw = crypto::ecdsa::derToP1363(*d->ecCurve(), der.value());
        if (!raw)
            return error("jws.crypto", raw.error().message);
        return raw;
    }
    case KeyKind::Ed25519:
        return digestSign(alg, d->pkey(), signingInput);
    case KeyKind::None:
        break;
    }
    return error("jws.alg_key_mismatch", QStringLiteral("no usable key"));
}

Status verify(Algorithm alg, const JwtKey& key, QByteArrayView signingInput, QByteArrayView signature)
{
    if (Status bound = checkBinding(alg, key); !bound)
        return bound;
    const JwtKeyPrivate* d = key.d();
    const auto invalid = [&] {
        return error("jws.signature_invalid",
                     QStringLiteral("the %1 signature does not match").arg(algorithmName(alg)));
    };
    const auto wrongLength = [&](qsizetype expected) {
        return error("jws.signature_length", QStringLiteral("a %1 signature is %2 bytes, this one is %3")
                                                 .arg(algorithmName(alg))
                                                 .arg(expected)
                                                 .arg(signature.size()));
    };
    if (d->kind() == KeyKind::Hmac) {
        // Hot path: precomputed pads, no OpenSSL call, constant-time tag comparison.
        const crypto::PrecomputedHmac* mac = d->hmacFor(alg);
        if (signature.size() != mac->digestSize())
            return wrongLength(mac->digestSize());
        if (!mac->verify(signingInput, signature))
            return invalid();
        return {};
    }
    OpenSslErrorScope errors;
    switch (d->kind()) {
    case KeyKind::Rsa: {
        const int size = EVP_PKEY_get_size(d->pkey());
        if (signature.size() != size)
            return wrongLength(size);
        break;
    }
    case KeyKind::Ec: {
        auto der = crypto::ecdsa::p1363ToDer(*d->ecCurve(), signature);
        if (!der) {
            if (der.error().code == QLatin1String("ecdsa.length"))
                return wrongLength(2 * crypto::ecdsa::scalarSize(*d->ecCurve()));
            if (der.error().code == QLatin1String("ecdsa.range"))
                return Error::make(QStringLiteral("jws.signature_range"), der.error().message, der.error().where);
            return error("jws.crypto", der.error().message);
        }
        if (!digestVerify(alg, d->pkey(), signingInput, der.value()))
            return invalid();
        return {};
    }
    case KeyKind::Ed25519:
        if (signature.size() != 64)
            return wrongLength(64);
        break;
    default:
        return invalid();
    }
    if (!digestVerify(alg, d->pkey(), signingInput, signature))
        return invalid();
    return {};
}

} // namespace gatehouse::core::jwt::jws
