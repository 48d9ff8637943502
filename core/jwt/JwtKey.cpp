#include "jwt/JwtKey.h"

#include "common/Base64Url.h"
#include "jwt/JwtKeyPrivate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <vector>

namespace gatehouse::core::jwt {

using crypto::BignumPtr;
using crypto::EvpPkeyCtxPtr;
using crypto::EvpPkeyPtr;
using crypto::ecdsa::Curve;

namespace {

// Key text larger than this is refused before any parsing: no legitimate key or JWKS comes close.
constexpr qsizetype kMaxKeyText = 1024 * 1024;
// OpenSSL's own verification limit (OPENSSL_RSA_MAX_MODULUS_BITS); anything larger is refused at load.
constexpr int kMaxRsaBits = 16384;
// Below this an RSA "key" is not a key at all; 512..2047 loads for verification, signing refuses it.
constexpr int kMinRsaBits = 512;

Error error(const char* code, const QString& message, const QString& where = {})
{
    return Error::make(QLatin1String(code), message, where);
}

// Clears OpenSSL's thread-local error queue when a loader returns, so failures on hostile input do not
// pile up there or leak into unrelated later error reports.
struct OpenSslErrorScope
{
    ~OpenSslErrorScope() { ERR_clear_error(); }
};

bool startsWith(QByteArrayView text, const char* prefix)
{
    return text.startsWith(QByteArrayView(prefix));
}

bool containsBytes(QByteArrayView text, const char* needle)
{
    return QByteArray::fromRawData(text.data(), text.size()).contains(needle);
}

// A DER blob that OpenSSL accepts as a public key, private key, certificate or encrypted private key.
bool derParsesAsKeyOrCert(QByteArrayView der)
{
    OpenSslErrorScope errors;
    if (der.isEmpty() || static_cast<unsigned char>(der.front()) != 0x30)
        return false;
    const auto* begin = reinterpret_cast<const unsigned char*>(der.data());
    const long len = long(der.size());
    const unsigned char* p = begin;
    if (EvpPkeyPtr(d2i_PUBKEY(nullptr, &p, len)))
        return true;
    p = begin;
    if (crypto::X509Ptr(d2i_X509(nullptr, &p, len)))
        return true;
    p = begin;
    if (EvpPkeyPtr(d2i_AutoPrivateKey(nullptr, &p, len)))
        return true;
    p = begin;
    if (EvpPkeyPtr(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, len)))
        return true;
    p = begin;
    return bool(crypto::X509SigPtr(d2i_X509_SIG(nullptr, &p, len)));
}

// Standard or URL-safe base64 (whitespace allowed, as in a pasted PEM body without its armour).
std::optional<QByteArray> decodeAnyBase64(QByteArrayView text)
{
    QByteArray compact;
    compact.reserve(text.size());
    for (char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            compact.append(c);
    }
    for (auto option : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
        auto decoded = QByteArray::fromBase64Encoding(compact, option | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            return *decoded;
    }
    return std::nullopt;
}

bool isAsymmetricKty(const QJsonValue& kty)
{
    const QString k = kty.toString();
    return k == QLatin1String("RSA") || k == QLatin1String("EC") || k == QLatin1String("OKP");
}

// Key confusion guard (CVE-2016-10555, CVE-2022-29217): true for anything that is, or encodes, an
// asymmetric key or certificate, so it can never become an HMAC secret.
bool looksAsymmetric(QByteArrayView raw)
{
    const QByteArrayView text = raw.trimmed();
    if (text.isEmpty())
        return false;
    if (containsBytes(raw, "-----BEGIN") || containsBytes(raw, "BEGIN SSH2 PUBLIC KEY"))
        return true;
    for (const char* prefix :
         {"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-ed25519@", "sk-ecdsa-sha2-"}) {
        if (startsWith(text, prefix))
            return true;
    }
    if (text.front() == '{') {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray());
        if (doc.isObject()) {
            const QJsonObject obj = doc.object();
            if (isAsymmetricKty(obj.value(QLatin1String("kty"))))
                return true;
            const QJsonArray keys = obj.value(QLatin1String("keys")).toArray();
            for (const QJsonValue& k : keys) {
                if (isAsymmetricKty(k.toObject().value(QLatin1String("kty"))))
                    return true;
            }
        }
    }
    if (derParsesAsKeyOrCert(raw))
        return true;
    // A PEM body without its armour: DER SEQUENCEs encode to base64 starting with 'M'.
    if (text.front() == 'M' && text.size() >= 16) {
        const auto decoded = decodeAnyBase64(text);
        if (decoded && derParsesAsKeyOrCert(*decoded))
            return true;
    }
    return false;
}

std::optional<QByteArray> decodeStrictHex(QByteArrayView text)
{
    if (text.size() % 2 != 0)
        return std::nullopt;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return std::nullopt;
    }
    return QByteArray::fromHex(text.toByteArray());
}

struct CurveInfo
{
    const char* jwkName;
    const char* opensslName;
    Curve curve;
    Algorithm algorithm;
};

constexpr std::array<CurveInfo, 3> kCurves{{
    {"P-256", "prime256v1", Curve::P256, Algorithm::ES256},
    {"P-384", "secp384r1", Curve::P384, Algorithm::ES384},
    {"P-521", "secp521r1", Curve::P521, Algorithm::ES512},
}};

const CurveInfo* curveByJwkName(const QString& name)
{
    for (const auto& c : kCurves) {
        if (name == QLatin1String(c.jwkName))
            return &c;
    }
    return nullptr;
}

