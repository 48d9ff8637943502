#pragma once

#include "common/Result.h"
#include "jwt/JwtAlgorithm.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSharedPointer>
#include <QString>

#include <memory>

namespace gatehouse::core::jwt {

class JwtKeyPrivate;

// A key usable for JWS: an HMAC secret, or an RSA / EC (P-256, P-384, P-521) / Ed25519 public or
// private key. Immutable and cheap to copy (shared). Secret material is wiped when the last copy goes.
//
// Loading is where key confusion is stopped (CVE-2016-10555, CVE-2022-29217): fromHmacSecret refuses
// anything that looks like a PEM block, an X.509 certificate or an SSH public key, so a public key can
// never be replayed as an HMAC secret.
class JwtKey
{
public:
    enum class SecretEncoding
    {
        Utf8,      // the bytes as given
        Base64Url, // strict base64url
        Hex
    };

    JwtKey();
    ~JwtKey();
    JwtKey(const JwtKey&);
    JwtKey& operator=(const JwtKey&);

    // HMAC secret. Any length is accepted (the linter reports short ones). Errors: key.hmac.looks_asymmetric
    // (PEM block, SSH public key, DER or base64 DER key/certificate, RSA/EC/OKP JWK JSON, also after
    // decoding), key.hmac.empty, key.hmac.encoding, key.too_large (over 1 MiB).
    static Result<JwtKey> fromHmacSecret(const QByteArray& secret, SecretEncoding encoding = SecretEncoding::Utf8);
    // PEM: "PUBLIC KEY", "PRIVATE KEY", "RSA PUBLIC/PRIVATE KEY", "EC PRIVATE KEY", or "CERTIFICATE"
    // (the certificate's public key); "EC PARAMETERS" blocks are skipped. Also accepts DER. Encrypted
    // keys are refused, never prompted for. Errors: key.pem.encrypted, key.pem.malformed,
    // key.pem.unsupported_label, key.unsupported (Ed448, X25519, DSA, OpenSSH...), key.ec.curve_unsupported,
    // key.ec.point_invalid, key.ec.mismatch, key.rsa.too_small (<512), key.rsa.too_large (>16384),
    // key.rsa.invalid, key.too_large.
    static Result<JwtKey> fromPem(const QByteArray& pem);
    // A JWK (RFC 7517) object: kty oct/RSA/EC/OKP(Ed25519); members are strict base64url, EC coordinates
    // full length and on the curve. An "alg" member restricts the key to that algorithm; "use": "enc" is
    // refused. Errors: key.jwk.* (member, base64url, kty_unsupported, crv_unsupported, ec_coordinate_length,
    // okp_length, mismatch, use_enc, key_ops, alg_unsupported, alg_mismatch, unsupported), key.ec.*, key.rsa.*.
    static Result<JwtKey> fromJwk(const QJsonObject& jwk);
    // A JWKS ({"keys": [...]}); selects the key whose "kid" matches `kid`; with an empty kid, only a
    // set of exactly one key is accepted. When several keys share the kid, a single non-"enc" one wins.
    // Errors: key.jwks.member, key.jwks.empty, key.jwks.kid_not_found, key.jwks.ambiguous, then key.jwk.*.
    static Result<JwtKey> fromJwks(const QJsonObject& jwks, const QString& kid);
    // Guesses the format of user-supplied key text: JWKS, JWK, PEM/certificate, DER, a bare base64 DER
    // body, else an HMAC secret (UTF-8, with the key-confusion guard). Errors: those of the chosen loader,
    // key.json.invalid, key.ssh.unsupported.
    static Result<JwtKey> fromAnyText(const QByteArray& text, const QString& kid = {});
    // A fresh key for `alg`: a random secret of the hash size (HS*), an RSA key of rsaBits (RS*/PS*,
    // at least 2048), a key on the algorithm's curve (ES*) or an Ed25519 key. Errors: key.generate.
    static Result<JwtKey> generate(Algorithm alg, int rsaBits = 2048);

    bool isNull() const;
    KeyKind kind() const;
    bool hasPrivate() const;   // can sign (HMAC keys always can)
    int bits() const;          // RSA modulus / EC field / HMAC secret bits
    QString curveName() const; // "P-256", "P-384", "P-521", "Ed25519" or empty
    QString kid() const;       // from a JWK, if it had one
    QString describe() const;  // "RSA 2048-bit public key", never any key material
    // Algorithms this key may be used with (the allow-list the verifier binds to the key).
    QList<Algorithm> compatibleAlgorithms() const;

    // Public key as a JWK object (no private members; for "oct" keys returns an empty object).
    QJsonObject publicJwk() const;
    // Public key as a "PUBLIC KEY" (SPKI) PEM block; empty for HMAC keys.
    QByteArray publicPem() const;

    // Internal to core/jwt: the implementation (EVP_PKEY or secret bytes, precomputed HMAC).
    const JwtKeyPrivate* d() const { return m_d.get(); }

private:
    friend class JwtKeyLoader;
    explicit JwtKey(std::shared_ptr<const JwtKeyPrivate> d);

    std::shared_ptr<const JwtKeyPrivate> m_d;
};

} // namespace gatehouse::core::jwt
