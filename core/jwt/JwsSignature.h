#pragma once

#include "common/Result.h"
#include "jwt/JwtAlgorithm.h"
#include "jwt/JwtKey.h"

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::core::jwt {

// The JWS signature primitives over a signing input ("header.payload" ASCII) for one algorithm and key.
// The algorithm must be compatible with the key kind (key confusion is refused here too, not only in the
// verifier): error jws.alg_key_mismatch. ECDSA signatures are the raw R‖S of exactly 64/96/132 bytes with
// r and s in [1, n−1] (RFC 7518 §3.4); DER conversion is internal.
namespace jws {

// Errors: jws.alg_key_mismatch, jws.no_private_key, jws.alg_none, jws.crypto.
Result<QByteArray> sign(Algorithm alg, const JwtKey& key, QByteArrayView signingInput);

// Ok when valid. Errors: jws.alg_key_mismatch, jws.alg_none, jws.signature_length (wrong size for the
// algorithm), jws.signature_range (ECDSA r or s out of range), jws.signature_invalid.
Status verify(Algorithm alg, const JwtKey& key, QByteArrayView signingInput, QByteArrayView signature);

} // namespace jws
} // namespace gatehouse::core::jwt
