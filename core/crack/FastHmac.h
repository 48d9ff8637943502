#pragma once

#include "crypto/ShaStream.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>

namespace gatehouse::core::crack {

// HMAC for a fixed message and many keys, the shape of a weak-secret search. The message is padded once,
// as the blocks that follow the inner key block; each key then costs only raw compressions: the inner key
// block, the message blocks, the outer key block and one final block. Header-only so it inlines into the
// search loop. Immutable after construction: one instance serves every thread.
template <typename T>
class FastHmac
{
public:
    static constexpr std::size_t kBlock = T::kBlock;
    static constexpr std::size_t kDigest = T::kDigest;
    using State = typename T::State;

    explicit FastHmac(QByteArrayView message)
    {
        const std::size_t len = std::size_t(message.size());
        const std::size_t lengthBytes = T::kLengthBytes;
        std::size_t blocks = (len + 1 + lengthBytes + kBlock - 1) / kBlock;
        m_padded = QByteArray(qsizetype(blocks * kBlock), '\0');
        std::memcpy(m_padded.data(), message.data(), len);
        m_padded[qsizetype(len)] = char(0x80);
        const quint64 bits = quint64(kBlock + len) * 8;
        for (int i = 0; i < 8; ++i)
            m_padded[m_padded.size() - 1 - i] = char(bits >> (8 * i));
        m_blocks = blocks;
        // The outer final block: digest, 0x80, zeros, length of (block + digest).
        std::memset(m_outerTail, 0, sizeof m_outerTail);
        m_outerTail[kDigest] = 0x80;
        const quint64 obits = quint64(kBlock + kDigest) * 8;
        for (int i = 0; i < 8; ++i)
            m_outerTail[kBlock - 1 - i] = static_cast<unsigned char>(obits >> (8 * i));
    }

    // Writes the kDigest-byte HMAC of the message under `key` to `out`.
    void mac(const unsigned char* key, std::size_t keyLen, unsigned char* out) const
    {
        unsigned char hashedKey[kDigest];
        if (keyLen > kBlock) {
            crypto::ShaStream<T> h;
            h.update(key, keyLen);
            h.finish(hashedKey);
            key = hashedKey;
            keyLen = kDigest;
        }
        unsigned char pad[kBlock];
        for (std::size_t i = 0; i < keyLen; ++i)
            pad[i] = key[i] ^ 0x36;
        std::memset(pad + keyLen, 0x36, kBlock - keyLen);
        State inner;
        T::init(inner);
        T::compress(inner, pad, 1);
        T::compress(inner, reinterpret_cast<const unsigned char*>(m_padded.constData()), m_blocks);
        for (std::size_t i = 0; i < kBlock; ++i)
            pad[i] ^= 0x36 ^ 0x5c;
        State outer;
        T::init(outer);
        T::compress(outer, pad, 1);
        unsigned char tail[kBlock];
        std::memcpy(tail, m_outerTail, kBlock);
        crypto::ShaStream<T>::writeDigest(inner, tail);
        T::compress(outer, tail, 1);
        crypto::ShaStream<T>::writeDigest(outer, out);
    }

private:
    QByteArray m_padded;
    std::size_t m_blocks = 0;
    unsigned char m_outerTail[kBlock];
};

} // namespace gatehouse::core::crack
