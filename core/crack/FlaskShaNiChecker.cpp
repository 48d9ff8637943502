#include "crack/FlaskShaNiChecker.h"

#include "crack/Sha256NiHmac.h"

#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GATEHOUSE_CRACK_SHA1NI 1
#include <immintrin.h>
#endif

namespace gatehouse::core::crack {

namespace {

// Pads `data` as the message after one 64-byte key block and stores it as 64-byte blocks.
std::vector<unsigned char> padAfterKeyBlock(QByteArrayView data, std::size_t& blocks)
{
    const std::size_t len = std::size_t(data.size());
    blocks = (len + 1 + 8 + 63) / 64;
    std::vector<unsigned char> bytes(blocks * 64, 0);
    if (len)
        std::memcpy(bytes.data(), data.data(), len);
    bytes[len] = 0x80;
    const uint64_t bits = uint64_t(64 + len) * 8;
    for (int i = 0; i < 8; ++i)
        bytes[bytes.size() - 1 - std::size_t(i)] = static_cast<unsigned char>(bits >> (8 * i));
    return bytes;
}

#ifdef GATEHOUSE_CRACK_SHA1NI
#define GH_SHA1NI __attribute__((target("sha,sse4.1,ssse3")))

// SHA-1 state in SHA-NI layout: abcd lanes 3..0 = A,B,C,D; e lane 3 = E. Message registers hold four
// words with the first in lane 3.
struct State
{
    __m128i abcd;
    __m128i e;
};

template <int F>
GH_SHA1NI inline void rounds(__m128i& abcd, __m128i& prev, __m128i (&w)[4], int g, const __m128i& e0)
{
    for (int k = 0; k < 5; ++k, ++g) {
        if (g >= 4)
            w[g & 3] = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(w[g & 3], w[(g + 1) & 3]), w[(g + 2) & 3]),
                                          w[(g + 3) & 3]);
        const __m128i e = g == 0 ? _mm_add_epi32(e0, w[0]) : _mm_sha1nexte_epu32(prev, w[g & 3]);
        prev = abcd;
        abcd = _mm_sha1rnds4_epu32(abcd, e, F);
    }
}

GH_SHA1NI inline State compress(const State& in, __m128i w0, __m128i w1, __m128i w2, __m128i w3)
{
    __m128i w[4] = {w0, w1, w2, w3};
    __m128i abcd = in.abcd;
    __m128i prev = abcd;
    rounds<0>(abcd, prev, w, 0, in.e);
    rounds<1>(abcd, prev, w, 5, in.e);
    rounds<2>(abcd, prev, w, 10, in.e);
    rounds<3>(abcd, prev, w, 15, in.e);
    return {_mm_add_epi32(abcd, in.abcd), _mm_sha1nexte_epu32(prev, in.e)};
}

GH_SHA1NI inline State initial()
{
    return {_mm_set_epi32(int(0x67452301u), int(0xEFCDAB89u), int(0x98BADCFEu), int(0x10325476u)),
            _mm_set_epi32(int(0xC3D2E1F0u), 0, 0, 0)};
}

GH_SHA1NI inline __m128i byteMask()
{
    return _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
}

GH_SHA1NI inline State compressBlocks(State s, const unsigned char* blocks, std::size_t n)
{
    const __m128i* p = reinterpret_cast<const __m128i*>(blocks);
    for (std::size_t b = 0; b < n; ++b, p += 4)
        s = compress(s, _mm_loadu_si128(p), _mm_loadu_si128(p + 1), _mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3));
    return s;
}

// The outer final block of an HMAC-SHA1: the 20-byte inner digest, 0x80, zeros, bit length (64 + 20) * 8.
GH_SHA1NI inline State finishOuter(const State& outer, const State& inner)
{
    const __m128i w1 = _mm_blend_epi16(_mm_set_epi32(0, int(0x80000000u), 0, 0), inner.e, 0xC0);
    return compress(outer, inner.abcd, w1, _mm_setzero_si128(), _mm_set_epi32(0, 0, 0, (64 + 20) * 8));
}

