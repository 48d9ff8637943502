#include "crypto/Pbkdf2.h"

#include "crypto/Sha256Ni.h"
#include "crypto/ShaStream.h"

#include <QtEndian>

#include <openssl/crypto.h>

#include <atomic>
#include <type_traits>

namespace gatehouse::core::crypto {

namespace {

std::atomic<bool> g_forcePortable{false};

#ifdef GATEHOUSE_SHANI_COMPILABLE
// The SHA-256 PBKDF2 inner loop with the x86 SHA extensions. Each iteration's message block is the
// previous digest plus constant padding, so the digest words go from one compression's state registers
// straight into the next one's message registers: no serialisation to bytes and back at all.
// U_2..U_c for SHA-256: `u` holds U_1 (h0..h7) on entry; returns U_1 ^ ... ^ U_c in `acc`.
GATEHOUSE_SHANI_TARGET void iterateSha256ShaNi(const Sha256State& innerPad, const Sha256State& outerPad,
                                               const uint32_t* u, uint32_t iterations, uint32_t* acc)
{
    const sha256ni::State inner = sha256ni::fromHashWords(innerPad.h);
    const sha256ni::State outer = sha256ni::fromHashWords(outerPad.h);
    const __m128i pad0 = sha256ni::digestPadding0();
    const __m128i pad1 = sha256ni::digestPadding1();
    __m128i w0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u));
    __m128i w1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + 4));
    __m128i acc0 = w0;
    __m128i acc1 = w1;
    for (uint32_t j = 1; j < iterations; ++j) {
        sha256ni::toDigestWords(sha256ni::compress(inner, w0, w1, pad0, pad1), w0, w1);
        sha256ni::toDigestWords(sha256ni::compress(outer, w0, w1, pad0, pad1), w0, w1);
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
#ifdef GATEHOUSE_SHANI_COMPILABLE
        if constexpr (std::is_same_v<T, Sha256Traits>) {
            if (cpuHasShaExtensions() && !g_forcePortable.load(std::memory_order_relaxed)) {
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
#ifdef GATEHOUSE_SHANI_COMPILABLE
    return cpuHasShaExtensions() && !g_forcePortable.load(std::memory_order_relaxed);
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
