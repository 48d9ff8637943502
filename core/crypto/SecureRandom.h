#pragma once

#include "common/Result.h"

#include <QByteArray>

namespace gatehouse::core::crypto {

// Bytes from OpenSSL's CSPRNG (RAND_bytes). Fails (code "crypto.random") only if the generator cannot be
// seeded; callers must not fall back to a weaker source.
Result<QByteArray> secureRandomBytes(int count);

// `count` characters drawn uniformly from `alphabet` (at most 256 distinct byte values) with rejection
// sampling, so no character is favoured by a modulo bias. Used for werkzeug-style [A-Za-z0-9] salts.
Result<QByteArray> secureRandomString(int count, QByteArrayView alphabet);

} // namespace gatehouse::core::crypto
