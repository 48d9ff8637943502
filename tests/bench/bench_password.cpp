// Login-cost key derivation: our PBKDF2 loop against OpenSSL's PKCS5_PBKDF2_HMAC in the same process,
// and a werkzeug 3 default scrypt verification. Prints figures only; tests/bench/password_peers.py adds
// Python's hashlib and the ratios.
//
// Iteration counts: 600000 for both PRFs. 600000 is OWASP's PBKDF2-HMAC-SHA256 advice and werkzeug's
// pbkdf2 default, and werkzeug applies the same count to pbkdf2:sha512, so that is what a login costs
// (OWASP's separate SHA-512 advice is 210000; the ratio does not depend on the count).
#include "crypto/Pbkdf2.h"
#include "password/PasswordHasher.h"

#include <benchmark/benchmark.h>

#include <openssl/evp.h>

using namespace gatehouse::core;

namespace {
constexpr uint32_t kIterations = 600000;
const QByteArray kPassword = "correct horse battery staple";
const QByteArray kSalt = "AbCdEfGh12345678";

void ours(benchmark::State& state, crypto::HashAlgorithm algorithm, int dkLen)
{
    for (auto _ : state) {
        auto r = crypto::pbkdf2(algorithm, kPassword, kSalt, kIterations, dkLen);
        benchmark::DoNotOptimize(r);
    }
    state.counters["iterations_per_s"] =
        benchmark::Counter(double(kIterations), benchmark::Counter::kIsIterationInvariantRate);
}

void openssl(benchmark::State& state, const EVP_MD* md, int dkLen)
{
    unsigned char out[64];
    for (auto _ : state) {
        const int ok = PKCS5_PBKDF2_HMAC(kPassword.constData(), int(kPassword.size()),
                                         reinterpret_cast<const unsigned char*>(kSalt.constData()), int(kSalt.size()),
                                         int(kIterations), md, dkLen, out);
        benchmark::DoNotOptimize(ok);
        benchmark::DoNotOptimize(out);
    }
    state.counters["iterations_per_s"] =
        benchmark::Counter(double(kIterations), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Pbkdf2Sha256_Ours(benchmark::State& s)
{
    ours(s, crypto::HashAlgorithm::Sha256, 32);
}
void BM_Pbkdf2Sha256_OpenSsl(benchmark::State& s)
{
    openssl(s, EVP_sha256(), 32);
}
void BM_Pbkdf2Sha512_Ours(benchmark::State& s)
{
    ours(s, crypto::HashAlgorithm::Sha512, 64);
}
void BM_Pbkdf2Sha512_OpenSsl(benchmark::State& s)
{
    openssl(s, EVP_sha512(), 64);
}

void BM_VerifyPbkdf2Sha256Werkzeug(benchmark::State& state)
{
    const auto hash = password::PasswordHasher::make(QByteArrayView(kPassword), password::HashPolicy::pbkdf2Sha256());
    const QByteArray text = hash.value().toLatin1();
    for (auto _ : state) {
        auto r = password::PasswordHasher::verify(QByteArrayView(kPassword), QByteArrayView(text));
        if (!r.ok() || !r.value())
            state.SkipWithError("verification failed");
    }
}

void BM_VerifyScrypt32768_8_1(benchmark::State& state)
{
    const auto hash = password::PasswordHasher::make(QByteArrayView(kPassword), password::HashPolicy::scrypt());
    const QByteArray text = hash.value().toLatin1();
    for (auto _ : state) {
        auto r = password::PasswordHasher::verify(QByteArrayView(kPassword), QByteArrayView(text));
        if (!r.ok() || !r.value())
            state.SkipWithError("verification failed");
    }
}
} // namespace

BENCHMARK(BM_Pbkdf2Sha256_Ours)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_Pbkdf2Sha256_OpenSsl)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_Pbkdf2Sha512_Ours)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_Pbkdf2Sha512_OpenSsl)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_VerifyPbkdf2Sha256Werkzeug)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_VerifyScrypt32768_8_1)->Unit(benchmark::kMillisecond)->MinTime(1.0);

BENCHMARK_MAIN();
