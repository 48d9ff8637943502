#include "crack/FlaskShaNiChecker.h"

#include "crypto/CpuFeatures.h"

#include <cstring>

#ifdef GATEHOUSE_SHANI_COMPILABLE
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

#ifdef GATEHOUSE_SHANI_COMPILABLE
// SHA-1 state in SHA-NI layout: abcd lanes 3..0 = A,B,C,D; e lane 3 = E. Message registers hold four
// words with the first in lane 3.
struct State
{
    __m128i abcd;
    __m128i e;
};

template <int F>
GATEHOUSE_SHANI_TARGET inline void rounds(__m128i& abcd, __m128i& prev, __m128i (&w)[4], int g, const __m128i& e0)
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

GATEHOUSE_SHANI_TARGET inline State compress(const State& in, __m128i w0, __m128i w1, __m128i w2, __m128i w3)
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

// Two independent chains interleaved, to overlap the latency of their round instructions.
template <int F>
GATEHOUSE_SHANI_TARGET inline void rounds2(__m128i& abcdA, __m128i& prevA, __m128i (&wa)[4], const __m128i& eA,
                                           __m128i& abcdB, __m128i& prevB, __m128i (&wb)[4], const __m128i& eB, int g)
{
    for (int k = 0; k < 5; ++k, ++g) {
        if (g >= 4) {
            wa[g & 3] = _mm_sha1msg2_epu32(
                _mm_xor_si128(_mm_sha1msg1_epu32(wa[g & 3], wa[(g + 1) & 3]), wa[(g + 2) & 3]), wa[(g + 3) & 3]);
            wb[g & 3] = _mm_sha1msg2_epu32(
                _mm_xor_si128(_mm_sha1msg1_epu32(wb[g & 3], wb[(g + 1) & 3]), wb[(g + 2) & 3]), wb[(g + 3) & 3]);
        }
        const __m128i ea = g == 0 ? _mm_add_epi32(eA, wa[0]) : _mm_sha1nexte_epu32(prevA, wa[g & 3]);
        const __m128i eb = g == 0 ? _mm_add_epi32(eB, wb[0]) : _mm_sha1nexte_epu32(prevB, wb[g & 3]);
        prevA = abcdA;
        prevB = abcdB;
        abcdA = _mm_sha1rnds4_epu32(abcdA, ea, F);
        abcdB = _mm_sha1rnds4_epu32(abcdB, eb, F);
    }
}

GATEHOUSE_SHANI_TARGET inline void compress2(State& a, const __m128i* wa0, State& b, const __m128i* wb0)
{
    __m128i wa[4] = {wa0[0], wa0[1], wa0[2], wa0[3]};
    __m128i wb[4] = {wb0[0], wb0[1], wb0[2], wb0[3]};
    __m128i abcdA = a.abcd, prevA = abcdA, abcdB = b.abcd, prevB = abcdB;
    rounds2<0>(abcdA, prevA, wa, a.e, abcdB, prevB, wb, b.e, 0);
    rounds2<1>(abcdA, prevA, wa, a.e, abcdB, prevB, wb, b.e, 5);
    rounds2<2>(abcdA, prevA, wa, a.e, abcdB, prevB, wb, b.e, 10);
    rounds2<3>(abcdA, prevA, wa, a.e, abcdB, prevB, wb, b.e, 15);
    a = {_mm_add_epi32(abcdA, a.abcd), _mm_sha1nexte_epu32(prevA, a.e)};
    b = {_mm_add_epi32(abcdB, b.abcd), _mm_sha1nexte_epu32(prevB, b.e)};
}

// A fixed block's 80 message words as the 20 registers the rounds take (kScheduleBytes per block): the salt
// and the signed part are the same for every candidate, so their schedules are expanded once.
constexpr std::size_t kScheduleBytes = 20 * 16;

