#pragma once

#include "common/Result.h"
#include "crypto/Hmac.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

namespace gatehouse::core::crypto {

// Upper bounds that keep attacker-supplied parameters from turning one call into a denial of service.
inline constexpr uint32_t kPbkdf2MaxIterations = 10'000'000;
inline constexpr int kPbkdf2MaxDerivedLength = 1 << 16;

// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA1/256/384/512; output identical to OpenSSL's PKCS5_PBKDF2_HMAC.
//
// Why our own loop: OpenSSL re-initialises its HMAC context on every iteration. Here the inner and outer
// pad chaining states are derived from the password once, and each iteration is exactly two compressions
// of one pre-padded block (previous digest, 0x80, zeros, bit length), working on the state words
// directly. For SHA-256 on CPUs with the SHA extensions, the digest words stay in registers between
// compressions (see Pbkdf2.cpp).
//
// Errors ("crypto.pbkdf2.params"): iterations outside [1, kPbkdf2MaxIterations], dkLen outside
// [1, kPbkdf2MaxDerivedLength]. Pure function, safe from any thread. Intermediate key material is wiped.
Result<QByteArray> pbkdf2(HashAlgorithm algorithm, QByteArrayView password, QByteArrayView salt, uint32_t iterations,
                          int dkLen);

// Whether PBKDF2-HMAC-SHA256 runs on the x86 SHA extensions (SHA-NI) in this process. Otherwise it uses
// ShaCompress (OpenSSL's assembly through SHA256_Transform) with the same precomputed-pad structure.
bool pbkdf2UsesShaExtensions();
// Test seam: force the portable loop so both paths can be compared with OpenSSL on one machine.
void pbkdf2ForcePortable(bool portable);

} // namespace gatehouse::core::crypto
