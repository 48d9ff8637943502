#include "crack/Sha256NiHmac.h"

#include "crypto/Sha256Ni.h"

#include <cstring>

namespace gatehouse::core::crack {

namespace {

constexpr std::size_t kScheduleWords = 128; // per block, see sha256ni::expandSchedule

#ifdef GATEHOUSE_SHANI_COMPILABLE
using crypto::sha256ni::compress;
using crypto::sha256ni::compress2;
using crypto::sha256ni::State;
using crypto::sha256ni::toDigestWords;

// The inner key block (key ^ ipad) as four message registers: the key copied into a zeroed block, then
// xor-ed with ipad a register at a time.
GATEHOUSE_SHANI_TARGET inline void keyWords(const unsigned char* key, std::size_t keyLen, __m128i* k)
{
    alignas(16) unsigned char block[64] = {};
    std::memcpy(block, key, keyLen);
    const __m128i swap = crypto::sha256ni::byteSwapMask();
    const __m128i ipad = _mm_set1_epi8(0x36);
    const __m128i* p = reinterpret_cast<const __m128i*>(block);
    for (int i = 0; i < 4; ++i)
        k[i] = _mm_shuffle_epi8(_mm_xor_si128(_mm_load_si128(p + i), ipad), swap);
    // Wipe the copy (the one that matches is the secret); the barrier keeps the stores from being elided,
    // at the cost of four stores rather than a library call per candidate.
    std::memset(block, 0, sizeof block);
    asm volatile("" : : "r"(block) : "memory");
}

GATEHOUSE_SHANI_TARGET void expandMessage(const unsigned char* padded, std::size_t blocks, uint32_t* schedule)
{
    for (std::size_t b = 0; b < blocks; ++b) {
        __m128i w[4];
        crypto::sha256ni::loadBlock(padded + 64 * b, w);
        crypto::sha256ni::expandSchedule(w, schedule + kScheduleWords * b);
    }
}

GATEHOUSE_SHANI_TARGET void mac2ShaNi(const uint32_t* schedule, std::size_t blocks, const unsigned char* keyA,
                                      std::size_t lenA, const unsigned char* keyB, std::size_t lenB,
                                      unsigned char* outA, unsigned char* outB)
{
    __m128i ka[4], kb[4];
    keyWords(keyA, lenA, ka);
    keyWords(keyB, lenB, kb);
    const State init = crypto::sha256ni::initialState();
    State ia = init, ib = init;
    compress2(ia, ka, ib, kb);
    for (std::size_t b = 0; b < blocks; ++b)
        crypto::sha256ni::compressScheduled2(ia, ib, schedule + kScheduleWords * b);
    const __m128i flip = _mm_set1_epi32(0x6a6a6a6a);
    for (int i = 0; i < 4; ++i) {
        ka[i] = _mm_xor_si128(ka[i], flip);
        kb[i] = _mm_xor_si128(kb[i], flip);
    }
    State oa = init, ob = init;
    compress2(oa, ka, ob, kb);
    __m128i fa[4], fb[4];
    toDigestWords(ia, fa[0], fa[1]);
    toDigestWords(ib, fb[0], fb[1]);
    fa[2] = fb[2] = crypto::sha256ni::digestPadding0();
    fa[3] = fb[3] = crypto::sha256ni::digestPadding1();
    compress2(oa, fa, ob, fb);
    crypto::sha256ni::storeDigest(oa, outA);
    crypto::sha256ni::storeDigest(ob, outB);
}

GATEHOUSE_SHANI_TARGET void macShaNi(const uint32_t* schedule, std::size_t blocks, const unsigned char* key,
                                     std::size_t keyLen, unsigned char* out)
{
    __m128i k[4];
    keyWords(key, keyLen, k);
    const State init = crypto::sha256ni::initialState();
    State inner = compress(init, k[0], k[1], k[2], k[3]);
    for (std::size_t b = 0; b < blocks; ++b)
        inner = crypto::sha256ni::compressScheduled(inner, schedule + kScheduleWords * b);
    // ipad ^ opad = 0x36 ^ 0x5c = 0x6a in every byte, so the outer key words are the inner ones xor 0x6a6a6a6a.
    const __m128i flip = _mm_set1_epi32(0x6a6a6a6a);
    State outer = compress(init, _mm_xor_si128(k[0], flip), _mm_xor_si128(k[1], flip), _mm_xor_si128(k[2], flip),
                           _mm_xor_si128(k[3], flip));
    __m128i d0, d1;
    toDigestWords(inner, d0, d1);
    outer = compress(outer, d0, d1, crypto::sha256ni::digestPadding0(), crypto::sha256ni::digestPadding1());
    crypto::sha256ni::storeDigest(outer, out);
}
#endif

} // namespace

bool Sha256NiHmac::available()
{
    return crypto::cpuHasShaExtensions();
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
    m_schedule.resize(m_blocks * kScheduleWords);
#ifdef GATEHOUSE_SHANI_COMPILABLE
    if (available())
        expandMessage(bytes.data(), m_blocks, m_schedule.data());
#endif
}

void Sha256NiHmac::mac(const unsigned char* key, std::size_t keyLen, unsigned char* out) const
{
#ifdef GATEHOUSE_SHANI_COMPILABLE
    macShaNi(m_schedule.data(), m_blocks, key, keyLen, out);
#else
    (void)key;
    (void)keyLen;
    std::memset(out, 0, 32);
#endif
}

void Sha256NiHmac::mac2(const unsigned char* keyA, std::size_t lenA, const unsigned char* keyB, std::size_t lenB,
                        unsigned char* outA, unsigned char* outB) const
{
#ifdef GATEHOUSE_SHANI_COMPILABLE
    mac2ShaNi(m_schedule.data(), m_blocks, keyA, lenA, keyB, lenB, outA, outB);
#else
    mac(keyA, lenA, outA);
    mac(keyB, lenB, outB);
#endif
}

} // namespace gatehouse::core::crack
