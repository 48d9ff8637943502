#include "password/PasswordHasher.h"

#include "crypto/ConstantTime.h"
#include "crypto/Hmac.h"
#include "crypto/Pbkdf2.h"
#include "crypto/Scrypt.h"
#include "crypto/SecureRandom.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace gatehouse::core::password {

namespace {

constexpr QByteArrayView kSaltAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Holds a UTF-8 copy of a QString password and wipes it on every exit path.
class WipedUtf8
{
public:
    explicit WipedUtf8(const QString& text) : m_bytes(text.toUtf8()) {}
    ~WipedUtf8() { OPENSSL_cleanse(m_bytes.data(), std::size_t(m_bytes.size())); }
    WipedUtf8(const WipedUtf8&) = delete;
    WipedUtf8& operator=(const WipedUtf8&) = delete;
    QByteArrayView view() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

void wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
}

crypto::HashAlgorithm toAlgorithm(PasswordHash::Digest digest)
{
    switch (digest) {
    case PasswordHash::Digest::Sha1:
        return crypto::HashAlgorithm::Sha1;
    case PasswordHash::Digest::Sha512:
        return crypto::HashAlgorithm::Sha512;
    case PasswordHash::Digest::Md5:
    case PasswordHash::Digest::Sha256:
        break;
    }
    return crypto::HashAlgorithm::Sha256;
}

const EVP_MD* toMd(PasswordHash::Digest digest)
{
    switch (digest) {
    case PasswordHash::Digest::Md5:
        return EVP_md5();
    case PasswordHash::Digest::Sha1:
        return EVP_sha1();
    case PasswordHash::Digest::Sha256:
        return EVP_sha256();
    case PasswordHash::Digest::Sha512:
        return EVP_sha512();
    }
    return nullptr;
}

Error internalError(const QString& message)
{
    return Error::make(QStringLiteral("password.internal"), message);
}

// The legacy werkzeug formats: HMAC(key = salt, message = password), or a plain digest without a salt.
Result<QByteArray> legacyDigest(const PasswordHash& hash, QByteArrayView password)
{
    const EVP_MD* md = toMd(hash.digest());
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(password.data());
    const auto size = std::size_t(password.size());
    bool ok = false;
    if (hash.scheme() == PasswordHash::Scheme::LegacySalted) {
        ok = HMAC(md, hash.salt().constData(), int(hash.salt().size()), data, size, out, &len) != nullptr;
    } else {
        static const unsigned char empty = 0;
        ok = EVP_Digest(size ? data : &empty, size, out, &len, md, nullptr) == 1;
    }
    if (!ok)
        return internalError(QStringLiteral("OpenSSL could not compute the digest"));
    QByteArray result(reinterpret_cast<const char*>(out), int(len));
    OPENSSL_cleanse(out, sizeof out);
    return result;
}

Result<QByteArray> compute(const PasswordHash& hash, QByteArrayView password)
{
    switch (hash.scheme()) {
    case PasswordHash::Scheme::Pbkdf2:
        return crypto::pbkdf2(toAlgorithm(hash.digest()), password, hash.salt(), hash.iterations(),
                              PasswordHash::digestLength(hash.digest()));
    case PasswordHash::Scheme::Scrypt:
        return crypto::scrypt(password, hash.salt(), hash.scryptN(), hash.scryptR(), hash.scryptP(),
                              PasswordHash::kScryptLength);
    case PasswordHash::Scheme::LegacySalted:
    case PasswordHash::Scheme::LegacyUnsalted:
        return legacyDigest(hash, password);
    case PasswordHash::Scheme::Plain:
        return password.toByteArray();
    }
    return internalError(QStringLiteral("unhandled scheme"));
}

} // namespace

Status PasswordHasher::checkPolicy(const HashPolicy& policy)
{
    const auto bad = [](const QString& message, const char* where) {
        return Error::make(QStringLiteral("password.policy"), message, QString::fromLatin1(where));
    };
    if (policy.saltLength < 1 || policy.saltLength > PasswordHash::kMaxSaltLength)
        return bad(QStringLiteral("salt length must be between 1 and %1").arg(PasswordHash::kMaxSaltLength), "salt");
    if (policy.method == HashPolicy::Method::Scrypt) {
        if (Status s = crypto::checkScryptParams(policy.scryptN, policy.scryptR, policy.scryptP); !s)
            return Error::make(QStringLiteral("password.policy"), s.error().message, s.error().where);
    } else if (policy.iterations < 1 || policy.iterations > PasswordHash::kMaxIterations) {
        return bad(QStringLiteral("iterations must be between 1 and %1").arg(PasswordHash::kMaxIterations),
                   "iterations");
    }
    return {};
}

