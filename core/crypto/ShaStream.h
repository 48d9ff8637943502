#pragma once

#include "crypto/ShaCompress.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

// A streaming SHA-1/SHA-2 hasher over ShaCompress whose state is a plain value: copying it is how HMAC
// reuses precomputed key pads (see Hmac.h). Header-only so the copy and the short final block inline.
namespace gatehouse::core::crypto {

struct Sha1Traits
{
    using State = Sha1State;
    using Word = uint32_t;
    static constexpr std::size_t kBlock = 64;
    static constexpr std::size_t kLengthBytes = 8;
    static constexpr std::size_t kDigest = 20;
    static void init(State& s) { sha1Init(s); }
    static void compress(State& s, const unsigned char* d, std::size_t n) { sha1Compress(s, d, n); }
};
struct Sha256Traits
{
    using State = Sha256State;
    using Word = uint32_t;
    static constexpr std::size_t kBlock = 64;
    static constexpr std::size_t kLengthBytes = 8;
    static constexpr std::size_t kDigest = 32;
    static void init(State& s) { sha256Init(s); }
    static void compress(State& s, const unsigned char* d, std::size_t n) { sha256Compress(s, d, n); }
};
struct Sha384Traits
{
    using State = Sha512State;
    using Word = uint64_t;
    static constexpr std::size_t kBlock = 128;
    static constexpr std::size_t kLengthBytes = 16;
    static constexpr std::size_t kDigest = 48;
    static void init(State& s) { sha384Init(s); }
    static void compress(State& s, const unsigned char* d, std::size_t n) { sha512Compress(s, d, n); }
};
struct Sha512Traits
{
    using State = Sha512State;
    using Word = uint64_t;
    static constexpr std::size_t kBlock = 128;
    static constexpr std::size_t kLengthBytes = 16;
    static constexpr std::size_t kDigest = 64;
    static void init(State& s) { sha512Init(s); }
    static void compress(State& s, const unsigned char* d, std::size_t n) { sha512Compress(s, d, n); }
};

template <typename T>
class ShaStream
{
public:
    static constexpr std::size_t kBlock = T::kBlock;
    static constexpr std::size_t kDigest = T::kDigest;

    ShaStream() { T::init(m_state); }

    void update(const unsigned char* data, std::size_t len)
    {
        m_total += len;
        if (m_used) {
            const std::size_t take = len < kBlock - m_used ? len : kBlock - m_used;
            std::memcpy(m_buf + m_used, data, take);
            m_used += take;
            data += take;
            len -= take;
            if (m_used < kBlock)
                return;
            T::compress(m_state, m_buf, 1);
            m_used = 0;
        }
        if (len >= kBlock) {
            const std::size_t blocks = len / kBlock;
            T::compress(m_state, data, blocks);
            data += blocks * kBlock;
            len -= blocks * kBlock;
        }
        if (len) {
            std::memcpy(m_buf, data, len);
            m_used = len;
        }
    }

    // Writes kDigest bytes to `out`. The stream must not be used afterwards (copy it first to reuse).
    void finish(unsigned char* out)
    {
        const uint64_t bits = m_total * 8;
        m_buf[m_used++] = 0x80;
        if (m_used > kBlock - T::kLengthBytes) {
            std::memset(m_buf + m_used, 0, kBlock - m_used);
            T::compress(m_state, m_buf, 1);
            m_used = 0;
        }
        std::memset(m_buf + m_used, 0, kBlock - m_used);
        for (int i = 0; i < 8; ++i)
            m_buf[kBlock - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
        T::compress(m_state, m_buf, 1);
        writeDigest(m_state, out);
    }

    // Big-endian serialisation of the first kDigest bytes of a chaining state.
    static void writeDigest(const typename T::State& s, unsigned char* out)
    {
        constexpr std::size_t w = sizeof(typename T::Word);
        for (std::size_t i = 0; i < kDigest; ++i)
            out[i] = static_cast<unsigned char>(s.h[i / w] >> (8 * (w - 1 - i % w)));
    }

    const typename T::State& state() const { return m_state; }

private:
    typename T::State m_state;
    unsigned char m_buf[kBlock];
    std::size_t m_used = 0;
    uint64_t m_total = 0;
};

} // namespace gatehouse::core::crypto
