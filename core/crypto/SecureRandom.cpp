#include "crypto/SecureRandom.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace gatehouse::core::crypto {

Result<QByteArray> secureRandomBytes(int count)
{
    if (count < 0)
        return Error::make(QStringLiteral("crypto.random"), QStringLiteral("negative byte count requested"));
    QByteArray out(count, Qt::Uninitialized);
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), count) != 1)
        return Error::make(QStringLiteral("crypto.random"), QStringLiteral("the system random generator failed"));
    return out;
}

Result<QByteArray> secureRandomString(int count, QByteArrayView alphabet)
{
    const int n = int(alphabet.size());
    if (count < 0 || n < 1 || n > 256)
        return Error::make(QStringLiteral("crypto.random"), QStringLiteral("invalid alphabet or length"));
    // Accept a byte only below the largest multiple of n that fits in 256 values; then b % n is uniform.
    const int limit = 256 - (256 % n);
    QByteArray out;
    out.reserve(count);
    unsigned char buf[64];
    while (out.size() < count) {
        if (RAND_bytes(buf, int(sizeof buf)) != 1) {
            OPENSSL_cleanse(buf, sizeof buf);
            return Error::make(QStringLiteral("crypto.random"), QStringLiteral("the system random generator failed"));
        }
        for (unsigned char b : buf) {
            if (b < limit && out.size() < count)
                out.append(alphabet.at(b % n));
        }
    }
    OPENSSL_cleanse(buf, sizeof buf);
    return out;
}

} // namespace gatehouse::core::crypto
