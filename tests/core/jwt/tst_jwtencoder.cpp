#include "common/Base64Url.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtToken.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestJwtEncoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc7520HmacExample()
    {
        // RFC 7520 §4.4: the exact compact output from the exact header bytes, payload and key.
        const QJsonObject v = readJson(
            QStringLiteral(GATEHOUSE_SHARED_DATA_DIR "/jose-cookbook/jws/4_4.hmac-sha2_integrity_protection.json"));
        QVERIFY(!v.isEmpty());
        const QJsonObject input = v.value(QStringLiteral("input")).toObject();
        const auto key = JwtKey::fromJwk(input.value(QStringLiteral("key")).toObject());
        QVERIFY(key.ok());
        const QJsonObject signing = v.value(QStringLiteral("signing")).toObject();
        const QByteArray header =
            base64url::decodeStrict(signing.value(QStringLiteral("protected_b64u")).toString().toLatin1()).value();
        const QByteArray payload = input.value(QStringLiteral("payload")).toString().toUtf8();
        const auto token = JwtEncoder::encodeRaw(header, payload, key.value(), {});
        QVERIFY(token.ok());
        const QString expected =
            v.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString();
        QCOMPARE(QString::fromLatin1(token.value()), expected);
    }

    void rawKeepsBytesAndDuplicates()
    {
        const auto key = JwtKey::fromHmacSecret(QByteArray(32, 'k')).value();
        const QByteArray header("{ \"typ\":\"JWT\", \"alg\":\"HS256\" }");
        const QByteArray payload("{\"sub\":\"alice\",\"sub\":\"admin\"}");
        const auto token = JwtEncoder::encodeRaw(header, payload, key, {});
        QVERIFY(token.ok());
        const JwtToken t = JwtToken::parse(token.value());
        QCOMPARE(t.header().decoded, header);
        QCOMPARE(t.payload().decoded, payload);
        QCOMPARE(t.errors().first().code, QStringLiteral("json.duplicate_key"));
        QCOMPARE(t.errors().first().where, QStringLiteral("payload.sub"));
    }

    void qtObjectsAreCompact()
    {
        const auto key = JwtKey::fromHmacSecret(QByteArray(32, 'k')).value();
        QJsonObject payload;
        payload.insert(QStringLiteral("user"), QStringLiteral("alice"));
        const auto token = JwtEncoder::sign(Algorithm::HS256, payload, key);
        QVERIFY(token.ok());
        const JwtToken t = JwtToken::parse(token.value());
        QVERIFY(t.isWellFormed());
        QCOMPARE(t.header().decoded, QByteArray("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        QCOMPARE(t.payload().decoded, QByteArray("{\"user\":\"alice\"}"));
        QCOMPARE(t.signature().decoded.size(), 32);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("allowUnsecured");
        QTest::addColumn<QString>("code");
        QTest::newRow("header not object") << QByteArray("[1]") << false << "jwt.encode.header";
        QTest::newRow("header not JSON") << QByteArray("alg=HS256") << false << "jwt.encode.header";
        QTest::newRow("no alg") << QByteArray("{\"typ\":\"JWT\"}") << false << "jwt.alg_missing";
        QTest::newRow("alg number") << QByteArray("{\"alg\":1}") << false << "jwt.alg_type";
        QTest::newRow("unknown alg") << QByteArray("{\"alg\":\"HS1024\"}") << false << "jwt.alg_unknown";
        QTest::newRow("RS256 with HMAC key") << QByteArray("{\"alg\":\"RS256\"}") << false << "jwt.alg_key_mismatch";
        QTest::newRow("EdDSA with HMAC key") << QByteArray("{\"alg\":\"EdDSA\"}") << false << "jwt.alg_key_mismatch";
        QTest::newRow("none without flag") << QByteArray("{\"alg\":\"none\"}") << false << "jwt.alg_none";
        QTest::newRow("None is not none") << QByteArray("{\"alg\":\"None\"}") << true << "jwt.alg_unknown";
    }
    void refusals()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, allowUnsecured);
        QFETCH(QString, code);
        const auto key = JwtKey::fromHmacSecret(QByteArray(32, 'k')).value();
        JwtEncoder::Options o;
        o.allowUnsecured = allowUnsecured;
        const auto r = JwtEncoder::encodeRaw(header, "{}", key, o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
    }

    void publicKeyCannotSign()
    {
        const auto priv = JwtKey::generate(Algorithm::ES256).value();
        const auto pub = JwtKey::fromPem(priv.publicPem()).value();
        const auto r = JwtEncoder::sign(Algorithm::ES256, QJsonObject(), pub);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("jws.no_private_key"));
    }

    void unsecuredWithFlag()
    {
        JwtEncoder::Options o;
        o.allowUnsecured = true;
        const auto r = JwtEncoder::encodeRaw("{\"alg\":\"none\"}", "{\"sub\":\"x\"}", JwtKey(), o);
        QVERIFY(r.ok());
        QCOMPARE(r.value(), base64url::encode("{\"alg\":\"none\"}") + '.' + base64url::encode("{\"sub\":\"x\"}") + '.');
    }
};

QTEST_GUILESS_MAIN(TestJwtEncoder)
#include "tst_jwtencoder.moc"
