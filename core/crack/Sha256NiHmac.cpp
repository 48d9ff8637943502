#include "crack/Sha256NiHmac.h"

#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GATEHOUSE_CRACK_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace gatehouse::core::crack {

namespace {

#ifdef GATEHOUSE_CRACK_SHANI
bool detectShaNi()
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    const bool ssse3 = c & (1u << 9);
    const bool sse41 = c & (1u << 19);
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    return ssse3 && sse41 && (b & (1u << 29));
}

#define GH_SHANI __attribute__((target("sha,sse4.1,ssse3")))

alignas(16) constexpr uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

alignas(16) constexpr uint32_t kInit[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                           0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

struct State
{
    __m128i abef;
    __m128i cdgh;
};

GH_SHANI inline State initialState()
{
    const __m128i dcba = _mm_shuffle_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(kInit)), 0xB1);
    const __m128i hgfe = _mm_shuffle_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(kInit + 4)), 0x1B);
    return {_mm_alignr_epi8(dcba, hgfe, 8), _mm_blend_epi16(hgfe, dcba, 0xF0)};
}

// State registers -> digest words h0..h3, h4..h7 (lane 0 first).
GH_SHANI inline void digestWords(const State& s, __m128i& w0, __m128i& w1)
{
    const __m128i feba = _mm_shuffle_epi32(s.abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(s.cdgh, 0xB1);
    w0 = _mm_blend_epi16(feba, dchg, 0xF0);
    w1 = _mm_alignr_epi8(dchg, feba, 8);
}

GH_SHANI inline State compress(const State& in, __m128i w0, __m128i w1, __m128i w2, __m128i w3)
{
    __m128i abef = in.abef;
    __m128i cdgh = in.cdgh;
    __m128i w[4] = {w0, w1, w2, w3};
    for (int g = 0; g < 16; ++g) {
        if (g >= 4) {
            const __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]),
                                            _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
            w[g & 3] = _mm_sha256msg2_epu32(t, w[(g + 3) & 3]);
        }
        __m128i msg = _mm_add_epi32(w[g & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(kK + 4 * g)));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
        msg = _mm_shuffle_epi32(msg, 0x0E);
        abef = _mm_sha256rnds2_epu32(abef, cdgh, msg);
    }
    return {_mm_add_epi32(abef, in.abef), _mm_add_epi32(cdgh, in.cdgh)};
}

GH_SHANI inline void compress2(State& sa, const __m128i* wa0, State& sb, const __m128i* wb0)
{
    __m128i abefA = sa.abef, cdghA = sa.cdgh, abefB = sb.abef, cdghB = sb.cdgh;
    __m128i wa[4] = {wa0[0], wa0[1], wa0[2], wa0[3]};
    __m128i wb[4] = {wb0[0], wb0[1], wb0[2], wb0[3]};
    for (int g = 0; g < 16; ++g) {
        if (g >= 4) {
            const __m128i ta = _mm_add_epi32(_mm_sha256msg1_epu32(wa[g & 3], wa[(g + 1) & 3]),
                                             _mm_alignr_epi8(wa[(g + 3) & 3], wa[(g + 2) & 3], 4));
            const __m128i tb = _mm_add_epi32(_mm_sha256msg1_epu32(wb[g & 3], wb[(g + 1) & 3]),
                                             _mm_alignr_epi8(wb[(g + 3) & 3], wb[(g + 2) & 3], 4));
            wa[g & 3] = _mm_sha256msg2_epu32(ta, wa[(g + 3) & 3]);
            wb[g & 3] = _mm_sha256msg2_epu32(tb, wb[(g + 3) & 3]);
        }
        const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(kK + 4 * g));
        __m128i ma = _mm_add_epi32(wa[g & 3], k);
        __m128i mb = _mm_add_epi32(wb[g & 3], k);
        cdghA = _mm_sha256rnds2_epu32(cdghA, abefA, ma);
        cdghB = _mm_sha256rnds2_epu32(cdghB, abefB, mb);
        ma = _mm_shuffle_epi32(ma, 0x0E);
        mb = _mm_shuffle_epi32(mb, 0x0E);
        abefA = _mm_sha256rnds2_epu32(abefA, cdghA, ma);
        abefB = _mm_sha256rnds2_epu32(abefB, cdghB, mb);
    }
    sa = {_mm_add_epi32(abefA, sa.abef), _mm_add_epi32(cdghA, sa.cdgh)};
    sb = {_mm_add_epi32(abefB, sb.abef), _mm_add_epi32(cdghB, sb.cdgh)};
}

GH_SHANI inline void keyWords(const unsigned char* key, std::size_t keyLen, __m128i* k)
{
    alignas(16) unsigned char pad[64];
    std::memset(pad, 0x36, sizeof pad);
    for (std::size_t i = 0; i < keyLen; ++i)
        pad[i] = static_cast<unsigned char>(key[i] ^ 0x36);
    const __m128i swap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    const __m128i* p = reinterpret_cast<const __m128i*>(pad);
    for (int i = 0; i < 4; ++i)
        k[i] = _mm_shuffle_epi8(_mm_load_si128(p + i), swap);
    std::memset(pad, 0, sizeof pad);
}

