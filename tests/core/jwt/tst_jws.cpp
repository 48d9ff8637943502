#include "crypto/EcdsaSignature.h"
#include "crypto/OpenSslPtr.h"
#include "jwt/JwsSignature.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtKeyPrivate.h"

#include <QHash>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

// One freshly generated key per key type, shared by all tests (RSA generation is slow).
const JwtKey& keyFor(Algorithm alg)
{
    static QHash<int, JwtKey> cache;
    int slot = int(alg);
    if (keyKindFor(alg) == KeyKind::Rsa)
        slot = int(Algorithm::RS256);
    if (keyKindFor(alg) == KeyKind::Hmac)
        slot = int(Algorithm::HS512);
    if (!cache.contains(slot)) {
        auto k = JwtKey::generate(Algorithm(slot));
        if (!k)
            qFatal("key generation failed: %s", qPrintable(k.error().code));
        cache.insert(slot, k.value());
    }
    return cache[slot];
}

JwtKey publicHalf(const JwtKey& key)
{
    auto k = JwtKey::fromPem(key.publicPem());
    if (!k)
        qFatal("public PEM did not load: %s", qPrintable(k.error().code));
    return k.value();
}

crypto::ecdsa::Curve curveFor(Algorithm alg)
{
    return alg == Algorithm::ES256   ? crypto::ecdsa::Curve::P256
           : alg == Algorithm::ES384 ? crypto::ecdsa::Curve::P384
                                     : crypto::ecdsa::Curve::P521;
}

const QByteArray kInput("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0");

} // namespace

Q_DECLARE_METATYPE(gatehouse::core::jwt::Algorithm)

class TestJws : public QObject
{
    Q_OBJECT
    int m_roundTrips = 0;
    int m_rejections = 0;

private Q_SLOTS:
    void cleanupTestCase() { qInfo("jws: %d round trips, %d rejections asserted", m_roundTrips, m_rejections); }

