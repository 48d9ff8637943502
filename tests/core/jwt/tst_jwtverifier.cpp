#include "common/Clock.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtVerifier.h"

#include <QHash>
#include <QJsonObject>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

Q_DECLARE_METATYPE(gatehouse::core::jwt::Algorithm)

namespace {

constexpr qint64 kNow = 1700000000;

// One private key per key type, generated once (RSA generation is slow).
const JwtKey& privateKeyFor(Algorithm alg)
{
    static QHash<int, JwtKey> cache;
    int slot = int(alg);
    if (keyKindFor(alg) == KeyKind::Rsa)
        slot = int(Algorithm::RS256);
    if (!cache.contains(slot)) {
        auto k = JwtKey::generate(Algorithm(slot));
        if (!k)
            qFatal("key generation failed: %s", qPrintable(k.error().code));
        cache.insert(slot, k.value());
    }
    return cache[slot];
}

// What a verifier is given: the public half for asymmetric keys, the secret itself for HMAC.
JwtKey verificationKeyFor(Algorithm alg)
{
    const JwtKey& k = privateKeyFor(alg);
    if (k.kind() == KeyKind::Hmac)
        return k;
    auto pub = JwtKey::fromPem(k.publicPem());
    if (!pub)
        qFatal("public PEM did not load: %s", qPrintable(pub.error().code));
    return pub.value();
}

QJsonObject claims(qint64 exp = kNow + 3600)
{
    QJsonObject p;
    p.insert(QStringLiteral("user"), QStringLiteral("alice"));
    p.insert(QStringLiteral("exp"), exp);
    return p;
}

QByteArray pemFromOpenSsl(EVP_PKEY* pkey, bool privateKey)
{
    BIO* bio = BIO_new(BIO_s_mem());
    if (privateKey)
        PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    else
        PEM_write_bio_PUBKEY(bio, pkey);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(len));
    BIO_free(bio);
    return pem;
}

} // namespace

class TestJwtVerifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<Algorithm>("alg");
        for (Algorithm a : allSigningAlgorithms())
            QTest::newRow(qPrintable(algorithmName(a))) << a;
    }
    void roundTrip()
    {
        QFETCH(Algorithm, alg);
        FixedClock clock(kNow);
        ClaimRequirements req;
        req.clock = &clock;
        const auto token = JwtEncoder::sign(alg, claims(), privateKeyFor(alg));
        QVERIFY2(token.ok(), token.ok() ? "" : qPrintable(token.error().code));

        JwtVerifier v(verificationKeyFor(alg), {alg});
        v.setClaimRequirements(req);
        const auto r = v.verify(token.value());
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().code + QStringLiteral(": ") + r.error().message));
        QCOMPARE(r->payloadJson().member("user").toString(), QStringLiteral("alice"));
        QCOMPARE(r->algorithmText(), algorithmName(alg));
        QCOMPARE(r->payloadObject(), claims());

        // Any change to the signature or the signed text is caught.
        QByteArray tampered = token.value();
        const qsizetype sigStart = tampered.lastIndexOf('.') + 1;
        tampered[sigStart + 2] = tampered[sigStart + 2] == 'A' ? 'B' : 'A';
        const auto bad = v.verify(tampered);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().code == QLatin1String("jwt.signature_invalid") ||
                     bad.error().code == QLatin1String("jwt.signature_length"),
                 qPrintable(bad.error().code));
        const auto other = JwtEncoder::sign(alg, claims(kNow + 7200), privateKeyFor(alg));
        const QByteArray spliced =
            other.value().left(other.value().lastIndexOf('.')) + token.value().mid(token.value().lastIndexOf('.'));
        QCOMPARE(v.verify(spliced).error().code, QStringLiteral("jwt.signature_invalid"));

        // The algorithm must be on the caller's list, whatever the key could do.
        const Algorithm otherAlg = alg == Algorithm::HS256 ? Algorithm::HS384 : Algorithm::HS256;
        JwtVerifier strict(verificationKeyFor(alg), {otherAlg});
        strict.setClaimRequirements(req);
        QCOMPARE(strict.verify(token.value()).error().code, QStringLiteral("jwt.alg_not_allowed"));
        ++m_roundTrips;
    }

    void keysFromOpenSslPem()
    {
        // Keys made by OpenSSL directly and loaded from the PEM text, as a user would paste them.
        FixedClock clock(kNow);
        ClaimRequirements req;
        req.clock = &clock;
        EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        QVERIFY(ec);
        const auto priv = JwtKey::fromPem(pemFromOpenSsl(ec, true));
        const auto pub = JwtKey::fromPem(pemFromOpenSsl(ec, false));
        EVP_PKEY_free(ec);
        QVERIFY(priv.ok());
        QVERIFY(pub.ok());
        const auto token = JwtEncoder::sign(Algorithm::ES256, claims(), priv.value());
        QVERIFY(token.ok());
        JwtVerifier v(pub.value(), {Algorithm::ES256, Algorithm::HS256});
        v.setClaimRequirements(req);
        QVERIFY(v.verify(token.value()).ok());
        QCOMPARE(v.effectiveAlgorithms(), QList<Algorithm>{Algorithm::ES256});
    }

    void emptyAllowListRefusesEverything()
    {
        const auto key = JwtKey::fromHmacSecret(QByteArray(32, 's')).value();
        const auto token = JwtEncoder::sign(Algorithm::HS256, claims(), key).value();
        JwtVerifier v(key, {});
        QCOMPARE(v.verify(token).error().code, QStringLiteral("jwt.alg_not_allowed"));
    }

    void unsecuredOnlyWhenAllowed()
    {
        FixedClock clock(kNow);
        ClaimRequirements req;
        req.clock = &clock;
        JwtEncoder::Options o;
        o.allowUnsecured = true;
        QJsonObject header;
        header.insert(QStringLiteral("alg"), QStringLiteral("none"));
        const auto token = JwtEncoder::encode(header, claims(), JwtKey(), o);
        QVERIFY(token.ok());
        QVERIFY(token.value().endsWith('.'));
        JwtVerifier v(JwtKey(), {Algorithm::HS256});
        v.setClaimRequirements(req);
        QCOMPARE(v.verify(token.value()).error().code, QStringLiteral("jwt.alg_none"));
        v.setAllowUnsecured(true);
        const auto r = v.verify(token.value());
        QVERIFY(r.ok());
        // Claims still apply to unsecured tokens.
        clock.set(kNow + 7200);
        QCOMPARE(v.verify(token.value()).error().code, QStringLiteral("jwt.expired"));
    }

    void nested()
    {
        FixedClock clock(kNow);
        ClaimRequirements req;
        req.clock = &clock;
        const auto key = JwtKey::fromHmacSecret(QByteArray(32, 'n')).value();
        const QByteArray nestedHeader("{\"alg\":\"HS256\",\"cty\":\"JWT\"}");
        QByteArray token = JwtEncoder::sign(Algorithm::HS256, claims(), key).value();
        for (int depth = 1; depth <= 3; ++depth) {
            token = JwtEncoder::encodeRaw(depth == 2 ? QByteArray("{\"alg\":\"HS256\",\"cty\":\"jwt\"}") : nestedHeader,
                                          token, key, {})
                        .value();
            JwtVerifier v(key, {Algorithm::HS256});
            v.setClaimRequirements(req);
            v.setMaxNestingDepth(3);
            const auto r = v.verify(token);
            if (depth < 3) {
                QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().code));
                QVERIFY(r->isNested());
                const JwtToken* inner = r->inner();
                QVERIFY(inner);
                while (inner->inner())
                    inner = inner->inner();
                QCOMPARE(inner->payloadJson().member("user").toString(), QStringLiteral("alice"));
            } else {
                QVERIFY(!r.ok());
                QCOMPARE(r.error().code, QStringLiteral("jwt.nested_depth"));
            }
        }
    }

    void nestedInnerClaimsAndSignatureAreChecked()
    {
        FixedClock clock(kNow);
        ClaimRequirements req;
        req.clock = &clock;
        const auto key = JwtKey::fromHmacSecret(QByteArray(32, 'n')).value();
        const auto otherKey = JwtKey::fromHmacSecret(QByteArray(32, 'o')).value();
        const QByteArray header("{\"alg\":\"HS256\",\"cty\":\"JWT\"}");
        JwtVerifier v(key, {Algorithm::HS256});
        v.setClaimRequirements(req);

        const QByteArray expiredInner = JwtEncoder::sign(Algorithm::HS256, claims(kNow - 3600), key).value();
        const auto r1 = v.verify(JwtEncoder::encodeRaw(header, expiredInner, key, {}).value());
        QCOMPARE(r1.error().code, QStringLiteral("jwt.expired"));
        QCOMPARE(r1.error().where, QStringLiteral("payload/payload.exp"));

        const QByteArray foreignInner = JwtEncoder::sign(Algorithm::HS256, claims(), otherKey).value();
        const auto r2 = v.verify(JwtEncoder::encodeRaw(header, foreignInner, key, {}).value());
        QCOMPARE(r2.error().code, QStringLiteral("jwt.signature_invalid"));

        // With a resolver, each level gets its own key.
        v.setKeyResolver([&](const JwtToken&, int depth) -> Result<JwtKey> { return depth == 0 ? key : otherKey; });
        QVERIFY(v.verify(JwtEncoder::encodeRaw(header, foreignInner, key, {}).value()).ok());
    }

    void keyResolverByKid()
    {
        FixedClock clock(kNow);
        ClaimRequirements req;
        req.clock = &clock;
        const auto a = JwtKey::fromHmacSecret(QByteArray(32, 'a')).value();
        const auto b = JwtKey::fromHmacSecret(QByteArray(32, 'b')).value();
        JwtVerifier v(a, {Algorithm::HS256});
        v.setClaimRequirements(req);
        v.setKeyResolver([&](const JwtToken& t, int) -> Result<JwtKey> {
            const QString kid = t.headerJson().member("kid").toString();
            if (kid == QLatin1String("a"))
                return a;
            if (kid == QLatin1String("b"))
                return b;
            return Error::make(QStringLiteral("key.unknown_kid"), QStringLiteral("unknown kid"));
        });
        const QByteArray payload("{\"exp\":1700003600}");
        QVERIFY(v.verify(JwtEncoder::encodeRaw("{\"alg\":\"HS256\",\"kid\":\"b\"}", payload, b, {}).value()).ok());
        QCOMPARE(
            v.verify(JwtEncoder::encodeRaw("{\"alg\":\"HS256\",\"kid\":\"a\"}", payload, b, {}).value()).error().code,
            QStringLiteral("jwt.signature_invalid"));
        QCOMPARE(
            v.verify(JwtEncoder::encodeRaw("{\"alg\":\"HS256\",\"kid\":\"c\"}", payload, b, {}).value()).error().code,
            QStringLiteral("jwt.key"));
    }

    void cleanupTestCase() { qInfo("round trips: %d algorithms", m_roundTrips); }

private:
    int m_roundTrips = 0;
};

QTEST_GUILESS_MAIN(TestJwtVerifier)
#include "tst_jwtverifier.moc"
