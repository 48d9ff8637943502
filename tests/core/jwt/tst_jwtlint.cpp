#include "common/Base64Url.h"
#include "common/Clock.h"
#include "crypto/Hmac.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtLinter.h"

#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

constexpr qint64 kNow = 1700000000;

QByteArray token(const QByteArray& header, const QByteArray& payload)
{
    const QByteArray input = base64url::encode(header) + '.' + base64url::encode(payload);
    return input + '.' + base64url::encode(crypto::hmac(crypto::HashAlgorithm::Sha256, "k", input));
}

QByteArray hs(const QByteArray& payload)
{
    return token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
}

QByteArray header(const QByteArray& h)
{
    return token(h, "{\"exp\":1700003600}");
}

enum KeyChoice
{
    NoKey,
    ShortSecret,
    RsaSmall
};

} // namespace

class TestJwtLint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findings_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<int>("key");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("where");
        using S = JwtFinding::Severity;
        auto row = [](const char* name, const QByteArray& t, int key, const char* id, S s, const char* where) {
            QTest::newRow(name) << t << key << QString::fromLatin1(id) << int(s) << QString::fromLatin1(where);
        };
        const QByteArray ok = hs("{\"exp\":1700003600}");
        row("alg none", base64url::encode("{\"alg\":\"none\"}") + ".e30.", NoKey, "jwt.alg_none", S::Critical,
            "header.alg");
        row("alg None", base64url::encode("{\"alg\":\"None\"}") + ".e30.", NoKey, "jwt.alg_none", S::Critical,
            "header.alg");
        row("alg missing", header("{\"typ\":\"JWT\"}"), NoKey, "jwt.alg_missing", S::High, "header");
        row("alg unknown", header("{\"alg\":\"HS1\"}"), NoKey, "jwt.alg_unknown", S::Medium, "header.alg");
        row("short HMAC secret", ok, ShortSecret, "jwt.hmac_short_secret", S::High, "signature");
        row("small RSA key", header("{\"alg\":\"RS256\"}"), RsaSmall, "jwt.rsa_short_key", S::High, "signature");
        row("no exp", hs("{\"user\":\"alice\"}"), NoKey, "jwt.no_exp", S::Medium, "payload");
        row("lifetime over 24 h", hs("{\"iat\":1700000000,\"exp\":1700200000}"), NoKey, "jwt.long_lifetime", S::Low,
            "payload.exp");
        row("expired", hs("{\"exp\":1600000000}"), NoKey, "jwt.expired", S::Medium, "payload.exp");
        row("not yet valid", hs("{\"exp\":1800000000,\"nbf\":1750000000}"), NoKey, "jwt.not_yet_valid", S::Low,
            "payload.nbf");
        row("milliseconds", hs("{\"exp\":1700003600000}"), NoKey, "jwt.timestamp_milliseconds", S::Medium,
            "payload.exp");
        row("timestamp string", hs("{\"exp\":\"1700003600\"}"), NoKey, "jwt.timestamp_type", S::High, "payload.exp");
        row("kid", header("{\"alg\":\"HS256\",\"kid\":\"2024-key-1\"}"), NoKey, "jwt.kid", S::Info, "header.kid");
        row("kid traversal", header("{\"alg\":\"HS256\",\"kid\":\"../../dev/null\"}"), NoKey, "jwt.kid_injection",
            S::High, "header.kid");
        row("kid sql", header("{\"alg\":\"HS256\",\"kid\":\"x' UNION SELECT 'a\"}"), NoKey, "jwt.kid_injection",
            S::High, "header.kid");
        row("jku", header("{\"alg\":\"HS256\",\"jku\":\"https://evil.example/jwks\"}"), NoKey, "jwt.jku", S::High,
            "header.jku");
        row("x5u", header("{\"alg\":\"HS256\",\"x5u\":\"https://evil.example/cert\"}"), NoKey, "jwt.x5u", S::High,
            "header.x5u");
        row("embedded jwk", header("{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}}"),
            NoKey, "jwt.embedded_jwk", S::High, "header.jwk");
        row("non-canonical base64url", hs("{\"exp\":1700003600}").replace("eyJ", "eyJ="), NoKey,
            "jwt.noncanonical_base64", S::Low, "header");
        row("duplicate key", hs("{\"exp\":1700003600,\"sub\":\"a\",\"sub\":\"b\"}"), NoKey, "jwt.duplicate_key",
            S::High, "payload.sub");
        row("sensitive password", hs("{\"exp\":1700003600,\"password\":\"hunter2\"}"), NoKey, "jwt.sensitive_claim",
            S::Medium, "payload.password");
        row("sensitive ssn", hs("{\"exp\":1700003600,\"user_ssn\":\"x\"}"), NoKey, "jwt.sensitive_claim", S::Medium,
            "payload.user_ssn");
        row("sensitive card", hs("{\"exp\":1700003600,\"cardNumber\":\"x\"}"), NoKey, "jwt.sensitive_claim", S::Medium,
            "payload.cardNumber");
        row("sub not string", hs("{\"exp\":1700003600,\"sub\":42}"), NoKey, "jwt.sub_not_string", S::Medium,
            "payload.sub");
        row("typ unusual", header("{\"alg\":\"HS256\",\"typ\":\"JWS-ish\"}"), NoKey, "jwt.typ_unusual", S::Info,
            "header.typ");
        row("crit", header("{\"alg\":\"HS256\",\"crit\":[\"x\"],\"x\":1}"), NoKey, "jwt.crit", S::Medium,
            "header.crit");
        row("malformed", QByteArray("abc.def"), NoKey, "jwt.malformed", S::High, "token");
    }
    void findings()
    {
        QFETCH(QByteArray, token);
        QFETCH(int, key);
        QFETCH(QString, id);
        QFETCH(int, severity);
        QFETCH(QString, where);
        FixedClock clock(kNow);
        JwtKey k;
        if (key == ShortSecret)
            k = JwtKey::fromHmacSecret("secret").value();
        if (key == RsaSmall) {
            // JwtKey refuses to generate RSA below 2048, so the finding is checked on a loaded 1024-bit key.
            auto small = JwtKey::fromPem(smallRsaPem());
            if (!small.ok())
                QSKIP("1024-bit RSA keys are refused by the loader; nothing to lint");
            k = small.value();
        }
        const JwtToken t = JwtToken::parse(token);
        const QList<JwtFinding> all = JwtLinter::lint(t, k.isNull() ? nullptr : &k, &clock);
        const JwtFinding* f = nullptr;
        for (const JwtFinding& x : all)
            if (!f && x.id() == id)
                f = &x;
        QVERIFY2(f, qPrintable(QStringLiteral("no %1 finding").arg(id)));
        QCOMPARE(int(f->severity()), severity);
        QCOMPARE(f->where(), where);
        QVERIFY(!f->title().isEmpty());
        QVERIFY(f->explanation().size() > 20);
        QVERIFY2(f->reference().contains(QLatin1String("RFC")) || f->reference().contains(QLatin1String("CVE-")),
                 qPrintable(f->reference()));
        ++m_rows;
    }

    void cleanTokenHasNoWarnings()
    {
        FixedClock clock(kNow);
        const JwtToken t = JwtToken::parse(hs("{\"sub\":\"alice\",\"iat\":1700000000,\"exp\":1700003600}"));
        const auto key = JwtKey::fromHmacSecret(QByteArray(32, 'k')).value();
        const QList<JwtFinding> all = JwtLinter::lint(t, &key, &clock);
        for (const JwtFinding& f : all)
            QVERIFY2(f.severity() == JwtFinding::Severity::Info, qPrintable(f.id()));
        QVERIFY(all.isEmpty());
    }

    void weakSecretFactory()
    {
        const JwtFinding f = JwtFinding::weakSecret(QStringLiteral("wallarm jwt-secrets"));
        QCOMPARE(f.id(), QStringLiteral("jwt.weak_secret"));
        QCOMPARE(f.severity(), JwtFinding::Severity::Critical);
        QVERIFY(f.explanation().contains(QLatin1String("wallarm")));
        QVERIFY(f.reference().contains(QLatin1String("RFC")));
        QCOMPARE(JwtFinding::severityName(f.severity()), QStringLiteral("critical"));
    }

    void sensitiveNames()
    {
        QVERIFY(JwtLinter::looksSensitive(QStringLiteral("PIN")));
        QVERIFY(JwtLinter::looksSensitive(QStringLiteral("api_key")));
        QVERIFY(!JwtLinter::looksSensitive(QStringLiteral("shipping")));
        QVERIFY(!JwtLinter::looksSensitive(QStringLiteral("accent")));
        QVERIFY(!JwtLinter::looksSensitive(QStringLiteral("user")));
    }

    void cleanupTestCase() { qInfo("lint table: %d finding rows", m_rows); }

private:
    static QByteArray smallRsaPem();
    int m_rows = 0;
};

// A fresh 1024-bit RSA public key as PEM (too small for JWS: that is the point of the row).
QByteArray TestJwtLint::smallRsaPem()
{
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024));
    if (!pkey)
        return {};
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, pkey);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    const QByteArray pem(data, int(len));
    BIO_free(bio);
    EVP_PKEY_free(pkey);
    return pem;
}

QTEST_GUILESS_MAIN(TestJwtLint)
#include "tst_jwtlint.moc"
