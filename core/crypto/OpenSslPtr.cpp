#include "crypto/OpenSslPtr.h"

namespace gatehouse::core::crypto {

QByteArray bignumToBytes(const BIGNUM* bn, int padTo)
{
    if (!bn)
        return {};
    const int natural = BN_num_bytes(bn);
    const int size = padTo > 0 ? padTo : natural;
    if (natural > size)
        return {};
    QByteArray out(size, Qt::Uninitialized);
    if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), size) != size)
        return {};
    return out;
}

BignumPtr bignumFromBytes(QByteArrayView bytes)
{
    return BignumPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()), nullptr));
}

BioPtr memoryBio(QByteArrayView data)
{
    return BioPtr(BIO_new_mem_buf(data.data(), int(data.size())));
}

} // namespace gatehouse::core::crypto
