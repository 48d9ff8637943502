#include "crypto/Hmac.h"

#include "crypto/ConstantTime.h"
#include "crypto/CpuFeatures.h"
#include "crypto/Sha256Ni.h"

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

#ifdef GATEHOUSE_SHANI_COMPILABLE
GATEHOUSE_SHANI_TARGET void macSha256ShaNi(const Sha256State& innerPad, const Sha256State& outerPad,
                                           QByteArrayView message, unsigned char* out)
{
    sha256ni::hmacFromPads(sha256ni::fromHashWords(innerPad.h), sha256ni::fromHashWords(outerPad.h),
                           reinterpret_cast<const unsigned char*>(message.data()), std::size_t(message.size()), out);
}

GATEHOUSE_SHANI_TARGET bool verifySha256ShaNi(const Sha256State& innerPad, const Sha256State& outerPad,
                                              QByteArrayView message, QByteArrayView tag)
{
    return sha256ni::hmacVerifyFromPads(sha256ni::fromHashWords(innerPad.h), sha256ni::fromHashWords(outerPad.h),
                                        reinterpret_cast<const unsigned char*>(message.data()),
                                        std::size_t(message.size()),
                                        reinterpret_cast<const unsigned char*>(tag.data()));
}
#endif

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
#ifdef GATEHOUSE_SHANI_COMPILABLE
    // HS256 verification's hot path: the compressions inline, no call per block.
    if (const auto* p = std::get_if<Pads<Sha256Traits>>(&m_pads); p && useShaExtensions()) {
        macSha256ShaNi(p->inner.state(), p->outer.state(), message, out);
        return;
    }
#endif
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
#ifdef GATEHOUSE_SHANI_COMPILABLE
    if (const auto* p = std::get_if<Pads<Sha256Traits>>(&m_pads); p && useShaExtensions()) {
        // The length is public (the algorithm fixes it); the contents are compared in constant time.
        return tag.size() == 32 && verifySha256ShaNi(p->inner.state(), p->outer.state(), message, tag);
    }
#endif
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
