#include "crypto/Scrypt.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

namespace gatehouse::core::crypto {

namespace {
Error paramError(const QString& message, const char* where)
{
    return Error::make(QStringLiteral("crypto.scrypt.params"), message, QString::fromLatin1(where));
}
} // namespace

Status checkScryptParams(uint64_t n, uint64_t r, uint64_t p, const ScryptLimits& limits)
{
    if (n < 2 || (n & (n - 1)) != 0)
        return paramError(QStringLiteral("N must be a power of two greater than 1"), "N");
    if (r < 1)
        return paramError(QStringLiteral("r must be at least 1"), "r");
    // RFC 7914 §2: N must be less than 2^(128 * r / 8); OpenSSL refuses larger values.
    if (r < 4 && n >= (uint64_t(1) << (16 * r)))
        return paramError(QStringLiteral("N must be less than 2^(16 * r)"), "N");
    if (p < 1)
        return paramError(QStringLiteral("p must be at least 1"), "p");
    // Each factor is checked before multiplying so the products cannot overflow 64 bits.
    if (r > limits.maxRTimesP || p > limits.maxRTimesP || r * p > limits.maxRTimesP)
        return paramError(QStringLiteral("r * p exceeds %1").arg(limits.maxRTimesP), "r*p");
    if (n > limits.maxMemoryBytes || 128 * n * r > limits.maxMemoryBytes)
        return paramError(QStringLiteral("128 * N * r bytes exceeds the memory cap of %1 MiB")
                              .arg(limits.maxMemoryBytes / (1024 * 1024)),
                          "memory");
    if (n * r * p > limits.maxCost)
        return paramError(QStringLiteral("N * r * p exceeds the cost cap of %1").arg(limits.maxCost), "cost");
    return {};
}

Result<QByteArray> scrypt(QByteArrayView password, QByteArrayView salt, uint64_t n, uint64_t r, uint64_t p, int dkLen,
                          const ScryptLimits& limits)
{
    if (Status s = checkScryptParams(n, r, p, limits); !s)
        return s.error();
    if (dkLen < 1 || dkLen > (1 << 16))
        return paramError(QStringLiteral("derived key length must be between 1 and 65536"), "dkLen");

    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr), &EVP_KDF_free);
    if (!kdf)
        return Error::make(QStringLiteral("crypto.scrypt.unavailable"), QStringLiteral("OpenSSL has no SCRYPT KDF"));
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()), &EVP_KDF_CTX_free);
    if (!ctx)
        return Error::make(QStringLiteral("crypto.scrypt.failed"), QStringLiteral("cannot create a SCRYPT context"));

    // OpenSSL needs V (128 * r * (N + 2)) plus B (128 * r * p) and checks them against maxmem_bytes.
    uint64_t maxmem = 128 * r * (n + 2) + 128 * r * p + 4096;
    uint64_t nn = n;
    uint32_t rr = uint32_t(r);
    uint32_t pp = uint32_t(p);
    // OSSL_PARAM wants non-const pointers; OpenSSL only reads the password and salt.
    char emptyByte = 0;
    char* pass = password.isEmpty() ? &emptyByte : const_cast<char*>(password.data());
    char* saltData = salt.isEmpty() ? &emptyByte : const_cast<char*>(salt.data());
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pass, std::size_t(password.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltData, std::size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &nn),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rr),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &pp),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(dkLen, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), std::size_t(dkLen), params) != 1) {
        OPENSSL_cleanse(out.data(), std::size_t(out.size()));
        return Error::make(QStringLiteral("crypto.scrypt.failed"), QStringLiteral("OpenSSL scrypt derivation failed"));
    }
    return out;
}

} // namespace gatehouse::core::crypto
