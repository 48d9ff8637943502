#pragma once

// SHA-256 compression on the x86 SHA extensions, for hot loops that keep digests in registers (PBKDF2
// iterations, the HS256 secret search). Header-only so the compressions inline into those loops; every
// function is compiled for SHA-NI, so call them only when cpuHasShaExtensions() is true.
//
// The state lives in the ABEF/CDGH register layout that SHA256RNDS2 uses. Message registers hold four
// native-endian message words each, lane 0 = first word.

#include "crypto/CpuFeatures.h"

#ifdef GATEHOUSE_SHANI_COMPILABLE

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace gatehouse::core::crypto::sha256ni {

struct State
{
    __m128i abef;
    __m128i cdgh;
};

alignas(16) inline constexpr uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

alignas(16) inline constexpr uint32_t kInitialHash[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                                         0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

// Hash words h0..h7 (as in Sha256State) -> register state.
GATEHOUSE_SHANI_TARGET inline State fromHashWords(const uint32_t* h)
{
    const __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)), 0xB1);
    const __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4)), 0x1B);
    return {_mm_alignr_epi8(dcba, hgfe, 8), _mm_blend_epi16(hgfe, dcba, 0xF0)};
}

GATEHOUSE_SHANI_TARGET inline State initialState()
{
    return fromHashWords(kInitialHash);
}

// Register state -> the digest words h0..h3 and h4..h7 as message registers, ready to be the next block.
GATEHOUSE_SHANI_TARGET inline void toDigestWords(const State& s, __m128i& w0, __m128i& w1)
{
    const __m128i feba = _mm_shuffle_epi32(s.abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(s.cdgh, 0xB1);
    w0 = _mm_blend_epi16(feba, dchg, 0xF0);
    w1 = _mm_alignr_epi8(dchg, feba, 8);
}

// Shuffle mask that byte-swaps each 32-bit lane: big-endian message bytes <-> native message words.
GATEHOUSE_SHANI_TARGET inline __m128i byteSwapMask()
{
    return _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
}

// Writes the 32-byte big-endian digest held in `s`.
GATEHOUSE_SHANI_TARGET inline void storeDigest(const State& s, unsigned char* out)
{
    __m128i d0, d1;
    toDigestWords(s, d0, d1);
    const __m128i swap = byteSwapMask();
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_shuffle_epi8(d0, swap));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), _mm_shuffle_epi8(d1, swap));
}

// The two message registers that follow a 32-byte digest in the final block of a (64 + 32)-byte message
// (the outer hash of an HMAC, a PBKDF2 iteration): 0x80, zeros, the bit length 768.
GATEHOUSE_SHANI_TARGET inline __m128i digestPadding0()
{
    return _mm_set_epi32(0, 0, 0, int(0x80000000u));
}

GATEHOUSE_SHANI_TARGET inline __m128i digestPadding1()
{
    return _mm_set_epi32((64 + 32) * 8, 0, 0, 0);
}

// One compression of the block whose 16 message words are w0..w3.
GATEHOUSE_SHANI_TARGET inline State compress(const State& in, __m128i w0, __m128i w1, __m128i w2, __m128i w3)
{
    __m128i abef = in.abef;
    __m128i cdgh = in.cdgh;
    __m128i w[4] = {w0, w1, w2, w3};
    for (int g = 0; g < 16; ++g) {
        if (g >= 4) {
            // W[4g..4g+3] from W[4g-16..4g-1]: msg1 adds sigma0 terms, alignr supplies W[t-7], msg2 sigma1.
            const __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]),
                                            _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
            w[g & 3] = _mm_sha256msg2_epu32(t, w[(g + 3) & 3]);
        }
        __m128i msg =
            _mm_add_epi32(w[g & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(kRoundConstants + 4 * g)));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
        msg = _mm_shuffle_epi32(msg, 0x0E);
        abef = _mm_sha256rnds2_epu32(abef, cdgh, msg);
    }
    return {_mm_add_epi32(abef, in.abef), _mm_add_epi32(cdgh, in.cdgh)};
}

// Two independent compressions interleaved: SHA-NI rounds are latency-bound, so a second chain costs
// little more than one. `wa` and `wb` point at four message registers each; they may be the same.
GATEHOUSE_SHANI_TARGET inline void compress2(State& sa, const __m128i* wa0, State& sb, const __m128i* wb0)
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
        const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(kRoundConstants + 4 * g));
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

// A fixed block's message schedule with the round constants added, as the rounds take it: for each group
// of four rounds the four W+K words, then the same register with its upper half moved down (128 words
// per block). A block every candidate of a secret search hashes (the token's signing input) is expanded
// once, so its compressions are the rounds alone, which matters most when two chains are interleaved.
GATEHOUSE_SHANI_TARGET inline void expandSchedule(const __m128i* w0, uint32_t* out)
{
    __m128i w[4] = {w0[0], w0[1], w0[2], w0[3]};
    __m128i* o = reinterpret_cast<__m128i*>(out);
    for (int g = 0; g < 16; ++g) {
        if (g >= 4) {
            const __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]),
                                            _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
            w[g & 3] = _mm_sha256msg2_epu32(t, w[(g + 3) & 3]);
        }
        const __m128i m =
            _mm_add_epi32(w[g & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(kRoundConstants + 4 * g)));
        _mm_storeu_si128(o + 2 * g, m);
        _mm_storeu_si128(o + 2 * g + 1, _mm_shuffle_epi32(m, 0x0E));
    }
}