GH_SHANI void mac2ShaNi(const uint32_t* words, std::size_t blocks, const unsigned char* keyA, std::size_t lenA,
                        const unsigned char* keyB, std::size_t lenB, unsigned char* outA, unsigned char* outB)
{
    __m128i ka[4], kb[4];
    keyWords(keyA, lenA, ka);
    keyWords(keyB, lenB, kb);
    const State init = initialState();
    State ia = init, ib = init;
    compress2(ia, ka, ib, kb);
    const __m128i* m = reinterpret_cast<const __m128i*>(words);
    for (std::size_t b = 0; b < blocks; ++b, m += 4) {
        const __m128i w[4] = {_mm_loadu_si128(m), _mm_loadu_si128(m + 1), _mm_loadu_si128(m + 2),
                              _mm_loadu_si128(m + 3)};
        compress2(ia, w, ib, w);
    }
    const __m128i flip = _mm_set1_epi32(0x6a6a6a6a);
    for (int i = 0; i < 4; ++i) {
        ka[i] = _mm_xor_si128(ka[i], flip);
        kb[i] = _mm_xor_si128(kb[i], flip);
    }
    State oa = init, ob = init;
    compress2(oa, ka, ob, kb);
    __m128i fa[4], fb[4];
    digestWords(ia, fa[0], fa[1]);
    digestWords(ib, fb[0], fb[1]);
    fa[2] = fb[2] = _mm_set_epi32(0, 0, 0, int(0x80000000u));
    fa[3] = fb[3] = _mm_set_epi32((64 + 32) * 8, 0, 0, 0);
    compress2(oa, fa, ob, fb);
    const __m128i swap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m128i d0, d1;
    digestWords(oa, d0, d1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(outA), _mm_shuffle_epi8(d0, swap));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(outA + 16), _mm_shuffle_epi8(d1, swap));
    digestWords(ob, d0, d1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(outB), _mm_shuffle_epi8(d0, swap));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(outB + 16), _mm_shuffle_epi8(d1, swap));
}

GH_SHANI void macShaNi(const uint32_t* words, std::size_t blocks, const unsigned char* key, std::size_t keyLen,
                       unsigned char* out)
{
    alignas(16) unsigned char pad[64];
    std::memset(pad, 0x36, sizeof pad);
    for (std::size_t i = 0; i < keyLen; ++i)
        pad[i] = static_cast<unsigned char>(key[i] ^ 0x36);
    const __m128i swap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    const __m128i* p = reinterpret_cast<const __m128i*>(pad);
    const __m128i k0 = _mm_shuffle_epi8(_mm_load_si128(p), swap);
    const __m128i k1 = _mm_shuffle_epi8(_mm_load_si128(p + 1), swap);
    const __m128i k2 = _mm_shuffle_epi8(_mm_load_si128(p + 2), swap);
    const __m128i k3 = _mm_shuffle_epi8(_mm_load_si128(p + 3), swap);
    const State init = initialState();
    State inner = compress(init, k0, k1, k2, k3);
    const __m128i* m = reinterpret_cast<const __m128i*>(words);
    for (std::size_t b = 0; b < blocks; ++b, m += 4)
        inner =
            compress(inner, _mm_loadu_si128(m), _mm_loadu_si128(m + 1), _mm_loadu_si128(m + 2), _mm_loadu_si128(m + 3));
    // ipad ^ opad = 0x36 ^ 0x5c = 0x6a in every byte, so the outer key words are the inner ones xor 0x6a6a6a6a.
    const __m128i flip = _mm_set1_epi32(0x6a6a6a6a);
    State outer = compress(init, _mm_xor_si128(k0, flip), _mm_xor_si128(k1, flip), _mm_xor_si128(k2, flip),
                           _mm_xor_si128(k3, flip));
    __m128i d0, d1;
    digestWords(inner, d0, d1);
    outer = compress(outer, d0, d1, _mm_set_epi32(0, 0, 0, int(0x80000000u)), _mm_set_epi32((64 + 32) * 8, 0, 0, 0));
    digestWords(outer, d0, d1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_shuffle_epi8(d0, swap));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), _mm_shuffle_epi8(d1, swap));
    std::memset(pad, 0, sizeof pad);
}
#endif

} // namespace

bool Sha256NiHmac::available()
{
#ifdef GATEHOUSE_CRACK_SHANI
    static const bool has = detectShaNi();
    return has;
#else
    return false;
#endif
}

Sha256NiHmac::Sha256NiHmac(QByteArrayView message)
{
    const std::size_t len = std::size_t(message.size());
    m_blocks = (len + 1 + 8 + 63) / 64;
    std::vector<unsigned char> bytes(m_blocks * 64, 0);
    std::memcpy(bytes.data(), message.data(), len);
    bytes[len] = 0x80;
    const uint64_t bits = uint64_t(64 + len) * 8; // the key block comes first
    for (int i = 0; i < 8; ++i)
        bytes[bytes.size() - 1 - std::size_t(i)] = static_cast<unsigned char>(bits >> (8 * i));
    m_words.resize(m_blocks * 16);
    for (std::size_t i = 0; i < m_words.size(); ++i)
        m_words[i] = (uint32_t(bytes[4 * i]) << 24) | (uint32_t(bytes[4 * i + 1]) << 16) |
                     (uint32_t(bytes[4 * i + 2]) << 8) | uint32_t(bytes[4 * i + 3]);
}

void Sha256NiHmac::mac(const unsigned char* key, std::size_t keyLen, unsigned char* out) const
{
#ifdef GATEHOUSE_CRACK_SHANI
    macShaNi(m_words.data(), m_blocks, key, keyLen, out);
#else
    (void)key;
    (void)keyLen;
    std::memset(out, 0, 32);
#endif
}

void Sha256NiHmac::mac2(const unsigned char* keyA, std::size_t lenA, const unsigned char* keyB, std::size_t lenB,
                        unsigned char* outA, unsigned char* outB) const
{
#ifdef GATEHOUSE_CRACK_SHANI
    mac2ShaNi(m_words.data(), m_blocks, keyA, lenA, keyB, lenB, outA, outB);
#else
    mac(keyA, lenA, outA);
    mac(keyB, lenB, outB);
#endif
}

} // namespace gatehouse::core::crack