const CurveInfo* curveByCurve(Curve curve)
{
    for (const auto& c : kCurves) {
        if (c.curve == curve)
            return &c;
    }
    return nullptr;
}

// Owns what PEM_read_bio hands out; the body of a private key block is wiped before it is freed.
struct PemBlock
{
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    ~PemBlock()
    {
        if (data)
            OPENSSL_cleanse(data, size_t(length));
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
    }
};

enum class DerKind
{
    PublicKey,   // SubjectPublicKeyInfo
    RsaPublic,   // PKCS#1 RSAPublicKey
    Certificate, // X.509
    PrivateKey,  // PKCS#8 or a traditional format OpenSSL recognises
    RsaPrivate,  // PKCS#1 RSAPrivateKey
    EcPrivate    // SEC1 ECPrivateKey
};

struct ParsedDer
{
    EvpPkeyPtr pkey;
    bool isPrivate = false;
};

// Parses DER of a known kind; the whole input must be consumed.
std::optional<ParsedDer> parseDer(DerKind kind, QByteArrayView der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    const auto* end = p + der.size();
    const long len = long(der.size());
    ParsedDer out;
    switch (kind) {
    case DerKind::PublicKey:
        out.pkey.reset(d2i_PUBKEY(nullptr, &p, len));
        break;
    case DerKind::RsaPublic:
        out.pkey.reset(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, len));
        break;
    case DerKind::Certificate: {
        crypto::X509Ptr cert(d2i_X509(nullptr, &p, len));
        if (cert)
            out.pkey.reset(X509_get_pubkey(cert.get()));
        break;
    }
    case DerKind::PrivateKey:
        out.pkey.reset(d2i_AutoPrivateKey(nullptr, &p, len));
        out.isPrivate = true;
        break;
    case DerKind::RsaPrivate:
        out.pkey.reset(d2i_PrivateKey(EVP_PKEY_RSA, nullptr, &p, len));
        out.isPrivate = true;
        break;
    case DerKind::EcPrivate:
        out.pkey.reset(d2i_PrivateKey(EVP_PKEY_EC, nullptr, &p, len));
        out.isPrivate = true;
        break;
    }
    if (!out.pkey || p != end)
        return std::nullopt;
    return out;
}

bool isEncryptedPkcs8(QByteArrayView der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    return bool(crypto::X509SigPtr(d2i_X509_SIG(nullptr, &p, long(der.size()))));
}

} // namespace

// Builds JwtKeys; the one place allowed to call JwtKey's private constructor.
class JwtKeyLoader
{
public:
    static JwtKey wrap(std::shared_ptr<const JwtKeyPrivate> d) { return JwtKey(std::move(d)); }

    static Result<std::shared_ptr<JwtKeyPrivate>> fromEvp(EvpPkeyPtr pkey, bool isPrivate);
    static Result<std::shared_ptr<JwtKeyPrivate>> fromPemBytes(QByteArrayView pem);
    static Result<std::shared_ptr<JwtKeyPrivate>> fromDerBytes(QByteArrayView der);
    static Result<std::shared_ptr<JwtKeyPrivate>> fromJwkObject(const QJsonObject& jwk);
    static std::shared_ptr<JwtKeyPrivate> hmac(const QByteArray& secret)
    {
        auto d = std::make_shared<JwtKeyPrivate>();
        d->setHmacSecret(secret);
        return d;
    }
};

Result<std::shared_ptr<JwtKeyPrivate>> JwtKeyLoader::fromEvp(EvpPkeyPtr pkey, bool isPrivate)
{
    OpenSslErrorScope errors;
    if (!pkey)
        return error("key.invalid", QStringLiteral("not a usable key"));
    KeyKind kind = KeyKind::None;
    QString curveName;
    std::optional<Curve> curve;
    int bits = EVP_PKEY_get_bits(pkey.get());
    switch (EVP_PKEY_get_base_id(pkey.get())) {
    case EVP_PKEY_RSA:
        kind = KeyKind::Rsa;
        if (bits > kMaxRsaBits)
            return error("key.rsa.too_large",
                         QStringLiteral("RSA keys larger than %1 bits are not supported").arg(kMaxRsaBits));
        if (bits < kMinRsaBits)
            return error("key.rsa.too_small", QStringLiteral("RSA key of %1 bits is too small to be a key").arg(bits));
        break;
    case EVP_PKEY_EC: {
        kind = KeyKind::Ec;
        char group[80] = {};
        size_t groupLen = 0;
        if (EVP_PKEY_get_utf8_string_param(pkey.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &groupLen) != 1)
            return error("key.ec.curve_unsupported", QStringLiteral("EC key without a named curve"));
        for (const auto& c : kCurves) {
            if (qstrcmp(group, c.opensslName) == 0 || qstrcmp(group, c.jwkName) == 0) {
                curve = c.curve;
                curveName = QLatin1String(c.jwkName);
            }
        }
        if (!curve)
            return error("key.ec.curve_unsupported",
                         QStringLiteral("EC curve %1 is not used by JWS (P-256, P-384, P-521 only)")
                             .arg(QString::fromLatin1(group, qsizetype(qstrnlen(group, sizeof group)))));
        break;
    }
    case EVP_PKEY_ED25519:
        kind = KeyKind::Ed25519;
        curveName = QStringLiteral("Ed25519");
        bits = 256;
        break;
    default:
        return error("key.unsupported", QStringLiteral("key type %1 is not supported for JWS")
                                            .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(pkey.get()))));
    }
    if (kind == KeyKind::Rsa || kind == KeyKind::Ec) {
        EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
        if (!ctx || EVP_PKEY_public_check(ctx.get()) != 1)
            return error(kind == KeyKind::Ec ? "key.ec.point_invalid" : "key.rsa.invalid",
                         kind == KeyKind::Ec ? QStringLiteral("EC public point is not valid on its curve")
                                             : QStringLiteral("RSA public key is not valid"));
    }
    if (kind == KeyKind::Ec && isPrivate) {
        // SEC1 and PKCS#8 carry the public point beside d; a key whose halves disagree would sign
        // tokens that its own public key rejects.
        EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
        if (!ctx || EVP_PKEY_private_check(ctx.get()) != 1 || EVP_PKEY_pairwise_check(ctx.get()) != 1)
            return error("key.ec.mismatch", QStringLiteral("EC private key does not match its public point"));
    }
    auto d = std::make_shared<JwtKeyPrivate>();
    d->setAsymmetric(std::move(pkey), kind, isPrivate, bits, curveName, curve);
    return d;
}