// One compression of a block expanded by expandSchedule().
GATEHOUSE_SHANI_TARGET inline State compressScheduled(const State& in, const uint32_t* schedule)
{
    const __m128i* k = reinterpret_cast<const __m128i*>(schedule);
    __m128i abef = in.abef;
    __m128i cdgh = in.cdgh;
    for (int g = 0; g < 16; ++g) {
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, _mm_loadu_si128(k + 2 * g));
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_loadu_si128(k + 2 * g + 1));
    }
    return {_mm_add_epi32(abef, in.abef), _mm_add_epi32(cdgh, in.cdgh)};
}

// Two chains through the same expanded block, interleaved.
GATEHOUSE_SHANI_TARGET inline void compressScheduled2(State& sa, State& sb, const uint32_t* schedule)
{
    const __m128i* k = reinterpret_cast<const __m128i*>(schedule);
    __m128i abefA = sa.abef, cdghA = sa.cdgh, abefB = sb.abef, cdghB = sb.cdgh;
    for (int g = 0; g < 16; ++g) {
        const __m128i lo = _mm_loadu_si128(k + 2 * g);
        const __m128i hi = _mm_loadu_si128(k + 2 * g + 1);
        cdghA = _mm_sha256rnds2_epu32(cdghA, abefA, lo);
        cdghB = _mm_sha256rnds2_epu32(cdghB, abefB, lo);
        abefA = _mm_sha256rnds2_epu32(abefA, cdghA, hi);
        abefB = _mm_sha256rnds2_epu32(abefB, cdghB, hi);
    }
    sa = {_mm_add_epi32(abefA, sa.abef), _mm_add_epi32(cdghA, sa.cdgh)};
    sb = {_mm_add_epi32(abefB, sb.abef), _mm_add_epi32(cdghB, sb.cdgh)};
}

// 64 big-endian message bytes -> four message registers.
GATEHOUSE_SHANI_TARGET inline void loadBlock(const unsigned char* p, __m128i* w)
{
    const __m128i swap = byteSwapMask();
    for (int i = 0; i < 4; ++i)
        w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p) + i), swap);
}

// HMAC-SHA256 of `message` from the states after the inner and outer key blocks (the cached pads): the
// message's full blocks straight from memory, its padded tail, then the outer block with the inner
// digest kept in registers. Returns the outer state; hmacFromPads writes the 32-byte MAC.
GATEHOUSE_SHANI_TARGET inline State hmacStateFromPads(const State& innerPad, const State& outerPad,
                                                      const unsigned char* message, std::size_t len)
{
    State s = innerPad;
    __m128i w[4];
    const std::size_t full = len / 64;
    for (std::size_t b = 0; b < full; ++b) {
        loadBlock(message + 64 * b, w);
        s = compress(s, w[0], w[1], w[2], w[3]);
    }
    const std::size_t rest = len - 64 * full;
    alignas(16) unsigned char tail[128] = {};
    if (rest != 0)
        std::memcpy(tail, message + 64 * full, rest);
    tail[rest] = 0x80;
    const std::size_t tailBlocks = rest + 9 > 64 ? 2 : 1;
    const uint64_t bits = (64 + uint64_t(len)) * 8; // the key block comes first
    for (int i = 0; i < 8; ++i)
        tail[64 * tailBlocks - 1 - std::size_t(i)] = static_cast<unsigned char>(bits >> (8 * i));
    for (std::size_t b = 0; b < tailBlocks; ++b) {
        loadBlock(tail + 64 * b, w);
        s = compress(s, w[0], w[1], w[2], w[3]);
    }
    toDigestWords(s, w[0], w[1]);
    return compress(outerPad, w[0], w[1], digestPadding0(), digestPadding1());
}

GATEHOUSE_SHANI_TARGET inline void hmacFromPads(const State& innerPad, const State& outerPad,
                                                const unsigned char* message, std::size_t len, unsigned char* out)
{
    storeDigest(hmacStateFromPads(innerPad, outerPad, message, len), out);
}

// Whether the HMAC of `message` equals the 32-byte `tag`, compared in registers without a branch on
// the data (every byte is compared; only the final all-equal mask is tested), so the MAC never lands in
// memory and the time does not depend on where a mismatch is.
GATEHOUSE_SHANI_TARGET inline bool hmacVerifyFromPads(const State& innerPad, const State& outerPad,
                                                      const unsigned char* message, std::size_t len,
                                                      const unsigned char* tag)
{
    __m128i d0, d1;
    toDigestWords(hmacStateFromPads(innerPad, outerPad, message, len), d0, d1);
    const __m128i swap = byteSwapMask();
    const __m128i t0 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tag)), swap);
    const __m128i t1 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tag + 16)), swap);
    const __m128i diff = _mm_or_si128(_mm_xor_si128(d0, t0), _mm_xor_si128(d1, t1));
    return _mm_testz_si128(diff, diff) != 0;
}

} // namespace gatehouse::core::crypto::sha256ni

#endif // GATEHOUSE_SHANI_COMPILABLE
