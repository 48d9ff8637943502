#include "crypto/Pbkdf2.h"

#include "crypto/ShaStream.h"

#include <QtEndian>

#include <openssl/crypto.h>

#include <atomic>
#include <type_traits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GATEHOUSE_PBKDF2_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace gatehouse::core::crypto {

namespace {

std::atomic<bool> g_forcePortable{false};

#ifdef GATEHOUSE_PBKDF2_SHANI
// The SHA-256 PBKDF2 inner loop with the x86 SHA extensions. Each iteration's message block is the
// previous digest plus constant padding, so the digest words go from one compression's state registers
// straight into the next one's message registers: no serialisation to bytes and back at all. The state
// is kept in the ABEF/CDGH register layout that SHA256RNDS2 uses.
bool cpuHasShaNi()
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    const bool ssse3 = c & (1u << 9);
    const bool sse41 = c & (1u << 19);
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    const bool sha = b & (1u << 29);
    return ssse3 && sse41 && sha;
}

const bool kHasShaNi = cpuHasShaNi();

#define GATEHOUSE_SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

struct ShaNiState
{
    __m128i abef;
    __m128i cdgh;
};

alignas(16) constexpr uint32_t kSha256K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// h0..h7 (as in Sha256State) -> ABEF/CDGH.
GATEHOUSE_SHANI_TARGET ShaNiState toShaNi(const uint32_t* h)
{
    const __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)), 0xB1);
    const __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4)), 0x1B);
    return {_mm_alignr_epi8(dcba, hgfe, 8), _mm_blend_epi16(hgfe, dcba, 0xF0)};
}

// ABEF/CDGH -> the digest words h0..h3 and h4..h7 as message registers (lane 0 = first word).
GATEHOUSE_SHANI_TARGET inline void fromShaNi(const ShaNiState& s, __m128i& w0, __m128i& w1)
{
    const __m128i feba = _mm_shuffle_epi32(s.abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(s.cdgh, 0xB1);
    w0 = _mm_blend_epi16(feba, dchg, 0xF0);
    w1 = _mm_alignr_epi8(dchg, feba, 8);
}

// One SHA-256 compression of the block whose 16 message words are w0..w3 (native integers).
GATEHOUSE_SHANI_TARGET inline ShaNiState compressShaNi(const ShaNiState& in, __m128i w0, __m128i w1, __m128i w2,
                                                       __m128i w3)
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
        __m128i msg = _mm_add_epi32(w[g & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(kSha256K + 4 * g)));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
        msg = _mm_shuffle_epi32(msg, 0x0E);
        abef = _mm_sha256rnds2_epu32(abef, cdgh, msg);
    }
    return {_mm_add_epi32(abef, in.abef), _mm_add_epi32(cdgh, in.cdgh)};
}

// U_2..U_c for SHA-256: `u` holds U_1 (h0..h7) on entry; returns U_1 ^ ... ^ U_c in `acc`.
GATEHOUSE_SHANI_TARGET void iterateSha256ShaNi(const Sha256State& innerPad, const Sha256State& outerPad,
                                               const uint32_t* u, uint32_t iterations, uint32_t* acc)
{
    const ShaNiState inner = toShaNi(innerPad.h);
    const ShaNiState outer = toShaNi(outerPad.h);
    // Padding of a (64 + 32)-byte message: 0x80 after the digest, zeros, the bit length 768 last.
    const __m128i pad0 = _mm_set_epi32(0, 0, 0, int(0x80000000u));
    const __m128i pad1 = _mm_set_epi32((64 + 32) * 8, 0, 0, 0);
    __m128i w0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u));
    __m128i w1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + 4));
    __m128i acc0 = w0;
    __m128i acc1 = w1;
    for (uint32_t j = 1; j < iterations; ++j) {
        fromShaNi(compressShaNi(inner, w0, w1, pad0, pad1), w0, w1);
        fromShaNi(compressShaNi(outer, w0, w1, pad0, pad1), w0, w1);
        acc0 = _mm_xor_si128(acc0, w0);
        acc1 = _mm_xor_si128(acc1, w1);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(acc), acc0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(acc + 4), acc1);
    // Registers spilled to the stack are not reachable for wiping here; the caller wipes its copies.
}
#endif

template <typename T>
void storeWordsBigEndian(const typename T::Word* words, std::size_t count, unsigned char* out)
{
    for (std::size_t k = 0; k < count; ++k)
        qToBigEndian<typename T::Word>(words[k], out + k * sizeof(typename T::Word));
}

template <typename T>
struct Pbkdf2Context
{
    using Word = typename T::Word;
    static constexpr std::size_t kWords = T::kDigest / sizeof(Word);

    ShaStream<T> innerPad;
    ShaStream<T> outerPad;
    typename T::State innerState{};
    typename T::State outerState{};
    // One block holding a digest followed by SHA padding for a message of (block + digest) bytes: the
    // second compression of both the inner hash (ipad || U) and the outer hash (opad || inner digest).
    unsigned char block[T::kBlock] = {};