Result<std::shared_ptr<JwtKeyPrivate>> JwtKeyLoader::fromDerBytes(QByteArrayView der)
{
    OpenSslErrorScope errors;
    if (der.isEmpty() || static_cast<unsigned char>(der.front()) != 0x30)
        return error("key.pem.malformed", QStringLiteral("neither a PEM block nor DER"));
    for (DerKind kind : {DerKind::PublicKey, DerKind::Certificate, DerKind::PrivateKey, DerKind::RsaPublic}) {
        if (auto parsed = parseDer(kind, der))
            return fromEvp(std::move(parsed->pkey), parsed->isPrivate);
    }
    if (isEncryptedPkcs8(der))
        return error("key.pem.encrypted",
                     QStringLiteral("the private key is encrypted; decrypt it first (openssl pkey -in key.pem)"));
    return error("key.pem.malformed", QStringLiteral("DER data is not a key or certificate OpenSSL can read"));
}

Result<std::shared_ptr<JwtKeyPrivate>> JwtKeyLoader::fromPemBytes(QByteArrayView pem)
{
    OpenSslErrorScope errors;
    crypto::BioPtr bio = crypto::memoryBio(pem);
    if (!bio)
        return error("key.internal", QStringLiteral("out of memory"));
    QString firstLabel;
    for (int blocks = 0; blocks < 64; ++blocks) {
        PemBlock block;
        if (PEM_read_bio(bio.get(), &block.name, &block.header, &block.data, &block.length) != 1)
            break;
        const QByteArrayView label(block.name);
        const QByteArrayView body(reinterpret_cast<const char*>(block.data), qsizetype(block.length));
        if (firstLabel.isEmpty())
            firstLabel = QString::fromLatin1(label.first(std::min<qsizetype>(label.size(), 64)));
        if (label == "EC PARAMETERS")
            continue;
        if (label == "ENCRYPTED PRIVATE KEY" ||
            (block.header && containsBytes(QByteArrayView(block.header), "ENCRYPTED")))
            return error("key.pem.encrypted",
                         QStringLiteral("the private key is encrypted; decrypt it first (openssl pkey -in key.pem)"));
        std::optional<DerKind> kind;
        if (label == "PUBLIC KEY")
            kind = DerKind::PublicKey;
        else if (label == "RSA PUBLIC KEY")
            kind = DerKind::RsaPublic;
        else if (label == "CERTIFICATE" || label == "X509 CERTIFICATE")
            kind = DerKind::Certificate;
        else if (label == "PRIVATE KEY")
            kind = DerKind::PrivateKey;
        else if (label == "RSA PRIVATE KEY")
            kind = DerKind::RsaPrivate;
        else if (label == "EC PRIVATE KEY")
            kind = DerKind::EcPrivate;
        else if (label == "OPENSSH PRIVATE KEY")
            return error("key.unsupported",
                         QStringLiteral("OpenSSH private keys are not supported; convert with ssh-keygen -p -m PKCS8"));
        if (!kind)
            continue;
        auto parsed = parseDer(*kind, body);
        if (!parsed)
            return error("key.pem.malformed",
                         QStringLiteral("the %1 PEM block is not valid DER").arg(QString::fromLatin1(label)));
        return fromEvp(std::move(parsed->pkey), parsed->isPrivate);
    }
    if (!firstLabel.isEmpty())
        return error("key.pem.unsupported_label",
                     QStringLiteral("PEM block \"%1\" is not a key or certificate").arg(firstLabel));
    return error("key.pem.malformed", QStringLiteral("no readable PEM block"));
}

namespace {

// A required (or optional) strict base64url JWK member.
Result<QByteArray> jwkBytes(const QJsonObject& jwk, const char* name, bool required)
{
    const QJsonValue v = jwk.value(QLatin1String(name));
    if (v.isUndefined()) {
        if (required)
            return error("key.jwk.member", QStringLiteral("JWK member \"%1\" is missing").arg(QLatin1String(name)),
                         QLatin1String(name));
        return QByteArray();
    }
    if (!v.isString())
        return error("key.jwk.member", QStringLiteral("JWK member \"%1\" must be a string").arg(QLatin1String(name)),
                     QLatin1String(name));
    auto decoded = base64url::decodeStrict(v.toString().toLatin1());
    if (!decoded)
        return error("key.jwk.base64url",
                     QStringLiteral("JWK member \"%1\" is not strict base64url").arg(QLatin1String(name)),
                     QLatin1String(name));
    if (decoded.value().isEmpty())
        return error("key.jwk.member", QStringLiteral("JWK member \"%1\" is empty").arg(QLatin1String(name)),
                     QLatin1String(name));
    return std::move(decoded).value();
}

// Wipes a decoded private member when it goes out of scope.
struct WipeOnExit
{
    QByteArray& bytes;
    ~WipeOnExit()
    {
        if (!bytes.isEmpty())
            OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
};

EvpPkeyPtr fromData(const char* type, OSSL_PARAM_BLD* bld, int selection)
{
    crypto::ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1)
        return {};
    EVP_PKEY* pkey = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params.get()) != 1)
        return {};
    return EvpPkeyPtr(pkey);
}

