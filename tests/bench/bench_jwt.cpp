// HS256 decode + verify of a typical Flask token ({"user":"alice","exp":...} under
// {"alg":"HS256","typ":"JWT"}): Gatehouse's JwtVerifier against the "jwt-cpp approach" (split, Qt base64
// decoding, QJsonDocument for header and payload, OpenSSL's one-shot HMAC() and a constant-time compare
// per token) in the same process. Prints figures and the ratio; never passes or fails on time.
// tests/bench/jwt_peers.py adds PyJWT.
#include "common/Base64Url.h"
#include "crypto/Hmac.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtVerifier.h"
#include "json/StrictJson.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <benchmark/benchmark.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

// Same secret and claims as jwt_peers.py.
const QByteArray kSecret("flask-demo-secret-key-for-benchmarks-0123456789");

const QByteArray& flaskToken()
{
    static const QByteArray token = [] {
        const QByteArray input = base64url::encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + '.' +
                                 base64url::encode("{\"user\":\"alice\",\"exp\":4102444800}");
        return input + '.' + base64url::encode(crypto::hmac(crypto::HashAlgorithm::Sha256, kSecret, input));
    }();
    return token;
}

const JwtVerifier& verifier()
{
    static const JwtVerifier v(JwtKey::fromHmacSecret(kSecret).value(), {Algorithm::HS256});
    return v;
}

// What jwt-cpp does per token: a JSON DOM for header and payload and a one-shot HMAC.
bool jwtCppApproach(const QByteArray& token)
{
    const qsizetype d1 = token.indexOf('.');
    const qsizetype d2 = token.indexOf('.', d1 + 1);
    if (d1 < 0 || d2 < 0)
        return false;
    const auto opts = QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors;
    const auto h = QByteArray::fromBase64Encoding(token.left(d1), opts);
    const auto p = QByteArray::fromBase64Encoding(token.mid(d1 + 1, d2 - d1 - 1), opts);
    const auto s = QByteArray::fromBase64Encoding(token.mid(d2 + 1), opts);
    if (!h || !p || !s)
        return false;
    const QJsonObject header = QJsonDocument::fromJson(*h).object();
    const QJsonObject payload = QJsonDocument::fromJson(*p).object();
    if (header.value(QLatin1String("alg")).toString() != QLatin1String("HS256"))
        return false;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLen = 0;
    HMAC(EVP_sha256(), kSecret.constData(), int(kSecret.size()),
         reinterpret_cast<const unsigned char*>(token.constData()), size_t(d2), mac, &macLen);
    if (macLen != unsigned((*s).size()) || CRYPTO_memcmp(mac, (*s).constData(), macLen) != 0)
        return false;
    return payload.value(QLatin1String("exp")).toDouble() > double(QDateTime::currentSecsSinceEpoch());
}

void BM_Gatehouse_HS256_DecodeVerify(benchmark::State& state)
{
    const QByteArray& token = flaskToken();
    for (auto _ : state) {
        auto r = verifier().verify(token);
        benchmark::DoNotOptimize(r);
        if (!r.ok())
            state.SkipWithError("verification failed");
    }
}
BENCHMARK(BM_Gatehouse_HS256_DecodeVerify);

void BM_JwtCppApproach_HS256_DecodeVerify(benchmark::State& state)
{
    const QByteArray& token = flaskToken();
    for (auto _ : state) {
        const bool ok = jwtCppApproach(token);
        benchmark::DoNotOptimize(ok);
        if (!ok)
            state.SkipWithError("verification failed");
    }
}
BENCHMARK(BM_JwtCppApproach_HS256_DecodeVerify);

// The parts, to see where the time goes.
void BM_Gatehouse_ParseOnly(benchmark::State& state)
{
    for (auto _ : state) {
        auto t = JwtToken::parse(flaskToken());
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK(BM_Gatehouse_ParseOnly);

void BM_StrictJson_Payload(benchmark::State& state)
{
    const QByteArray payload("{\"user\":\"alice\",\"exp\":4102444800}");
    for (auto _ : state) {
        auto d = json::StrictJson::parse(payload);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_StrictJson_Payload);

void BM_QJsonDocument_Payload(benchmark::State& state)
{
    const QByteArray payload("{\"user\":\"alice\",\"exp\":4102444800}");
    for (auto _ : state) {
        auto d = QJsonDocument::fromJson(payload);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_QJsonDocument_Payload);

void BM_PrecomputedHmac_Verify(benchmark::State& state)
{
    const QByteArray& token = flaskToken();
    const qsizetype dot = token.lastIndexOf('.');
    const QByteArray sig = base64url::decodeStrict(QByteArrayView(token).sliced(dot + 1)).value();
    const crypto::PrecomputedHmac h(crypto::HashAlgorithm::Sha256, kSecret);
    for (auto _ : state) {
        const bool ok = h.verify(QByteArrayView(token).first(dot), sig);
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(BM_PrecomputedHmac_Verify);

void BM_OpenSslOneShotHmac(benchmark::State& state)
{
    const QByteArray& token = flaskToken();
    const qsizetype dot = token.lastIndexOf('.');
    for (auto _ : state) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int macLen = 0;
        HMAC(EVP_sha256(), kSecret.constData(), int(kSecret.size()),
             reinterpret_cast<const unsigned char*>(token.constData()), size_t(dot), mac, &macLen);
        benchmark::DoNotOptimize(mac);
    }
}
BENCHMARK(BM_OpenSslOneShotHmac);

template <typename F>
double microsecondsPerCall(F f, int n)
{
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i)
        benchmark::DoNotOptimize(f());
    const std::chrono::duration<double, std::micro> d = std::chrono::steady_clock::now() - start;
    return d.count() / n;
}

} // namespace

int main(int argc, char** argv)
{
    // With a filter (profiling one benchmark) the ratio line below would only add noise.
    bool filtered = false;
    for (int i = 1; i < argc; ++i)
        filtered = filtered || QByteArrayView(argv[i]).startsWith("--benchmark_filter");
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (filtered)
        return 0;

    // The ratio, measured back to back in this process.
    const QByteArray& token = flaskToken();
    constexpr int n = 200000;
    microsecondsPerCall([&] { return verifier().verify(token).ok(); }, n / 10); // warm up
    const double ours = microsecondsPerCall([&] { return verifier().verify(token).ok(); }, n);
    const double peer = microsecondsPerCall([&] { return jwtCppApproach(token); }, n);
    // stderr: stdout may be --benchmark_format=json, which jwt_peers.py parses.
    std::fprintf(stderr, "HS256 decode+verify: gatehouse %.3f us/token, jwt-cpp approach %.3f us/token, ratio %.2fx\n",
                 ours, peer, peer / ours);
    return 0;
}