GATEHOUSE_SHANI_TARGET inline void expandSchedule(const __m128i* block, __m128i* out)
{
    __m128i w[4] = {block[0], block[1], block[2], block[3]};
    for (int g = 0; g < 20; ++g) {
        if (g >= 4)
            w[g & 3] = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(w[g & 3], w[(g + 1) & 3]), w[(g + 2) & 3]),
                                          w[(g + 3) & 3]);
        out[g] = w[g & 3];
    }
}

template <int F>
GATEHOUSE_SHANI_TARGET inline void scheduledRounds2(__m128i& abcdA, __m128i& prevA, __m128i& abcdB, __m128i& prevB,
                                                    const __m128i* w, int g, int end)
{
    for (; g < end; ++g) {
        const __m128i wg = _mm_loadu_si128(w + g);
        const __m128i ea = _mm_sha1nexte_epu32(prevA, wg);
        const __m128i eb = _mm_sha1nexte_epu32(prevB, wg);
        prevA = abcdA;
        prevB = abcdB;
        abcdA = _mm_sha1rnds4_epu32(abcdA, ea, F);
        abcdB = _mm_sha1rnds4_epu32(abcdB, eb, F);
    }
}

// Two chains through the same expanded block: only the round and next-E instructions remain.
GATEHOUSE_SHANI_TARGET inline void compressScheduled2(State& a, State& b, const __m128i* w)
{
    __m128i abcdA = a.abcd, abcdB = b.abcd;
    const __m128i w0 = _mm_loadu_si128(w);
    __m128i prevA = abcdA, prevB = abcdB;
    abcdA = _mm_sha1rnds4_epu32(abcdA, _mm_add_epi32(a.e, w0), 0);
    abcdB = _mm_sha1rnds4_epu32(abcdB, _mm_add_epi32(b.e, w0), 0);
    scheduledRounds2<0>(abcdA, prevA, abcdB, prevB, w, 1, 5);
    scheduledRounds2<1>(abcdA, prevA, abcdB, prevB, w, 5, 10);
    scheduledRounds2<2>(abcdA, prevA, abcdB, prevB, w, 10, 15);
    scheduledRounds2<3>(abcdA, prevA, abcdB, prevB, w, 15, 20);
    a = {_mm_add_epi32(abcdA, a.abcd), _mm_sha1nexte_epu32(prevA, a.e)};
    b = {_mm_add_epi32(abcdB, b.abcd), _mm_sha1nexte_epu32(prevB, b.e)};
}

GATEHOUSE_SHANI_TARGET inline State initial()
{
    return {_mm_set_epi32(int(0x67452301u), int(0xEFCDAB89u), int(0x98BADCFEu), int(0x10325476u)),
            _mm_set_epi32(int(0xC3D2E1F0u), 0, 0, 0)};
}

GATEHOUSE_SHANI_TARGET inline __m128i byteMask()
{
    return _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
}

GATEHOUSE_SHANI_TARGET inline State compressBlocks(State s, const unsigned char* blocks, std::size_t n)
{
    const __m128i* p = reinterpret_cast<const __m128i*>(blocks);
    for (std::size_t b = 0; b < n; ++b, p += 4)
        s = compress(s, _mm_loadu_si128(p), _mm_loadu_si128(p + 1), _mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3));
    return s;
}

// The outer final block of an HMAC-SHA1: the 20-byte inner digest, 0x80, zeros, bit length (64 + 20) * 8.
GATEHOUSE_SHANI_TARGET inline State finishOuter(const State& outer, const State& inner)
{
    const __m128i w1 = _mm_blend_epi16(_mm_set_epi32(0, int(0x80000000u), 0, 0), inner.e, 0xC0);
    return compress(outer, inner.abcd, w1, _mm_setzero_si128(), _mm_set_epi32(0, 0, 0, (64 + 20) * 8));
}