bool pushBn(OSSL_PARAM_BLD* bld, const char* key, QByteArrayView bytes, std::vector<crypto::SecureBignumPtr>& keep)
{
    crypto::SecureBignumPtr bn(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()), nullptr));
    if (!bn || OSSL_PARAM_BLD_push_BN(bld, key, bn.get()) != 1)
        return false;
    keep.push_back(std::move(bn));
    return true;
}

} // namespace

Result<std::shared_ptr<JwtKeyPrivate>> JwtKeyLoader::fromJwkObject(const QJsonObject& jwk)
{
    OpenSslErrorScope errors;
    const QJsonValue ktyValue = jwk.value(QLatin1String("kty"));
    if (!ktyValue.isString())
        return error("key.jwk.member", QStringLiteral("JWK has no \"kty\" string"), QStringLiteral("kty"));
    const QString kty = ktyValue.toString();

    const QJsonValue use = jwk.value(QLatin1String("use"));
    if (!use.isUndefined() && !use.isString())
        return error("key.jwk.member", QStringLiteral("JWK \"use\" must be a string"), QStringLiteral("use"));
    if (use.toString() == QLatin1String("enc"))
        return error("key.jwk.use_enc", QStringLiteral("this JWK is for encryption (\"use\": \"enc\"), not signatures"),
                     QStringLiteral("use"));
    const QJsonValue keyOps = jwk.value(QLatin1String("key_ops"));
    if (!keyOps.isUndefined()) {
        const QJsonArray ops = keyOps.toArray();
        if (!ops.contains(QStringLiteral("sign")) && !ops.contains(QStringLiteral("verify")))
            return error("key.jwk.key_ops", QStringLiteral("JWK \"key_ops\" allows neither sign nor verify"),
                         QStringLiteral("key_ops"));
    }
    const QJsonValue kidValue = jwk.value(QLatin1String("kid"));
    if (!kidValue.isUndefined() && !kidValue.isString())
        return error("key.jwk.member", QStringLiteral("JWK \"kid\" must be a string"), QStringLiteral("kid"));
    std::optional<Algorithm> restricted;
    const QJsonValue algValue = jwk.value(QLatin1String("alg"));
    if (!algValue.isUndefined()) {
        restricted = algValue.isString() ? algorithmFromName(algValue.toString()) : std::nullopt;
        if (!restricted || *restricted == Algorithm::None)
            return error("key.jwk.alg_unsupported", QStringLiteral("JWK \"alg\" is not a JWS signature algorithm"),
                         QStringLiteral("alg"));
    }

    Result<std::shared_ptr<JwtKeyPrivate>> built = error("key.jwk.kty_unsupported", QString());
    if (kty == QLatin1String("oct")) {
        auto k = jwkBytes(jwk, "k", true);
        if (!k)
            return k.error();
        built = hmac(k.value());
        OPENSSL_cleanse(k.value().data(), size_t(k.value().size()));
    } else if (kty == QLatin1String("RSA")) {
        auto n = jwkBytes(jwk, "n", true);
        if (!n)
            return n.error();
        auto e = jwkBytes(jwk, "e", true);
        if (!e)
            return e.error();
        if (n.value().size() * 8 > kMaxRsaBits + 8)
            return error("key.rsa.too_large",
                         QStringLiteral("RSA keys larger than %1 bits are not supported").arg(kMaxRsaBits));
        if (e.value().size() > 8)
            return error("key.rsa.invalid", QStringLiteral("RSA public exponent is implausibly large"),
                         QStringLiteral("e"));
        std::array<const char*, 6> privateNames{"d", "p", "q", "dp", "dq", "qi"};
        std::array<const char*, 6> paramNames{OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,
                                              OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
                                              OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
        std::array<QByteArray, 6> priv;
        WipeOnExit w0{priv[0]}, w1{priv[1]}, w2{priv[2]}, w3{priv[3]}, w4{priv[4]}, w5{priv[5]};
        int present = 0;
        for (std::size_t i = 0; i < priv.size(); ++i) {
            auto v = jwkBytes(jwk, privateNames[i], false);
            if (!v)
                return v.error();
            priv[i] = std::move(v).value();
            present += priv[i].isEmpty() ? 0 : 1;
        }
        if (jwk.contains(QLatin1String("oth")))
            return error("key.jwk.unsupported", QStringLiteral("multi-prime RSA JWKs (\"oth\") are not supported"),
                         QStringLiteral("oth"));
        const bool hasD = !priv[0].isEmpty();
        if (present != 0 && !(hasD && (present == 1 || present == 6)))
            return error("key.jwk.member",
                         QStringLiteral("an RSA private JWK needs \"d\", and either all or none of p, q, dp, dq, qi"));
        crypto::ParamBldPtr bld(OSSL_PARAM_BLD_new());
        std::vector<crypto::SecureBignumPtr> keep;
        bool ok = bld && pushBn(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.value(), keep) &&
                  pushBn(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.value(), keep);
        for (std::size_t i = 0; ok && i < priv.size(); ++i) {
            if (!priv[i].isEmpty())
                ok = pushBn(bld.get(), paramNames[i], priv[i], keep);
        }
        EvpPkeyPtr pkey = ok ? fromData("RSA", bld.get(), hasD ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY) : EvpPkeyPtr();
        if (!pkey)
            return error("key.rsa.invalid", QStringLiteral("the RSA JWK members do not form a key"));
        built = fromEvp(std::move(pkey), hasD);
    } else if (kty == QLatin1String("EC")) {
        const QJsonValue crv = jwk.value(QLatin1String("crv"));
        const CurveInfo* curve = curveByJwkName(crv.toString());
        if (!curve)
            return error("key.jwk.crv_unsupported", QStringLiteral("EC curve must be P-256, P-384 or P-521"),
                         QStringLiteral("crv"));
        const int size = crypto::ecdsa::scalarSize(curve->curve);
        auto x = jwkBytes(jwk, "x", true);
        if (!x)
            return x.error();
        auto y = jwkBytes(jwk, "y", true);
        if (!y)
            return y.error();
        auto dResult = jwkBytes(jwk, "d", false);
        if (!dResult)
            return dResult.error();
        QByteArray d = std::move(dResult).value();
        WipeOnExit wd{d};
        // RFC 7518 §6.2.1.2/§6.2.2.1: coordinates and d are the full field size, leading zeros kept.
        if (x.value().size() != size || y.value().size() != size)
            return error(
                "key.jwk.ec_coordinate_length",
                QStringLiteral("EC coordinates for %1 must be %2 bytes").arg(QLatin1String(curve->jwkName)).arg(size));
        if (!d.isEmpty() && d.size() != size)
            return error("key.jwk.ec_coordinate_length",
                         QStringLiteral("EC private scalar for %1 must be %2 bytes")
                             .arg(QLatin1String(curve->jwkName))
                             .arg(size),
                         QStringLiteral("d"));
        const QByteArray point = QByteArray(1, '\x04') + x.value() + y.value();
        crypto::ParamBldPtr bld(OSSL_PARAM_BLD_new());
        std::vector<crypto::SecureBignumPtr> keep;
        bool ok = bld &&
                  OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->opensslName, 0) == 1 &&
                  OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                                   size_t(point.size())) == 1;
        if (ok && !d.isEmpty())
            ok = pushBn(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d, keep);
        EvpPkeyPtr pkey =
            ok ? fromData("EC", bld.get(), d.isEmpty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR) : EvpPkeyPtr();
        if (!pkey)
            return error("key.ec.point_invalid",
                         QStringLiteral("the EC point is not on the curve %1").arg(QLatin1String(curve->jwkName)));
        if (!d.isEmpty()) {
            EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
            if (!ctx || EVP_PKEY_private_check(ctx.get()) != 1 || EVP_PKEY_pairwise_check(ctx.get()) != 1)
                return error("key.jwk.mismatch", QStringLiteral("EC private scalar does not match the public point"),
                             QStringLiteral("d"));
        }
        built = fromEvp(std::move(pkey), !d.isEmpty());
    } else if (kty == QLatin1String("OKP")) {
        if (jwk.value(QLatin1String("crv")).toString() != QLatin1String("Ed25519"))
            return error("key.jwk.crv_unsupported", QStringLiteral("OKP curve must be Ed25519"), QStringLiteral("crv"));
        auto x = jwkBytes(jwk, "x", true);
        if (!x)
            return x.error();
        auto dResult = jwkBytes(jwk, "d", false);
        if (!dResult)
            return dResult.error();
        QByteArray d = std::move(dResult).value();
        WipeOnExit wd{d};
        if (x.value().size() != 32 || (!d.isEmpty() && d.size() != 32))
            return error("key.jwk.okp_length", QStringLiteral("Ed25519 keys are 32 bytes"));
        crypto::ParamBldPtr bld(OSSL_PARAM_BLD_new());
        bool ok =
            bld && OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, x.value().constData(), 32) == 1;
        if (ok && !d.isEmpty())
            ok = OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.constData(), 32) == 1;
        EvpPkeyPtr pkey =
            ok ? fromData("ED25519", bld.get(), d.isEmpty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR) : EvpPkeyPtr();
        if (!pkey)
            return error("key.jwk.invalid", QStringLiteral("the Ed25519 JWK members do not form a key"));
        if (!d.isEmpty()) {
            // OpenSSL keeps the given public half; make sure it is the one d derives.
            EvpPkeyPtr derived(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                            reinterpret_cast<const unsigned char*>(d.constData()), 32));
            unsigned char pub[32];
            size_t pubLen = sizeof pub;
            if (!derived || EVP_PKEY_get_raw_public_key(derived.get(), pub, &pubLen) != 1 || pubLen != 32 ||
                QByteArrayView(reinterpret_cast<const char*>(pub), 32) != QByteArrayView(x.value()))
                return error("key.jwk.mismatch", QStringLiteral("Ed25519 private key does not match \"x\""),
                             QStringLiteral("d"));
        }
        built = fromEvp(std::move(pkey), !d.isEmpty());
    } else {
        return error("key.jwk.kty_unsupported", QStringLiteral("JWK kty must be oct, RSA, EC or OKP"),
                     QStringLiteral("kty"));
    }
    if (!built)
        return built.error();
    std::shared_ptr<JwtKeyPrivate> d = std::move(built).value();
    if (restricted) {
        bool compatible = keyKindFor(*restricted) == d->kind();
        if (compatible && d->kind() == KeyKind::Ec) {
            const CurveInfo* info = d->ecCurve() ? curveByCurve(*d->ecCurve()) : nullptr;
            compatible = info && info->algorithm == *restricted;
        }
        if (!compatible)
            return error("key.jwk.alg_mismatch",
                         QStringLiteral("JWK \"alg\" %1 does not fit a %2 key").arg(algorithmName(*restricted), kty),
                         QStringLiteral("alg"));
    }
    d->setKid(kidValue.toString());
    d->setRestrictedAlgorithm(restricted);
    return d;
}