GH_SHA1NI void signatureShaNi(const unsigned char* salt, std::size_t saltBlocks, const unsigned char* msg,
                              std::size_t msgBlocks, const unsigned char* secret, std::size_t secretLen,
                              unsigned char* out)
{
    alignas(16) unsigned char pad[64];
    std::memset(pad, 0x36, sizeof pad);
    for (std::size_t i = 0; i < secretLen; ++i)
        pad[i] = static_cast<unsigned char>(secret[i] ^ 0x36);
    const __m128i mask = byteMask();
    const __m128i* p = reinterpret_cast<const __m128i*>(pad);
    const __m128i k0 = _mm_shuffle_epi8(_mm_load_si128(p), mask);
    const __m128i k1 = _mm_shuffle_epi8(_mm_load_si128(p + 1), mask);
    const __m128i k2 = _mm_shuffle_epi8(_mm_load_si128(p + 2), mask);
    const __m128i k3 = _mm_shuffle_epi8(_mm_load_si128(p + 3), mask);
    const __m128i flip = _mm_set1_epi32(0x6a6a6a6a); // ipad ^ opad
    const State init = initial();

    // derived = HMAC-SHA1(secret, salt)
    State inner = compressBlocks(compress(init, k0, k1, k2, k3), salt, saltBlocks);
    State outer = compress(init, _mm_xor_si128(k0, flip), _mm_xor_si128(k1, flip), _mm_xor_si128(k2, flip),
                           _mm_xor_si128(k3, flip));
    const State derived = finishOuter(outer, inner);

    // signature = HMAC-SHA1(derived, signedPart): the 20-byte key padded with 0x36 / 0x5c.
    const __m128i c36 = _mm_set1_epi32(0x36363636);
    const __m128i d0 = _mm_xor_si128(derived.abcd, c36);
    const __m128i d1 = _mm_blend_epi16(c36, _mm_xor_si128(derived.e, c36), 0xC0);
    inner = compressBlocks(compress(init, d0, d1, c36, c36), msg, msgBlocks);
    outer = compress(init, _mm_xor_si128(d0, flip), _mm_xor_si128(d1, flip), _mm_xor_si128(c36, flip),
                     _mm_xor_si128(c36, flip));
    const State mac = finishOuter(outer, inner);

    alignas(16) unsigned char tail[16];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_shuffle_epi8(mac.abcd, mask));
    _mm_store_si128(reinterpret_cast<__m128i*>(tail), _mm_shuffle_epi8(mac.e, mask));
    std::memcpy(out + 16, tail, 4);
    std::memset(pad, 0, sizeof pad);
}

GH_SHA1NI void toRegisterOrder(std::vector<unsigned char>& blocks)
{
    const __m128i mask = byteMask();
    for (std::size_t i = 0; i < blocks.size(); i += 16) {
        __m128i* p = reinterpret_cast<__m128i*>(blocks.data() + i);
        _mm_storeu_si128(p, _mm_shuffle_epi8(_mm_loadu_si128(p), mask));
    }
}
#endif

} // namespace

bool FlaskShaNiChecker::available()
{
#ifdef GATEHOUSE_CRACK_SHA1NI
    return Sha256NiHmac::available(); // the same CPUID bits (SHA, SSSE3, SSE4.1)
#else
    return false;
#endif
}

FlaskShaNiChecker::FlaskShaNiChecker(QByteArrayView salt, QByteArrayView signedPart)
{
    m_salt = padAfterKeyBlock(salt, m_saltBlocks);
    m_message = padAfterKeyBlock(signedPart, m_messageBlocks);
#ifdef GATEHOUSE_CRACK_SHA1NI
    if (available()) {
        toRegisterOrder(m_salt);
        toRegisterOrder(m_message);
    }
#endif
}

void FlaskShaNiChecker::signature(const unsigned char* secret, std::size_t secretLen, unsigned char* out) const
{
#ifdef GATEHOUSE_CRACK_SHA1NI
    signatureShaNi(m_salt.data(), m_saltBlocks, m_message.data(), m_messageBlocks, secret, secretLen, out);
#else
    (void)secret;
    (void)secretLen;
    std::memset(out, 0, 20);
#endif
}

} // namespace gatehouse::core::crack