Result<QString> PasswordHasher::make(QByteArrayView passwordUtf8, const HashPolicy& policy)
{
    if (Status s = checkPolicy(policy); !s)
        return s.error();
    auto salt = crypto::secureRandomString(policy.saltLength, kSaltAlphabet);
    if (!salt)
        return salt.error();
    QByteArray method;
    Result<QByteArray> derived = QByteArray();
    switch (policy.method) {
    case HashPolicy::Method::Pbkdf2Sha256:
    case HashPolicy::Method::Pbkdf2Sha512: {
        const bool sha512 = policy.method == HashPolicy::Method::Pbkdf2Sha512;
        method = (sha512 ? "pbkdf2:sha512:" : "pbkdf2:sha256:") + QByteArray::number(policy.iterations);
        derived = crypto::pbkdf2(sha512 ? crypto::HashAlgorithm::Sha512 : crypto::HashAlgorithm::Sha256, passwordUtf8,
                                 salt.value(), policy.iterations, sha512 ? 64 : 32);
        break;
    }
    case HashPolicy::Method::Scrypt:
        method = "scrypt:" + QByteArray::number(policy.scryptN) + ':' + QByteArray::number(policy.scryptR) + ':' +
                 QByteArray::number(policy.scryptP);
        derived = crypto::scrypt(passwordUtf8, salt.value(), policy.scryptN, policy.scryptR, policy.scryptP,
                                 PasswordHash::kScryptLength);
        break;
    }
    if (!derived)
        return derived.error();
    const QByteArray text = method + '$' + salt.value() + '$' + derived.value().toHex();
    wipe(derived.value());
    return QString::fromLatin1(text);
}

Result<QString> PasswordHasher::make(const QString& password, const HashPolicy& policy)
{
    const WipedUtf8 utf8(password);
    return make(utf8.view(), policy);
}

Result<bool> PasswordHasher::verify(QByteArrayView passwordUtf8, const PasswordHash& hash)
{
    Result<QByteArray> actual = compute(hash, passwordUtf8);
    if (!actual)
        return actual.error();
    const bool equal = crypto::constantTimeEquals(actual.value(), hash.expected());
    wipe(actual.value());
    return equal;
}

Result<bool> PasswordHasher::verify(QByteArrayView passwordUtf8, QByteArrayView hashString)
{
    const auto parsed = PasswordHash::parse(hashString);
    if (!parsed)
        return parsed.error();
    return verify(passwordUtf8, parsed.value());
}

Result<bool> PasswordHasher::verify(const QString& password, const QString& hashString)
{
    const WipedUtf8 utf8(password);
    const QByteArray hashBytes = hashString.toUtf8();
    return verify(utf8.view(), QByteArrayView(hashBytes));
}

Result<bool> PasswordHasher::needsRehash(QByteArrayView hashString, const HashPolicy& policy)
{
    const auto parsed = PasswordHash::parse(hashString);
    if (!parsed)
        return parsed.error();
    const PasswordHash& h = parsed.value();
    if (h.salt().size() < policy.saltLength)
        return true;
    switch (policy.method) {
    case HashPolicy::Method::Pbkdf2Sha256:
    case HashPolicy::Method::Pbkdf2Sha512: {
        const auto digest = policy.method == HashPolicy::Method::Pbkdf2Sha256 ? PasswordHash::Digest::Sha256
                                                                              : PasswordHash::Digest::Sha512;
        // An implicit count depends on the reader's werkzeug version: rewrite it explicitly.
        return h.scheme() != PasswordHash::Scheme::Pbkdf2 || h.digest() != digest || h.iterationsImplicit() ||
               h.iterations() < policy.iterations;
    }
    case HashPolicy::Method::Scrypt:
        return h.scheme() != PasswordHash::Scheme::Scrypt || h.scryptN() < policy.scryptN ||
               h.scryptR() != policy.scryptR || h.scryptP() < policy.scryptP;
    }
    return true;
}

} // namespace gatehouse::core::password