// ---- JwtKeyPrivate ----

JwtKeyPrivate::~JwtKeyPrivate()
{
    if (!m_secret.isEmpty())
        OPENSSL_cleanse(m_secret.data(), size_t(m_secret.size()));
}

void JwtKeyPrivate::setHmacSecret(const QByteArray& secret)
{
    m_kind = KeyKind::Hmac;
    m_secret = QByteArray(secret.constData(), secret.size()); // a private copy, so wiping it wipes only ours
    m_hasPrivate = true;
    m_bits = int(secret.size()) * 8;
    m_hs256.emplace(crypto::HashAlgorithm::Sha256, m_secret);
    m_hs384.emplace(crypto::HashAlgorithm::Sha384, m_secret);
    m_hs512.emplace(crypto::HashAlgorithm::Sha512, m_secret);
}

void JwtKeyPrivate::setAsymmetric(crypto::EvpPkeyPtr pkey, KeyKind kind, bool hasPrivate, int bits,
                                  const QString& curveName, std::optional<crypto::ecdsa::Curve> curve)
{
    m_pkey = std::move(pkey);
    m_kind = kind;
    m_hasPrivate = hasPrivate;
    m_bits = bits;
    m_curveName = curveName;
    m_ecCurve = curve;
}

const crypto::PrecomputedHmac* JwtKeyPrivate::hmacFor(Algorithm alg) const
{
    if (m_kind != KeyKind::Hmac || (m_restrictedAlgorithm && *m_restrictedAlgorithm != alg))
        return nullptr;
    switch (alg) {
    case Algorithm::HS256:
        return m_hs256 ? &*m_hs256 : nullptr;
    case Algorithm::HS384:
        return m_hs384 ? &*m_hs384 : nullptr;
    case Algorithm::HS512:
        return m_hs512 ? &*m_hs512 : nullptr;
    default:
        return nullptr;
    }
}

