#pragma once

#include "crypto/ShaStream.h"

#include <QByteArray>
#include <QByteArrayView>

#include <variant>

namespace gatehouse::core::crypto {

enum class HashAlgorithm
{
    Sha1,
    Sha256,
    Sha384,
    Sha512
};

int digestSize(HashAlgorithm algorithm);
int blockSize(HashAlgorithm algorithm);

// HMAC (RFC 2104) with the inner and outer key pads hashed once, at construction: each mac() then costs
// only the message's compressions plus two final blocks. Immutable after construction, so one instance
// may be used from several threads. Key material is wiped on destruction.
class PrecomputedHmac
{
public:
    PrecomputedHmac(HashAlgorithm algorithm, QByteArrayView key);
    ~PrecomputedHmac();
    PrecomputedHmac(const PrecomputedHmac&) = default;
    PrecomputedHmac& operator=(const PrecomputedHmac&) = default;

    HashAlgorithm algorithm() const { return m_algorithm; }
    int digestSize() const;

    // Writes digestSize() bytes to `out`.
    void mac(QByteArrayView message, unsigned char* out) const;
    QByteArray mac(QByteArrayView message) const;
    // Computes the MAC of `message` and compares it with `tag` in constant time (lengths must match).
    bool verify(QByteArrayView message, QByteArrayView tag) const;

private:
    template <typename T>
    struct Pads
    {
        ShaStream<T> inner;
        ShaStream<T> outer;
    };
    using AnyPads = std::variant<Pads<Sha1Traits>, Pads<Sha256Traits>, Pads<Sha384Traits>, Pads<Sha512Traits>>;

    HashAlgorithm m_algorithm;
    AnyPads m_pads;
};

// One-shot HMAC; a convenience over PrecomputedHmac.
QByteArray hmac(HashAlgorithm algorithm, QByteArrayView key, QByteArrayView message);

} // namespace gatehouse::core::crypto
