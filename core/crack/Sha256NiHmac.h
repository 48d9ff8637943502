#pragma once

#include <QByteArrayView>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gatehouse::core::crack {

// HMAC-SHA256 of one fixed message under many keys on the x86 SHA extensions (SHA-NI): the HS256
// search's hot path. The message is padded and its message schedule expanded once, so its blocks cost
// only the rounds; per key, the key block is byte-swapped straight into message registers and the inner
// digest goes from state registers into the outer final block without touching memory. Use only when
// available() is true. Immutable after construction; safe from several threads.
class Sha256NiHmac
{
public:
    static bool available();

    explicit Sha256NiHmac(QByteArrayView message);

    // Writes the 32-byte MAC of the message under `key` (keyLen <= 64: callers hash longer keys first).
    void mac(const unsigned char* key, std::size_t keyLen, unsigned char* out) const;
    // Two keys at once: SHA-NI rounds are latency-bound, so two interleaved chains cost little more
    // than one. Same contract as mac() for each key.
    void mac2(const unsigned char* keyA, std::size_t lenA, const unsigned char* keyB, std::size_t lenB,
              unsigned char* outA, unsigned char* outB) const;

private:
    std::vector<uint32_t> m_schedule; // the padded message's expanded schedule, 128 words per block
    std::size_t m_blocks = 0;
};

} // namespace gatehouse::core::crack