QList<Algorithm> JwtKeyPrivate::compatibleAlgorithms() const
{
    QList<Algorithm> algs;
    switch (m_kind) {
    case KeyKind::None:
        break;
    case KeyKind::Hmac:
        algs = {Algorithm::HS256, Algorithm::HS384, Algorithm::HS512};
        break;
    case KeyKind::Rsa:
        algs = {Algorithm::RS256, Algorithm::RS384, Algorithm::RS512,
                Algorithm::PS256, Algorithm::PS384, Algorithm::PS512};
        break;
    case KeyKind::Ec:
        if (m_ecCurve) {
            if (const CurveInfo* info = curveByCurve(*m_ecCurve))
                algs = {info->algorithm};
        }
        break;
    case KeyKind::Ed25519:
        algs = {Algorithm::EdDSA};
        break;
    }
    if (m_restrictedAlgorithm)
        algs = algs.contains(*m_restrictedAlgorithm) ? QList<Algorithm>{*m_restrictedAlgorithm} : QList<Algorithm>{};
    return algs;
}

bool JwtKeyPrivate::allows(Algorithm alg) const
{
    if (alg == Algorithm::None || keyKindFor(alg) != m_kind)
        return false;
    if (m_restrictedAlgorithm && *m_restrictedAlgorithm != alg)
        return false;
    if (m_kind == KeyKind::Ec) {
        const CurveInfo* info = m_ecCurve ? curveByCurve(*m_ecCurve) : nullptr;
        return info && info->algorithm == alg;
    }
    return true;
}

// ---- JwtKey ----

JwtKey::JwtKey() = default;
JwtKey::~JwtKey() = default;
JwtKey::JwtKey(const JwtKey&) = default;
JwtKey& JwtKey::operator=(const JwtKey&) = default;
JwtKey::JwtKey(std::shared_ptr<const JwtKeyPrivate> d) : m_d(std::move(d)) {}