    void roundTrip_data()
    {
        QTest::addColumn<Algorithm>("alg");
        QTest::addColumn<int>("sigSize");
        QTest::newRow("HS256") << Algorithm::HS256 << 32;
        QTest::newRow("HS384") << Algorithm::HS384 << 48;
        QTest::newRow("HS512") << Algorithm::HS512 << 64;
        QTest::newRow("RS256") << Algorithm::RS256 << 256;
        QTest::newRow("RS384") << Algorithm::RS384 << 256;
        QTest::newRow("RS512") << Algorithm::RS512 << 256;
        QTest::newRow("PS256") << Algorithm::PS256 << 256;
        QTest::newRow("PS384") << Algorithm::PS384 << 256;
        QTest::newRow("PS512") << Algorithm::PS512 << 256;
        QTest::newRow("ES256") << Algorithm::ES256 << 64;
        QTest::newRow("ES384") << Algorithm::ES384 << 96;
        QTest::newRow("ES512") << Algorithm::ES512 << 132;
        QTest::newRow("EdDSA") << Algorithm::EdDSA << 64;
    }
    void roundTrip()
    {
        QFETCH(Algorithm, alg);
        QFETCH(int, sigSize);
        const JwtKey& key = keyFor(alg);
        QVERIFY(key.hasPrivate());
        QVERIFY(key.compatibleAlgorithms().contains(alg));
        auto sig = jws::sign(alg, key, kInput);
        QVERIFY2(sig.ok(), sig.ok() ? "" : qPrintable(sig.error().code));
        QCOMPARE(sig.value().size(), sigSize);
        QVERIFY(jws::verify(alg, key, kInput, sig.value()).ok());
        ++m_roundTrips;

        // Tampered input.
        QByteArray input = kInput;
        input[5] = char(input[5] ^ 0x01);
        auto st = jws::verify(alg, key, input, sig.value());
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("jws.signature_invalid"));
        ++m_rejections;
        // Empty and longer input.
        QCOMPARE(jws::verify(alg, key, QByteArray(), sig.value()).error().code,
                 QStringLiteral("jws.signature_invalid"));
        QCOMPARE(jws::verify(alg, key, kInput + ".", sig.value()).error().code,
                 QStringLiteral("jws.signature_invalid"));
        m_rejections += 2;
        // Tampered signature: flip the lowest bit (keeps ECDSA s in range).
        QByteArray bad = sig.value();
        bad[bad.size() - 1] = char(bad[bad.size() - 1] ^ 0x01);
        st = jws::verify(alg, key, kInput, bad);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("jws.signature_invalid"));
        // Wrong length: one byte short and one byte long.
        QCOMPARE(jws::verify(alg, key, kInput, sig.value().chopped(1)).error().code,
                 QStringLiteral("jws.signature_length"));
        QCOMPARE(jws::verify(alg, key, kInput, sig.value() + '\0').error().code,
                 QStringLiteral("jws.signature_length"));
        QCOMPARE(jws::verify(alg, key, kInput, QByteArray()).error().code, QStringLiteral("jws.signature_length"));
        m_rejections += 4;

        if (key.kind() != KeyKind::Hmac) {
            // The public half verifies, cannot sign; so does the key re-imported from its public JWK.
            const JwtKey pub = publicHalf(key);
            QVERIFY(!pub.hasPrivate());
            QVERIFY(jws::verify(alg, pub, kInput, sig.value()).ok());
            QCOMPARE(jws::sign(alg, pub, kInput).error().code, QStringLiteral("jws.no_private_key"));
            auto fromJwk = JwtKey::fromJwk(key.publicJwk());
            QVERIFY(fromJwk.ok());
            QVERIFY(jws::verify(alg, fromJwk.value(), kInput, sig.value()).ok());
        } else {
            // HS verification runs on the pads precomputed at load time: the same object every time.
            const crypto::PrecomputedHmac* mac = key.d()->hmacFor(alg);
            QVERIFY(mac);
            QCOMPARE(key.d()->hmacFor(alg), mac);
            QCOMPARE(mac->mac(kInput), sig.value());
            QVERIFY(!key.d()->hmacFor(Algorithm::RS256));
        }
    }

    void deterministicAlgorithms()
    {
        for (Algorithm alg : {Algorithm::HS256, Algorithm::RS256, Algorithm::EdDSA}) {
            auto a = jws::sign(alg, keyFor(alg), kInput);
            auto b = jws::sign(alg, keyFor(alg), kInput);
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(a.value(), b.value());
        }
        for (Algorithm alg : {Algorithm::PS256, Algorithm::ES256}) {
            auto a = jws::sign(alg, keyFor(alg), kInput);
            auto b = jws::sign(alg, keyFor(alg), kInput);
            QVERIFY(a.ok() && b.ok());
            QVERIFY(a.value() != b.value()); // randomised
            QVERIFY(jws::verify(alg, keyFor(alg), kInput, b.value()).ok());
        }
    }

    void ecdsaRange_data()
    {
        QTest::addColumn<Algorithm>("alg");
        QTest::newRow("ES256") << Algorithm::ES256;
        QTest::newRow("ES384") << Algorithm::ES384;
        QTest::newRow("ES512") << Algorithm::ES512;
    }
    void ecdsaRange()
    {
        QFETCH(Algorithm, alg);
        const JwtKey& key = keyFor(alg);
        const crypto::ecdsa::Curve curve = curveFor(alg);
        const int n = crypto::ecdsa::scalarSize(curve);
        const QByteArray order = crypto::bignumToBytes(crypto::ecdsa::order(curve), n);
        QCOMPARE(order.size(), n);
        auto sig = jws::sign(alg, key, kInput);
        QVERIFY(sig.ok());
        const QByteArray r = sig.value().first(n);
        const QByteArray s = sig.value().sliced(n);
        const QByteArray zero(n, '\0');
        crypto::BignumPtr nMinus1(BN_dup(crypto::ecdsa::order(curve)));
        QVERIFY(BN_sub_word(nMinus1.get(), 1) == 1);
        const QByteArray orderMinus1 = crypto::bignumToBytes(nMinus1.get(), n);
        const QByteArray allOnes(n, '\xff');

        const auto code = [&](const QByteArray& candidate) {
            auto st = jws::verify(alg, key, kInput, candidate);
            return st.ok() ? QStringLiteral("ok") : st.error().code;
        };
        QCOMPARE(code(r + s), QStringLiteral("ok"));
        QCOMPARE(code(zero + s), QStringLiteral("jws.signature_range"));
        QCOMPARE(code(r + zero), QStringLiteral("jws.signature_range"));
        QCOMPARE(code(order + s), QStringLiteral("jws.signature_range"));
        QCOMPARE(code(r + order), QStringLiteral("jws.signature_range"));
        QCOMPARE(code(r + allOnes), QStringLiteral("jws.signature_range"));
        QCOMPARE(code(zero + zero), QStringLiteral("jws.signature_range"));
        QCOMPARE(code(r + orderMinus1), QStringLiteral("jws.signature_invalid")); // in range, wrong value
        // Malleability: (r, n - s) is a valid ECDSA signature mathematically; JWS does not forbid it, but
        // it must at least not be confused with a range error. We only assert it is decided consistently.
        QCOMPARE(code(r + s.left(n - 1)), QStringLiteral("jws.signature_length"));
        QCOMPARE(code(r + s + s), QStringLiteral("jws.signature_length"));
        QCOMPARE(code(QByteArray(2 * n + 8, '\x30')), QStringLiteral("jws.signature_length"));
        // The DER form OpenSSL would accept is not a JWS signature.
        auto der = crypto::ecdsa::p1363ToDer(curve, sig.value());
        QVERIFY(der.ok());
        QVERIFY(code(der.value()) != QStringLiteral("ok"));
        m_rejections += 10;
    }

    void algKeyMismatch_data()
    {
        QTest::addColumn<Algorithm>("alg");
        QTest::addColumn<Algorithm>("keyAlg");
        QTest::newRow("RS256 with HMAC key") << Algorithm::RS256 << Algorithm::HS256;
        QTest::newRow("PS256 with HMAC key") << Algorithm::PS256 << Algorithm::HS256;
        QTest::newRow("ES256 with HMAC key") << Algorithm::ES256 << Algorithm::HS256;
        QTest::newRow("EdDSA with HMAC key") << Algorithm::EdDSA << Algorithm::HS256;
        QTest::newRow("HS256 with RSA key") << Algorithm::HS256 << Algorithm::RS256;
        QTest::newRow("HS512 with EC key") << Algorithm::HS512 << Algorithm::ES256;
        QTest::newRow("HS256 with Ed25519 key") << Algorithm::HS256 << Algorithm::EdDSA;
        QTest::newRow("ES384 with P-256 key") << Algorithm::ES384 << Algorithm::ES256;
        QTest::newRow("ES256 with P-384 key") << Algorithm::ES256 << Algorithm::ES384;
        QTest::newRow("ES512 with P-256 key") << Algorithm::ES512 << Algorithm::ES256;
        QTest::newRow("ES256 with P-521 key") << Algorithm::ES256 << Algorithm::ES512;
        QTest::newRow("EdDSA with RSA key") << Algorithm::EdDSA << Algorithm::RS256;
        QTest::newRow("RS256 with Ed25519 key") << Algorithm::RS256 << Algorithm::EdDSA;
        QTest::newRow("PS384 with EC key") << Algorithm::PS384 << Algorithm::ES384;
        QTest::newRow("RS256 with EC key") << Algorithm::RS256 << Algorithm::ES256;
        QTest::newRow("ES256 with RSA key") << Algorithm::ES256 << Algorithm::RS256;
    }
    void algKeyMismatch()
    {
        QFETCH(Algorithm, alg);
        QFETCH(Algorithm, keyAlg);
        const JwtKey& key = keyFor(keyAlg);
        QVERIFY(!key.compatibleAlgorithms().contains(alg));
        auto signed_ = jws::sign(alg, key, kInput);
        QVERIFY(!signed_.ok());
        QCOMPARE(signed_.error().code, QStringLiteral("jws.alg_key_mismatch"));
        // A signature that would be valid under the key's own algorithm is still refused.
        auto own = jws::sign(keyAlg, key, kInput);
        QVERIFY(own.ok());
        auto st = jws::verify(alg, key, kInput, own.value());
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("jws.alg_key_mismatch"));
        if (key.kind() != KeyKind::Hmac) {
            st = jws::verify(alg, publicHalf(key), kInput, own.value());
            QCOMPARE(st.error().code, QStringLiteral("jws.alg_key_mismatch"));
        }
        m_rejections += 2;
    }

    // The classic confusion: an HS256 token "signed" with the RSA public key's PEM text as secret.
    void publicKeyAsHmacSecretCannotVerify()
    {
        const JwtKey& rsa = keyFor(Algorithm::RS256);
        const QByteArray pem = rsa.publicPem();
        const QByteArray forged = crypto::hmac(crypto::HashAlgorithm::Sha256, pem, kInput);
        QCOMPARE(jws::verify(Algorithm::HS256, publicHalf(rsa), kInput, forged).error().code,
                 QStringLiteral("jws.alg_key_mismatch"));
        QCOMPARE(JwtKey::fromHmacSecret(pem).error().code, QStringLiteral("key.hmac.looks_asymmetric"));
        ++m_rejections;
    }

    void algNoneAndNullKey()
    {
        for (Algorithm keyAlg : {Algorithm::HS256, Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA}) {
            QCOMPARE(jws::sign(Algorithm::None, keyFor(keyAlg), kInput).error().code, QStringLiteral("jws.alg_none"));
            QCOMPARE(jws::verify(Algorithm::None, keyFor(keyAlg), kInput, QByteArray()).error().code,
                     QStringLiteral("jws.alg_none"));
        }
        const JwtKey none;
        QVERIFY(none.isNull());
        QVERIFY(none.compatibleAlgorithms().isEmpty());
        QCOMPARE(jws::sign(Algorithm::HS256, none, kInput).error().code, QStringLiteral("jws.alg_key_mismatch"));
        QCOMPARE(jws::verify(Algorithm::RS256, none, kInput, QByteArray(256, 'a')).error().code,
                 QStringLiteral("jws.alg_key_mismatch"));
        m_rejections += 10;
    }

    void weakRsaVerifiesButDoesNotSign()
    {
        crypto::EvpPkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024)));
        QVERIFY(pkey);
        crypto::BioPtr bio(BIO_new(BIO_s_mem()));
        QVERIFY(PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio.get(), &data);
        auto key = JwtKey::fromPem(QByteArray(data, len));
        QVERIFY(key.ok());
        QCOMPARE(key.value().bits(), 1024);
        QCOMPARE(jws::sign(Algorithm::RS256, key.value(), kInput).error().code, QStringLiteral("jws.weak_key"));
        QCOMPARE(jws::sign(Algorithm::PS256, key.value(), kInput).error().code, QStringLiteral("jws.weak_key"));

        // A signature made outside Gatehouse with the weak key still verifies.
        crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
        QVERIFY(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) == 1);
        size_t sigLen = 0;
        const auto* in = reinterpret_cast<const unsigned char*>(kInput.constData());
        QVERIFY(EVP_DigestSign(ctx.get(), nullptr, &sigLen, in, size_t(kInput.size())) == 1);
        QByteArray sig(qsizetype(sigLen), '\0');
        QVERIFY(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sigLen, in,
                               size_t(kInput.size())) == 1);
        QCOMPARE(sig.size(), 128);
        QVERIFY(jws::verify(Algorithm::RS256, key.value(), kInput, sig).ok());
        QVERIFY(key.value().describe().contains(QStringLiteral("1024")));
    }

    // PS* verification insists on salt length = hash length (RFC 7518 §3.5), as Wycheproof's
    // rsa_pss_2048_sha256_mgf1_32 expects; a PSS signature with a 20-byte salt is refused.
    void pssSaltLengthIsHashLength()
    {
        const JwtKey& key = keyFor(Algorithm::PS256);
        for (int salt : {0, 20, 32, 64}) {
            crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
            EVP_PKEY_CTX* pctx = nullptr;
            QVERIFY(EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.d()->pkey()) == 1);
            QVERIFY(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0);
            QVERIFY(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) > 0);
            size_t sigLen = 256;
            QByteArray sig(256, '\0');
            const auto* in = reinterpret_cast<const unsigned char*>(kInput.constData());
            QVERIFY(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sigLen, in,
                                   size_t(kInput.size())) == 1);
            const auto st = jws::verify(Algorithm::PS256, key, kInput, sig);
            QCOMPARE(st.ok(), salt == 32);
            // And a PSS signature is never an RS256 signature (nor the reverse).
            QVERIFY(!jws::verify(Algorithm::RS256, key, kInput, sig).ok());
        }
        auto rs = jws::sign(Algorithm::RS256, key, kInput);
        QVERIFY(rs.ok());
        QVERIFY(!jws::verify(Algorithm::PS256, key, kInput, rs.value()).ok());
        // Hash mismatch inside a family.
        QVERIFY(!jws::verify(Algorithm::RS384, key, kInput, rs.value()).ok());
    }

    void jwkAlgRestrictsKey()
    {
        QJsonObject jwk{{QStringLiteral("kty"), QStringLiteral("oct")},
                        {QStringLiteral("k"), QStringLiteral("hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg")},
                        {QStringLiteral("alg"), QStringLiteral("HS256")}};
        auto key = JwtKey::fromJwk(jwk);
        QVERIFY(key.ok());
        QCOMPARE(key.value().compatibleAlgorithms(), QList<Algorithm>{Algorithm::HS256});
        QVERIFY(jws::sign(Algorithm::HS256, key.value(), kInput).ok());
        QCOMPARE(jws::sign(Algorithm::HS384, key.value(), kInput).error().code, QStringLiteral("jws.alg_key_mismatch"));
        QCOMPARE(jws::verify(Algorithm::HS512, key.value(), kInput, QByteArray(64, 'a')).error().code,
                 QStringLiteral("jws.alg_key_mismatch"));
        // The verifier's fast path sees the same restriction.
        QVERIFY(key.value().d()->hmacFor(Algorithm::HS256));
        QVERIFY(!key.value().d()->hmacFor(Algorithm::HS384));
        QVERIFY(!key.value().d()->hmacFor(Algorithm::HS512));
    }

    // Keys are immutable and shared: concurrent use from several threads must give the same answers.
    void algorithmNames()
    {
        for (Algorithm alg : allSigningAlgorithms()) {
            QCOMPARE(algorithmFromName(algorithmName(alg)), std::optional<Algorithm>(alg));
            QVERIFY(keyKindFor(alg) != KeyKind::None);
        }
        QCOMPARE(allSigningAlgorithms().size(), 13);
        QCOMPARE(algorithmFromName(QStringLiteral("none")), std::optional<Algorithm>(Algorithm::None));
        QVERIFY(!algorithmFromName(QStringLiteral("hs256")));
        QVERIFY(!algorithmFromName(QStringLiteral("NONE")));
        QVERIFY(!algorithmFromName(QStringLiteral("EdDsa")));
        QVERIFY(!algorithmFromName(QStringLiteral("ES256K")));
        QVERIFY(!algorithmFromName(QString()));
    }
};

QTEST_GUILESS_MAIN(TestJws)
#include "tst_jws.moc"
