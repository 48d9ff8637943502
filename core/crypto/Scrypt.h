#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

namespace gatehouse::core::crypto {

// Caps for attacker-supplied scrypt parameters. Memory is scrypt's V array (128 * N * r bytes); the cost
// cap bounds N * r * p, the number of 128-byte block mixes, so a hash string cannot make one verification
// take minutes with a small N and an enormous p.
struct ScryptLimits
{
    uint64_t maxMemoryBytes = 256ull * 1024 * 1024;
    uint64_t maxRTimesP = 1024;
    uint64_t maxCost = uint64_t(1) << 24; // N * r * p; werkzeug's default 32768 * 8 * 1 is 2^18
};

// Checks N (a power of two > 1), r, p >= 1 and the limits. Error code "crypto.scrypt.params", with
// `where` naming the offending quantity ("N", "r", "p", "r*p", "memory", "cost").
Status checkScryptParams(uint64_t n, uint64_t r, uint64_t p, const ScryptLimits& limits = {});

// scrypt (RFC 7914) through OpenSSL's EVP_KDF "SCRYPT", after checkScryptParams. Same code as Python's
// hashlib.scrypt, which is also OpenSSL. Pure function, safe from any thread.
Result<QByteArray> scrypt(QByteArrayView password, QByteArrayView salt, uint64_t n, uint64_t r, uint64_t p, int dkLen,
                          const ScryptLimits& limits = {});

} // namespace gatehouse::core::crypto