Result<JwtKey> JwtKey::fromHmacSecret(const QByteArray& secret, SecretEncoding encoding)
{
    if (secret.size() > kMaxKeyText)
        return error("key.too_large", QStringLiteral("key text is larger than 1 MiB"));
    if (secret.isEmpty())
        return error("key.hmac.empty", QStringLiteral("the HMAC secret is empty"));
    const QString confusion =
        QStringLiteral("this looks like a public/private key or certificate, not an HMAC secret; using it as one "
                       "would allow key-confusion forgeries (load it as a key instead)");
    if (looksAsymmetric(secret))
        return error("key.hmac.looks_asymmetric", confusion);
    QByteArray bytes;
    switch (encoding) {
    case SecretEncoding::Utf8:
        bytes = secret;
        break;
    case SecretEncoding::Base64Url: {
        auto decoded = base64url::decodeStrict(secret);
        if (!decoded)
            return error("key.hmac.encoding", QStringLiteral("the secret is not strict base64url"),
                         decoded.error().where);
        bytes = std::move(decoded).value();
        break;
    }
    case SecretEncoding::Hex: {
        auto decoded = decodeStrictHex(secret);
        if (!decoded)
            return error("key.hmac.encoding", QStringLiteral("the secret is not an even number of hex digits"));
        bytes = std::move(*decoded);
        break;
    }
    }
    WipeOnExit wipe{bytes};
    if (bytes.isEmpty())
        return error("key.hmac.empty", QStringLiteral("the HMAC secret is empty"));
    if (encoding != SecretEncoding::Utf8 && looksAsymmetric(bytes))
        return error("key.hmac.looks_asymmetric", confusion);
    return JwtKeyLoader::wrap(JwtKeyLoader::hmac(bytes));
}

Result<JwtKey> JwtKey::fromPem(const QByteArray& pem)
{
    if (pem.size() > kMaxKeyText)
        return error("key.too_large", QStringLiteral("key text is larger than 1 MiB"));
    if (pem.isEmpty())
        return error("key.pem.malformed", QStringLiteral("no key data"));
    auto d = pem.contains("-----BEGIN") ? JwtKeyLoader::fromPemBytes(pem) : JwtKeyLoader::fromDerBytes(pem);
    if (!d)
        return d.error();
    return JwtKeyLoader::wrap(std::move(d).value());
}

Result<JwtKey> JwtKey::fromJwk(const QJsonObject& jwk)
{
    auto d = JwtKeyLoader::fromJwkObject(jwk);
    if (!d)
        return d.error();
    return JwtKeyLoader::wrap(std::move(d).value());
}

Result<JwtKey> JwtKey::fromJwks(const QJsonObject& jwks, const QString& kid)
{
    const QJsonValue keysValue = jwks.value(QLatin1String("keys"));
    if (!keysValue.isArray())
        return error("key.jwks.member", QStringLiteral("a JWKS needs a \"keys\" array"), QStringLiteral("keys"));
    const QJsonArray keys = keysValue.toArray();
    if (keys.isEmpty())
        return error("key.jwks.empty", QStringLiteral("the JWKS has no keys"));
    QList<QJsonObject> candidates;
    for (const QJsonValue& v : keys) {
        if (!v.isObject())
            return error("key.jwks.member", QStringLiteral("every JWKS entry must be an object"),
                         QStringLiteral("keys"));
        const QJsonObject obj = v.toObject();
        if (!kid.isEmpty() && obj.value(QLatin1String("kid")).toString() != kid)
            continue;
        candidates.append(obj);
    }
    if (candidates.isEmpty())
        return error("key.jwks.kid_not_found", QStringLiteral("no key in the JWKS has kid \"%1\"").arg(kid.left(128)),
                     QStringLiteral("kid"));
    if (candidates.size() > 1) {
        // The same kid may be published for encryption too; only signature keys compete.
        QList<QJsonObject> signing;
        for (const QJsonObject& c : candidates) {
            if (c.value(QLatin1String("use")).toString() != QLatin1String("enc"))
                signing.append(c);
        }
        if (signing.size() == 1)
            candidates = signing;
    }
    if (candidates.size() > 1)
        return error("key.jwks.ambiguous",
                     kid.isEmpty()
                         ? QStringLiteral("the JWKS has %1 keys; choose one by kid").arg(candidates.size())
                         : QStringLiteral("%1 keys share kid \"%2\"").arg(candidates.size()).arg(kid.left(128)));
    return fromJwk(candidates.first());
}

Result<JwtKey> JwtKey::fromAnyText(const QByteArray& text, const QString& kid)
{
    if (text.size() > kMaxKeyText)
        return error("key.too_large", QStringLiteral("key text is larger than 1 MiB"));
    const QByteArrayView trimmed = QByteArrayView(text).trimmed();
    if (trimmed.isEmpty())
        return error("key.hmac.empty", QStringLiteral("no key text"));
    if (trimmed.front() == '{') {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toByteArray(), &parseError);
        if (!doc.isObject())
            return error("key.json.invalid", QStringLiteral("the key text starts like JSON but is not a JSON object"),
                         QString::number(parseError.offset));
        const QJsonObject obj = doc.object();
        return obj.contains(QLatin1String("keys")) ? fromJwks(obj, kid) : fromJwk(obj);
    }
    if (text.contains("-----BEGIN"))
        return fromPem(text);
    for (const char* prefix :
         {"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-ed25519@", "sk-ecdsa-sha2-"}) {
        if (startsWith(trimmed, prefix))
            return error("key.ssh.unsupported",
                         QStringLiteral("SSH public keys are not supported; convert with ssh-keygen -e -m PKCS8"));
    }
    if (static_cast<unsigned char>(text.front()) == 0x30) {
        if (auto der = fromPem(text))
            return der;
    }
    if (trimmed.front() == 'M' && trimmed.size() >= 16) {
        if (const auto decoded = decodeAnyBase64(trimmed); decoded && derParsesAsKeyOrCert(*decoded))
            return fromPem(*decoded);
    }
    return fromHmacSecret(text, SecretEncoding::Utf8);
}

