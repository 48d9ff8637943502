#include "crypto/Hmac.h"

#include "crypto/ConstantTime.h"

#include <openssl/crypto.h>

namespace gatehouse::core::crypto {

namespace {

template <typename T>
void derivePads(QByteArrayView key, ShaStream<T>& inner, ShaStream<T>& outer)
{
    unsigned char block[T::kBlock] = {};
    if (static_cast<std::size_t>(key.size()) > T::kBlock) {
        ShaStream<T> h;
        h.update(reinterpret_cast<const unsigned char*>(key.data()), static_cast<std::size_t>(key.size()));
        h.finish(block);
    } else if (!key.isEmpty()) {
        std::memcpy(block, key.data(), static_cast<std::size_t>(key.size()));
    }
    unsigned char pad[T::kBlock];
    for (std::size_t i = 0; i < T::kBlock; ++i)
        pad[i] = block[i] ^ 0x36;
    inner.update(pad, T::kBlock);
    for (std::size_t i = 0; i < T::kBlock; ++i)
        pad[i] = block[i] ^ 0x5c;
    outer.update(pad, T::kBlock);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

template <typename T>
void macWith(const ShaStream<T>& innerPad, const ShaStream<T>& outerPad, QByteArrayView message, unsigned char* out)
{
    unsigned char innerDigest[T::kDigest];
    ShaStream<T> inner = innerPad;
    inner.update(reinterpret_cast<const unsigned char*>(message.data()), static_cast<std::size_t>(message.size()));
    inner.finish(innerDigest);
    ShaStream<T> outer = outerPad;
    outer.update(innerDigest, T::kDigest);
    outer.finish(out);
}

} // namespace

int digestSize(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha1:
        return 20;
    case HashAlgorithm::Sha256:
        return 32;
    case HashAlgorithm::Sha384:
        return 48;
    case HashAlgorithm::Sha512:
        return 64;
    }
    return 0;
}

int blockSize(HashAlgorithm algorithm)
{
    return (algorithm == HashAlgorithm::Sha384 || algorithm == HashAlgorithm::Sha512) ? 128 : 64;
}

PrecomputedHmac::PrecomputedHmac(HashAlgorithm algorithm, QByteArrayView key) : m_algorithm(algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha1:
        m_pads.emplace<Pads<Sha1Traits>>();
        break;
    case HashAlgorithm::Sha256:
        m_pads.emplace<Pads<Sha256Traits>>();
        break;
    case HashAlgorithm::Sha384:
        m_pads.emplace<Pads<Sha384Traits>>();
        break;
    case HashAlgorithm::Sha512:
        m_pads.emplace<Pads<Sha512Traits>>();
        break;
    }
    std::visit([&](auto& p) { derivePads(key, p.inner, p.outer); }, m_pads);
}

PrecomputedHmac::~PrecomputedHmac()
{
    OPENSSL_cleanse(&m_pads, sizeof m_pads);
}

int PrecomputedHmac::digestSize() const
{
    return crypto::digestSize(m_algorithm);
}

void PrecomputedHmac::mac(QByteArrayView message, unsigned char* out) const
{
    std::visit([&](const auto& p) { macWith(p.inner, p.outer, message, out); }, m_pads);
}

QByteArray PrecomputedHmac::mac(QByteArrayView message) const
{
    QByteArray out(digestSize(), Qt::Uninitialized);
    mac(message, reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

bool PrecomputedHmac::verify(QByteArrayView message, QByteArrayView tag) const
{
    unsigned char out[64];
    mac(message, out);
    const bool equal = constantTimeEquals(QByteArrayView(reinterpret_cast<const char*>(out), digestSize()), tag);
    OPENSSL_cleanse(out, sizeof out);
    return equal;
}

QByteArray hmac(HashAlgorithm algorithm, QByteArrayView key, QByteArrayView message)
{
    return PrecomputedHmac(algorithm, key).mac(message);
}

} // namespace gatehouse::core::crypto