// The inner key block (secret ^ ipad) as four message registers: the secret copied into a zeroed block,
// then xor-ed with ipad a register at a time.
GATEHOUSE_SHANI_TARGET inline void keyBlock(const unsigned char* secret, std::size_t secretLen, __m128i* k)
{
    alignas(16) unsigned char block[64] = {};
    std::memcpy(block, secret, secretLen);
    const __m128i mask = byteMask();
    const __m128i ipad = _mm_set1_epi8(0x36);
    const __m128i* p = reinterpret_cast<const __m128i*>(block);
    for (int i = 0; i < 4; ++i)
        k[i] = _mm_shuffle_epi8(_mm_xor_si128(_mm_load_si128(p + i), ipad), mask);
    // Wipe the copy; the barrier keeps the stores from being elided (four stores, not a call per candidate).
    std::memset(block, 0, sizeof block);
    asm volatile("" : : "r"(block) : "memory");
}

// Writes the 20-byte big-endian digest held in `s`.
GATEHOUSE_SHANI_TARGET inline void storeDigest(const State& s, unsigned char* out)
{
    const __m128i mask = byteMask();
    alignas(16) unsigned char tail[16];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_shuffle_epi8(s.abcd, mask));
    _mm_store_si128(reinterpret_cast<__m128i*>(tail), _mm_shuffle_epi8(s.e, mask));
    std::memcpy(out + 16, tail, 4);
}

GATEHOUSE_SHANI_TARGET void signatureShaNi(const unsigned char* salt, std::size_t saltBlocks, const unsigned char* msg,
                                           std::size_t msgBlocks, const unsigned char* secret, std::size_t secretLen,
                                           unsigned char* out)
{
    __m128i k[4];
    keyBlock(secret, secretLen, k);
    const __m128i k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3];
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

    storeDigest(mac, out);
}

GATEHOUSE_SHANI_TARGET inline void compressBlocks2(State& a, State& b, const unsigned char* schedules, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        compressScheduled2(a, b, reinterpret_cast<const __m128i*>(schedules + kScheduleBytes * i));
}

// Both HMAC-SHA1 layers for two secrets, interleaved; `salt` and `msg` are expanded schedules.
GATEHOUSE_SHANI_TARGET void signature2ShaNi(const unsigned char* salt, std::size_t saltBlocks, const unsigned char* msg,
                                            std::size_t msgBlocks, const unsigned char* sa, std::size_t la,
                                            const unsigned char* sb, std::size_t lb, unsigned char* outA,
                                            unsigned char* outB)
{
    __m128i ka[4], kb[4];
    keyBlock(sa, la, ka);
    keyBlock(sb, lb, kb);
    const __m128i flip = _mm_set1_epi32(0x6a6a6a6a);
    const State init = initial();
    auto hmacLayer = [&](const unsigned char* blocks, std::size_t n, State& ra, State& rb) GATEHOUSE_SHANI_TARGET {
        State ia = init, ib = init;
        compress2(ia, ka, ib, kb);
        compressBlocks2(ia, ib, blocks, n);
        for (int i = 0; i < 4; ++i) {
            ka[i] = _mm_xor_si128(ka[i], flip);
            kb[i] = _mm_xor_si128(kb[i], flip);
        }
        State oa = init, ob = init;
        compress2(oa, ka, ob, kb);
        const __m128i fa[4] = {ia.abcd, _mm_blend_epi16(_mm_set_epi32(0, int(0x80000000u), 0, 0), ia.e, 0xC0),
                               _mm_setzero_si128(), _mm_set_epi32(0, 0, 0, (64 + 20) * 8)};
        const __m128i fb[4] = {ib.abcd, _mm_blend_epi16(_mm_set_epi32(0, int(0x80000000u), 0, 0), ib.e, 0xC0),
                               _mm_setzero_si128(), _mm_set_epi32(0, 0, 0, (64 + 20) * 8)};
        compress2(oa, fa, ob, fb);
        ra = oa;
        rb = ob;
    };
    State da, db;
    hmacLayer(salt, saltBlocks, da, db);
    // The derived 20-byte keys become the second layer's key blocks.
    const __m128i c36 = _mm_set1_epi32(0x36363636);
    ka[0] = _mm_xor_si128(da.abcd, c36);
    ka[1] = _mm_blend_epi16(c36, _mm_xor_si128(da.e, c36), 0xC0);
    kb[0] = _mm_xor_si128(db.abcd, c36);
    kb[1] = _mm_blend_epi16(c36, _mm_xor_si128(db.e, c36), 0xC0);
    ka[2] = ka[3] = kb[2] = kb[3] = c36;
    State ma, mb;
    hmacLayer(msg, msgBlocks, ma, mb);
    storeDigest(ma, outA);
    storeDigest(mb, outB);
}