Result<JwtKey> JwtKey::generate(Algorithm alg, int rsaBits)
{
    OpenSslErrorScope errors;
    EvpPkeyPtr pkey;
    switch (keyKindFor(alg)) {
    case KeyKind::None:
        return error("key.generate", QStringLiteral("no key for alg none"));
    case KeyKind::Hmac: {
        const int size = alg == Algorithm::HS256 ? 32 : alg == Algorithm::HS384 ? 48 : 64;
        QByteArray secret(size, Qt::Uninitialized);
        WipeOnExit wipe{secret};
        if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), size) != 1)
            return error("key.generate", QStringLiteral("the random generator failed"));
        return JwtKeyLoader::wrap(JwtKeyLoader::hmac(secret));
    }
    case KeyKind::Rsa:
        if (rsaBits < 2048 || rsaBits > kMaxRsaBits)
            return error("key.generate",
                         QStringLiteral("RSA keys are generated with 2048 to %1 bits").arg(kMaxRsaBits));
        pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(rsaBits)));
        break;
    case KeyKind::Ec:
        pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC",
                                     alg == Algorithm::ES256   ? "P-256"
                                     : alg == Algorithm::ES384 ? "P-384"
                                                               : "P-521"));
        break;
    case KeyKind::Ed25519:
        pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        break;
    }
    if (!pkey)
        return error("key.generate", QStringLiteral("OpenSSL could not generate the key"));
    auto d = JwtKeyLoader::fromEvp(std::move(pkey), true);
    if (!d)
        return d.error();
    return JwtKeyLoader::wrap(std::move(d).value());
}

bool JwtKey::isNull() const
{
    return !m_d;
}

KeyKind JwtKey::kind() const
{
    return m_d ? m_d->kind() : KeyKind::None;
}

bool JwtKey::hasPrivate() const
{
    return m_d && m_d->hasPrivate();
}

int JwtKey::bits() const
{
    return m_d ? m_d->bits() : 0;
}

QString JwtKey::curveName() const
{
    return m_d ? m_d->curveName() : QString();
}

QString JwtKey::kid() const
{
    return m_d ? m_d->kid() : QString();
}

QString JwtKey::describe() const
{
    if (!m_d)
        return QStringLiteral("no key");
    const QString half = m_d->hasPrivate() ? QStringLiteral("private") : QStringLiteral("public");
    switch (m_d->kind()) {
    case KeyKind::None:
        break;
    case KeyKind::Hmac:
        return QStringLiteral("HMAC secret (%1 bits)").arg(m_d->bits());
    case KeyKind::Rsa:
        return QStringLiteral("RSA %1-bit %2 key").arg(m_d->bits()).arg(half);
    case KeyKind::Ec:
        return QStringLiteral("EC %1 %2 key").arg(m_d->curveName(), half);
    case KeyKind::Ed25519:
        return QStringLiteral("Ed25519 %1 key").arg(half);
    }
    return QStringLiteral("no key");
}

QList<Algorithm> JwtKey::compatibleAlgorithms() const
{
    return m_d ? m_d->compatibleAlgorithms() : QList<Algorithm>{};
}

namespace {
QString bnParamBase64(EVP_PKEY* pkey, const char* name, int padTo = 0)
{
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1)
        return {};
    BignumPtr owned(bn);
    return QString::fromLatin1(base64url::encode(crypto::bignumToBytes(owned.get(), padTo)));
}
} // namespace

QJsonObject JwtKey::publicJwk() const
{
    OpenSslErrorScope errors;
    QJsonObject jwk;
    if (!m_d || m_d->kind() == KeyKind::Hmac || m_d->kind() == KeyKind::None)
        return jwk;
    EVP_PKEY* pkey = m_d->pkey();
    switch (m_d->kind()) {
    case KeyKind::Rsa:
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"), bnParamBase64(pkey, OSSL_PKEY_PARAM_RSA_N));
        jwk.insert(QStringLiteral("e"), bnParamBase64(pkey, OSSL_PKEY_PARAM_RSA_E));
        break;
    case KeyKind::Ec: {
        const int size = m_d->ecCurve() ? crypto::ecdsa::scalarSize(*m_d->ecCurve()) : 0;
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), m_d->curveName());
        jwk.insert(QStringLiteral("x"), bnParamBase64(pkey, OSSL_PKEY_PARAM_EC_PUB_X, size));
        jwk.insert(QStringLiteral("y"), bnParamBase64(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, size));
        break;
    }
    case KeyKind::Ed25519: {
        unsigned char pub[32];
        size_t len = sizeof pub;
        if (EVP_PKEY_get_raw_public_key(pkey, pub, &len) != 1 || len != sizeof pub)
            return {};
        jwk.insert(QStringLiteral("kty"), QStringLiteral("OKP"));
        jwk.insert(QStringLiteral("crv"), QStringLiteral("Ed25519"));
        jwk.insert(QStringLiteral("x"), QString::fromLatin1(base64url::encode(
                                            QByteArrayView(reinterpret_cast<const char*>(pub), qsizetype(len)))));
        break;
    }
    default:
        break;
    }
    if (!m_d->kid().isEmpty())
        jwk.insert(QStringLiteral("kid"), m_d->kid());
    if (m_d->restrictedAlgorithm())
        jwk.insert(QStringLiteral("alg"), algorithmName(*m_d->restrictedAlgorithm()));
    return jwk;
}

QByteArray JwtKey::publicPem() const
{
    OpenSslErrorScope errors;
    if (!m_d || !m_d->pkey())
        return {};
    crypto::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_d->pkey()) != 1)
        return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(len));
}

} // namespace gatehouse::core::jwt
