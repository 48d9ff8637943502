#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <openssl/bn.h>

namespace gatehouse::core::crypto::ecdsa {

// The NIST curves JWS uses (RFC 7518 §3.4).
enum class Curve
{
    P256,
    P384,
    P521
};

// Bytes of one scalar in the raw R‖S (IEEE P1363) form: 32, 48, 66.
int scalarSize(Curve curve);
// The group order n, created once per process and shared (read-only, thread-safe).
const BIGNUM* order(Curve curve);
int curveNid(Curve curve);

// Raw R‖S → DER ECDSA-Sig-Value, for OpenSSL. The length must be exactly 2 × scalarSize and r, s must lie
// in [1, n−1]; the range check is ours, so that a malleable or zero signature is refused with a precise
// error before OpenSSL sees it. Errors: ecdsa.length, ecdsa.range.
Result<QByteArray> p1363ToDer(Curve curve, QByteArrayView raw);
// DER ECDSA-Sig-Value (as OpenSSL signs) → raw R‖S. Errors: ecdsa.der.
Result<QByteArray> derToP1363(Curve curve, QByteArrayView der);

} // namespace gatehouse::core::crypto::ecdsa