GATEHOUSE_SHANI_TARGET void toRegisterOrder(std::vector<unsigned char>& blocks)
{
    const __m128i mask = byteMask();
    for (std::size_t i = 0; i < blocks.size(); i += 16) {
        __m128i* p = reinterpret_cast<__m128i*>(blocks.data() + i);
        _mm_storeu_si128(p, _mm_shuffle_epi8(_mm_loadu_si128(p), mask));
    }
}

// Register-order blocks -> their expanded schedules (kScheduleBytes each).
GATEHOUSE_SHANI_TARGET std::vector<unsigned char> expandSchedules(const std::vector<unsigned char>& blocks)
{
    std::vector<unsigned char> out(blocks.size() / 64 * kScheduleBytes);
    for (std::size_t b = 0; b < blocks.size() / 64; ++b) {
        const __m128i* in = reinterpret_cast<const __m128i*>(blocks.data() + 64 * b);
        const __m128i w[4] = {_mm_loadu_si128(in), _mm_loadu_si128(in + 1), _mm_loadu_si128(in + 2),
                              _mm_loadu_si128(in + 3)};
        __m128i expanded[20];
        expandSchedule(w, expanded);
        std::memcpy(out.data() + kScheduleBytes * b, expanded, sizeof expanded);
    }
    return out;
}
#endif

} // namespace

bool FlaskShaNiChecker::available()
{
    return crypto::cpuHasShaExtensions();
}

FlaskShaNiChecker::FlaskShaNiChecker(QByteArrayView salt, QByteArrayView signedPart)
{
    m_salt = padAfterKeyBlock(salt, m_saltBlocks);
    m_message = padAfterKeyBlock(signedPart, m_messageBlocks);
#ifdef GATEHOUSE_SHANI_COMPILABLE
    if (available()) {
        toRegisterOrder(m_salt);
        toRegisterOrder(m_message);
        m_saltSchedule = expandSchedules(m_salt);
        m_messageSchedule = expandSchedules(m_message);
    }
#endif
}

void FlaskShaNiChecker::signature(const unsigned char* secret, std::size_t secretLen, unsigned char* out) const
{
#ifdef GATEHOUSE_SHANI_COMPILABLE
    signatureShaNi(m_salt.data(), m_saltBlocks, m_message.data(), m_messageBlocks, secret, secretLen, out);
#else
    (void)secret;
    (void)secretLen;
    std::memset(out, 0, 20);
#endif
}

void FlaskShaNiChecker::signature2(const unsigned char* secretA, std::size_t lenA, const unsigned char* secretB,
                                   std::size_t lenB, unsigned char* outA, unsigned char* outB) const
{
#ifdef GATEHOUSE_SHANI_COMPILABLE
    signature2ShaNi(m_saltSchedule.data(), m_saltBlocks, m_messageSchedule.data(), m_messageBlocks, secretA, lenA,
                    secretB, lenB, outA, outB);
#else
    signature(secretA, lenA, outA);
    signature(secretB, lenB, outB);
#endif
}

} // namespace gatehouse::core::crack
