#pragma once

#include <QByteArrayView>

namespace gatehouse::core::crypto {

// Compares two byte strings without an early exit on the first difference (CRYPTO_memcmp). A length
// mismatch returns false at once: lengths of MACs and hashes are public.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace gatehouse::core::crypto