    explicit Pbkdf2Context(QByteArrayView password)
    {
        unsigned char key[T::kBlock] = {};
        if (static_cast<std::size_t>(password.size()) > T::kBlock) {
            ShaStream<T> h;
            h.update(reinterpret_cast<const unsigned char*>(password.data()), std::size_t(password.size()));
            h.finish(key);
        } else if (!password.isEmpty()) {
            std::memcpy(key, password.data(), std::size_t(password.size()));
        }
        unsigned char pad[T::kBlock];
        for (std::size_t i = 0; i < T::kBlock; ++i)
            pad[i] = key[i] ^ 0x36;
        innerPad.update(pad, T::kBlock);
        for (std::size_t i = 0; i < T::kBlock; ++i)
            pad[i] = key[i] ^ 0x5c;
        outerPad.update(pad, T::kBlock);
        OPENSSL_cleanse(key, sizeof key);
        OPENSSL_cleanse(pad, sizeof pad);
        innerState = innerPad.state();
        outerState = outerPad.state();

        block[T::kDigest] = 0x80;
        const uint64_t bits = uint64_t(T::kBlock + T::kDigest) * 8;
        for (int i = 0; i < 8; ++i)
            block[T::kBlock - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    }

    ~Pbkdf2Context()
    {
        OPENSSL_cleanse(&innerPad, sizeof innerPad);
        OPENSSL_cleanse(&outerPad, sizeof outerPad);
        OPENSSL_cleanse(&innerState, sizeof innerState);
        OPENSSL_cleanse(&outerState, sizeof outerState);
        OPENSSL_cleanse(block, sizeof block);
    }

    // T_i = U_1 ^ ... ^ U_c for block index i (RFC 8018 F function); writes T::kDigest bytes.
    void deriveBlock(QByteArrayView salt, uint32_t index, uint32_t iterations, unsigned char* out)
    {
        unsigned char tmp[T::kDigest];
        unsigned char be[4];
        qToBigEndian<uint32_t>(index, be);
        ShaStream<T> inner = innerPad;
        inner.update(reinterpret_cast<const unsigned char*>(salt.data()), std::size_t(salt.size()));
        inner.update(be, 4);
        inner.finish(tmp);
        ShaStream<T> outer = outerPad;
        outer.update(tmp, T::kDigest);
        outer.finish(tmp);

        Word u[kWords];
        Word acc[kWords];
        const typename T::State& first = outer.state();
        for (std::size_t k = 0; k < kWords; ++k)
            acc[k] = u[k] = first.h[k];

        typename T::State s{};
#ifdef GATEHOUSE_PBKDF2_SHANI
        if constexpr (std::is_same_v<T, Sha256Traits>) {
            if (kHasShaNi && !g_forcePortable.load(std::memory_order_relaxed)) {
                iterateSha256ShaNi(innerState, outerState, u, iterations, acc);
                iterations = 1; // the portable loop below is skipped
            }
        }
#endif
        for (uint32_t j = 1; j < iterations; ++j) {
            storeWordsBigEndian<T>(u, kWords, block);
            s = innerState;
            T::compress(s, block, 1);
            storeWordsBigEndian<T>(s.h, kWords, block);
            s = outerState;
            T::compress(s, block, 1);
            for (std::size_t k = 0; k < kWords; ++k) {
                u[k] = s.h[k];
                acc[k] ^= u[k];
            }
        }
        storeWordsBigEndian<T>(acc, kWords, out);
        OPENSSL_cleanse(tmp, sizeof tmp);
        OPENSSL_cleanse(u, sizeof u);
        OPENSSL_cleanse(acc, sizeof acc);
        OPENSSL_cleanse(&s, sizeof s);
        OPENSSL_cleanse(&inner, sizeof inner);
        OPENSSL_cleanse(&outer, sizeof outer);
    }
};

template <typename T>
void derive(QByteArrayView password, QByteArrayView salt, uint32_t iterations, unsigned char* out, std::size_t len)
{
    Pbkdf2Context<T> ctx(password);
    unsigned char last[T::kDigest];
    uint32_t index = 1;
    for (std::size_t done = 0; done < len; done += T::kDigest, ++index) {
        if (len - done >= T::kDigest) {
            ctx.deriveBlock(salt, index, iterations, out + done);
        } else {
            ctx.deriveBlock(salt, index, iterations, last);
            std::memcpy(out + done, last, len - done);
        }
    }
    OPENSSL_cleanse(last, sizeof last);
}

} // namespace

bool pbkdf2UsesShaExtensions()
{
#ifdef GATEHOUSE_PBKDF2_SHANI
    return kHasShaNi && !g_forcePortable.load(std::memory_order_relaxed);
#else
    return false;
#endif
}

void pbkdf2ForcePortable(bool portable)
{
    g_forcePortable.store(portable, std::memory_order_relaxed);
}

Result<QByteArray> pbkdf2(HashAlgorithm algorithm, QByteArrayView password, QByteArrayView salt, uint32_t iterations,
                          int dkLen)
{
    if (iterations < 1 || iterations > kPbkdf2MaxIterations)
        return Error::make(QStringLiteral("crypto.pbkdf2.params"),
                           QStringLiteral("iteration count must be between 1 and %1").arg(kPbkdf2MaxIterations),
                           QStringLiteral("iterations"));
    if (dkLen < 1 || dkLen > kPbkdf2MaxDerivedLength)
        return Error::make(QStringLiteral("crypto.pbkdf2.params"),
                           QStringLiteral("derived key length must be between 1 and %1").arg(kPbkdf2MaxDerivedLength),
                           QStringLiteral("dkLen"));
    QByteArray out(dkLen, Qt::Uninitialized);
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    const auto len = std::size_t(dkLen);
    switch (algorithm) {
    case HashAlgorithm::Sha1:
        derive<Sha1Traits>(password, salt, iterations, o, len);
        break;
    case HashAlgorithm::Sha256:
        derive<Sha256Traits>(password, salt, iterations, o, len);
        break;
    case HashAlgorithm::Sha384:
        derive<Sha384Traits>(password, salt, iterations, o, len);
        break;
    case HashAlgorithm::Sha512:
        derive<Sha512Traits>(password, salt, iterations, o, len);
        break;
    }
    return out;
}

} // namespace gatehouse::core::crypto
