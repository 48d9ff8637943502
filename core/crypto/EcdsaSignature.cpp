#include "crypto/EcdsaSignature.h"

#include "crypto/OpenSslPtr.h"

#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <array>

namespace gatehouse::core::crypto::ecdsa {

namespace {
BignumPtr loadOrder(int nid)
{
    EcGroupPtr group(EC_GROUP_new_by_curve_name(nid));
    if (!group)
        return {};
    return BignumPtr(BN_dup(EC_GROUP_get0_order(group.get())));
}
} // namespace

int curveNid(Curve curve)
{
    switch (curve) {
    case Curve::P256:
        return NID_X9_62_prime256v1;
    case Curve::P384:
        return NID_secp384r1;
    case Curve::P521:
        return NID_secp521r1;
    }
    return NID_undef;
}

int scalarSize(Curve curve)
{
    switch (curve) {
    case Curve::P256:
        return 32;
    case Curve::P384:
        return 48;
    case Curve::P521:
        return 66;
    }
    return 0;
}

const BIGNUM* order(Curve curve)
{
    // Function-local statics: initialised once, thread-safe, freed at exit.
    static const std::array<BignumPtr, 3> orders{loadOrder(NID_X9_62_prime256v1), loadOrder(NID_secp384r1),
                                                 loadOrder(NID_secp521r1)};
    return orders[static_cast<std::size_t>(curve)].get();
}

Result<QByteArray> p1363ToDer(Curve curve, QByteArrayView raw)
{
    const int n = scalarSize(curve);
    if (raw.size() != 2 * n)
        return Error::make(QStringLiteral("ecdsa.length"),
                           QStringLiteral("ECDSA signature must be %1 bytes (R‖S), got %2").arg(2 * n).arg(raw.size()));
    BignumPtr r = bignumFromBytes(raw.first(n));
    BignumPtr s = bignumFromBytes(raw.sliced(n));
    const BIGNUM* q = order(curve);
    if (!r || !s || !q)
        return Error::make(QStringLiteral("ecdsa.internal"), QStringLiteral("out of memory"));
    if (BN_is_zero(r.get()) || BN_cmp(r.get(), q) >= 0)
        return Error::make(QStringLiteral("ecdsa.range"), QStringLiteral("ECDSA r is not in [1, n-1]"),
                           QStringLiteral("r"));
    if (BN_is_zero(s.get()) || BN_cmp(s.get(), q) >= 0)
        return Error::make(QStringLiteral("ecdsa.range"), QStringLiteral("ECDSA s is not in [1, n-1]"),
                           QStringLiteral("s"));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1)
        return Error::make(QStringLiteral("ecdsa.internal"), QStringLiteral("out of memory"));
    r.release(); // owned by sig now
    s.release();
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    if (len <= 0)
        return Error::make(QStringLiteral("ecdsa.internal"), QStringLiteral("DER encoding failed"));
    QByteArray out(reinterpret_cast<const char*>(der), len);
    OPENSSL_free(der);
    return out;
}

Result<QByteArray> derToP1363(Curve curve, QByteArrayView der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, long(der.size())));
    if (!sig)
        return Error::make(QStringLiteral("ecdsa.der"), QStringLiteral("not a DER ECDSA signature"));
    const int n = scalarSize(curve);
    QByteArray r = bignumToBytes(ECDSA_SIG_get0_r(sig.get()), n);
    QByteArray s = bignumToBytes(ECDSA_SIG_get0_s(sig.get()), n);
    if (r.size() != n || s.size() != n)
        return Error::make(QStringLiteral("ecdsa.der"), QStringLiteral("ECDSA scalar larger than the curve order"));
    return r + s;
}

} // namespace gatehouse::core::crypto::ecdsa
