// Weak-secret search throughput. Each search runs the whole bundled dictionary (no mutations) against a
// target whose secret is not in it, so every candidate is tested; "candidates/s" is the figure that
// counts. The per-candidate fast path (raw SHA compressions over a pre-padded message) is measured too,
// beside OpenSSL's one-shot HMAC() for orientation.
#include "common/Base64Url.h"
#include "common/Clock.h"
#include "crack/CrackTarget.h"
#include "crack/FastHmac.h"
#include "crack/SecretSearch.h"
#include "crack/Sha256NiHmac.h"
#include "crypto/Hmac.h"
#include "flask/FlaskSession.h"

#include <QJsonObject>

#include <benchmark/benchmark.h>
#include <ctime>
#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace gatehouse::core;

namespace {

const QByteArray kStrong = "Zq8#v2!Lr9@pX4$wN7^kT1&mB6*hY3(j-not-in-any-list";

// A typical flask-jwt-extended access token.
QByteArray jwt(const char* alg, crypto::HashAlgorithm h)
{
    const QByteArray input =
        base64url::encode(QByteArray("{\"alg\":\"") + alg + "\",\"typ\":\"JWT\"}") + '.' +
        base64url::encode("{\"fresh\":false,\"iat\":1764115200,\"jti\":\"0b7c7f3e-4a54-4bde-9d1c-2b4f1f0c9a11\","
                          "\"type\":\"access\",\"sub\":\"alice\",\"nbf\":1764115200,\"exp\":1764116100}");
    return input + '.' + base64url::encode(crypto::hmac(h, kStrong, input));
}

QByteArray flaskCookie()
{
    FixedClock clock(1764115200);
    flask::FlaskSignOptions o;
    o.clock = &clock;
    return flask::signFlaskSession(
               QJsonObject{{QStringLiteral("_user_id"), QStringLiteral("42")},
                           {QStringLiteral("_fresh"), true},
                           {QStringLiteral("csrf_token"), QStringLiteral("5f2a9c1e7b3d4e6f8a0b1c2d3e4f5a6b7c8d9e0f")}},
               kStrong, o)
        .value();
}

void runSearch(benchmark::State& state, const QByteArray& token)
{
    const auto target = crack::CrackTarget::detect(token).value();
    crack::SearchOptions options;
    options.mutations = false;
    options.threads = int(state.range(0));
    (void)crack::bundledDictionary();
    qint64 tried = 0;
    double seconds = 0;
    double cpuSeconds = 0;
    for (auto _ : state) {
        const std::clock_t cpu0 = std::clock();
        const auto r = crack::searchSecret(target, options);
        cpuSeconds += double(std::clock() - cpu0) / CLOCKS_PER_SEC;
        if (!r || r->found)
            state.SkipWithError("unexpected result");
        tried += r->tried;
        seconds += r->seconds;
    }
    state.counters["candidates_per_s"] = benchmark::Counter(double(tried) / seconds);
    // Per CPU-second of the whole process: the per-core rate even when other work shares the machine.
    state.counters["candidates_per_cpu_s"] = benchmark::Counter(double(tried) / cpuSeconds);
    state.counters["candidates_per_s_per_thread"] =
        benchmark::Counter(double(tried) / seconds / double(state.range(0)));
    state.SetItemsProcessed(tried);
}

void BM_SearchHS256(benchmark::State& state)
{
    runSearch(state, jwt("HS256", crypto::HashAlgorithm::Sha256));
}
void BM_SearchHS384(benchmark::State& state)
{
    runSearch(state, jwt("HS384", crypto::HashAlgorithm::Sha384));
}
void BM_SearchHS512(benchmark::State& state)
{
    runSearch(state, jwt("HS512", crypto::HashAlgorithm::Sha512));
}
void BM_SearchFlask(benchmark::State& state)
{
    runSearch(state, flaskCookie());
}

void BM_FastHmacSha256PerCandidate(benchmark::State& state)
{
    const QByteArray token = jwt("HS256", crypto::HashAlgorithm::Sha256);
    const crack::FastHmac<crypto::Sha256Traits> fast(token.left(token.lastIndexOf('.')));
    unsigned char key[16] = "supersecretkey1";
    unsigned char out[32];
    for (auto _ : state) {
        fast.mac(key, 15, out);
        key[0]++;
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ShaNiHmacSha256PerCandidate(benchmark::State& state)
{
    if (!crack::Sha256NiHmac::available()) {
        state.SkipWithError("no SHA extensions on this CPU");
        return;
    }
    const QByteArray token = jwt("HS256", crypto::HashAlgorithm::Sha256);
    const crack::Sha256NiHmac fast(token.left(token.lastIndexOf('.')));
    unsigned char key[16] = "supersecretkey1";
    unsigned char out[32];
    for (auto _ : state) {
        fast.mac(key, 15, out);
        key[0]++;
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

// Two candidates per interleaved pass, as the search runs them; items are candidates.
void BM_ShaNiHmacSha256PerCandidatePaired(benchmark::State& state)
{
    if (!crack::Sha256NiHmac::available()) {
        state.SkipWithError("no SHA extensions on this CPU");
        return;
    }
    const QByteArray token = jwt("HS256", crypto::HashAlgorithm::Sha256);
    const crack::Sha256NiHmac fast(token.left(token.lastIndexOf('.')));
    unsigned char keyA[16] = "supersecretkey1";
    unsigned char keyB[16] = "supersecretkey2";
    unsigned char outA[32], outB[32];
    for (auto _ : state) {
        fast.mac2(keyA, 15, keyB, 15, outA, outB);
        keyA[0]++;
        keyB[0]++;
        benchmark::DoNotOptimize(outA);
        benchmark::DoNotOptimize(outB);
    }
    state.SetItemsProcessed(2 * state.iterations());
}

void BM_OpenSslOneShotHmacPerCandidate(benchmark::State& state)
{
    const QByteArray token = jwt("HS256", crypto::HashAlgorithm::Sha256);
    const QByteArray input = token.left(token.lastIndexOf('.'));
    unsigned char key[16] = "supersecretkey1";
    unsigned char out[32];
    unsigned int len = 0;
    for (auto _ : state) {
        HMAC(EVP_sha256(), key, 15, reinterpret_cast<const unsigned char*>(input.constData()), size_t(input.size()),
             out, &len);
        key[0]++;
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

} // namespace

BENCHMARK(BM_SearchHS256)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SearchHS384)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SearchHS512)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SearchFlask)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FastHmacSha256PerCandidate);
BENCHMARK(BM_ShaNiHmacSha256PerCandidate);
BENCHMARK(BM_ShaNiHmacSha256PerCandidatePaired);
BENCHMARK(BM_OpenSslOneShotHmacPerCandidate);

BENCHMARK_MAIN();
