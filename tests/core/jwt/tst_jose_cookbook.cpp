#include "common/Base64Url.h"
#include "jwt/JwsSignature.h"
#include "jwt/JwtKey.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

// RFC 7520 ("JOSE cookbook") §4 JWS examples from shared/data/jose-cookbook.
namespace {

QJsonObject loadExample(const QString& file)
{
    QFile f(QStringLiteral(GATEHOUSE_SHARED_DATA_DIR "/jose-cookbook/jws/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QJsonObject loadJwk(const QString& file)
{
    QFile f(QStringLiteral(GATEHOUSE_SHARED_DATA_DIR "/jose-cookbook/jwk/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray b64(const QJsonValue& v)
{
    auto r = base64url::decodeStrict(v.toString().toLatin1());
    return r.ok() ? r.value() : QByteArray();
}

// The alg of one signature, from its protected or unprotected header.
Algorithm algOf(const QJsonObject& signing)
{
    QString name = signing.value(QStringLiteral("protected")).toObject().value(QStringLiteral("alg")).toString();
    if (name.isEmpty())
        name = signing.value(QStringLiteral("unprotected")).toObject().value(QStringLiteral("alg")).toString();
    return algorithmFromName(name).value_or(Algorithm::None);
}

} // namespace

class TestJoseCookbook : public QObject
{
    Q_OBJECT
    int m_verified = 0;
    int m_byteExact = 0;
    int m_signThenVerify = 0;
    QStringList m_skipped;

private Q_SLOTS:
    void cleanupTestCase()
    {
        qInfo("jose cookbook: %d signatures verified, %d re-signed byte-for-byte, %d sign-then-verify", m_verified,
              m_byteExact, m_signThenVerify);
        for (const QString& s : m_skipped)
            qInfo().noquote() << QStringLiteral("  skipped: ") + s;
    }

    void compact_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("publicJwk"); // the matching public key in jwk/, if any
        QTest::addColumn<bool>("deterministic");
        QTest::newRow("4.1 RS256") << QStringLiteral("4_1.rsa_v15_signature.json")
                                   << QStringLiteral("3_3.rsa_public_key.json") << true;
        QTest::newRow("4.2 PS384") << QStringLiteral("4_2.rsa-pss_signature.json")
                                   << QStringLiteral("3_3.rsa_public_key.json") << false;
        QTest::newRow("4.3 ES512") << QStringLiteral("4_3.ecdsa_signature.json")
                                   << QStringLiteral("3_1.ec_public_key.json") << false;
        QTest::newRow("4.4 HS256") << QStringLiteral("4_4.hmac-sha2_integrity_protection.json") << QString() << true;
    }
    void compact()
    {
        QFETCH(QString, file);
        QFETCH(QString, publicJwk);
        QFETCH(bool, deterministic);
        const QJsonObject ex = loadExample(file);
        QVERIFY2(!ex.isEmpty(), qPrintable(file));
        const QJsonObject input = ex.value(QStringLiteral("input")).toObject();
        const QJsonObject signing = ex.value(QStringLiteral("signing")).toObject();
        const auto alg = algorithmFromName(input.value(QStringLiteral("alg")).toString());
        QVERIFY(alg);
        auto key = JwtKey::fromJwk(input.value(QStringLiteral("key")).toObject());
        QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().code));
        QVERIFY(key.value().hasPrivate());

        // Verify the compact output: the signing input is the first two segments.
        const QByteArray compact =
            ex.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString().toLatin1();
        const QList<QByteArray> parts = compact.split('.');
        QCOMPARE(parts.size(), 3);
        const QByteArray signingInput = parts[0] + '.' + parts[1];
        QCOMPARE(signingInput, signing.value(QStringLiteral("sig-input")).toString().toLatin1());
        QCOMPARE(base64url::decodeStrict(parts[1]).value(), input.value(QStringLiteral("payload")).toString().toUtf8());
        const QByteArray signature = base64url::decodeStrict(parts[2]).value();
        QCOMPARE(signature, b64(signing.value(QStringLiteral("sig"))));
        QVERIFY(jws::verify(*alg, key.value(), signingInput, signature).ok());
        ++m_verified;
        if (!publicJwk.isEmpty()) {
            auto pub = JwtKey::fromJwk(loadJwk(publicJwk));
            QVERIFY(pub.ok());
            QVERIFY(!pub.value().hasPrivate());
            QVERIFY(jws::verify(*alg, pub.value(), signingInput, signature).ok());
            ++m_verified;
        }
        // Tampering anywhere in the signing input breaks it.
        QByteArray tampered = signingInput;
        tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
        QCOMPARE(jws::verify(*alg, key.value(), tampered, signature).error().code,
                 QStringLiteral("jws.signature_invalid"));

        auto ours = jws::sign(*alg, key.value(), signingInput);
        QVERIFY(ours.ok());
        if (deterministic) {
            QCOMPARE(ours.value(), signature); // RS256 and HS256 are deterministic: byte-for-byte equal
            QCOMPARE(base64url::encode(ours.value()), parts[2]);
            ++m_byteExact;
        } else {
            QCOMPARE(ours.value().size(), signature.size());
            QVERIFY(jws::verify(*alg, key.value(), signingInput, ours.value()).ok());
            ++m_signThenVerify;
        }
    }

    // 4.5: detached content. The compact form has an empty payload segment; the signing input is
    // rebuilt from the protected header and the separately transmitted payload.
    void detachedContent()
    {
        const QJsonObject ex = loadExample(QStringLiteral("4_5.signature_with_detached_content.json"));
        QVERIFY(!ex.isEmpty());
        const QJsonObject input = ex.value(QStringLiteral("input")).toObject();
        const QJsonObject signing = ex.value(QStringLiteral("signing")).toObject();
        auto key = JwtKey::fromJwk(input.value(QStringLiteral("key")).toObject());
        QVERIFY(key.ok());
        QCOMPARE(key.value().compatibleAlgorithms(), QList<Algorithm>{Algorithm::HS256}); // the JWK says "alg"
        const QList<QByteArray> parts = ex.value(QStringLiteral("output"))
                                            .toObject()
                                            .value(QStringLiteral("compact"))
                                            .toString()
                                            .toLatin1()
                                            .split('.');
        QCOMPARE(parts.size(), 3);
        QVERIFY(parts[1].isEmpty());
        const QByteArray signingInput =
            parts[0] + '.' + base64url::encode(input.value(QStringLiteral("payload")).toString().toUtf8());
        QCOMPARE(signingInput, signing.value(QStringLiteral("sig-input")).toString().toLatin1());
        const QByteArray sig = base64url::decodeStrict(parts[2]).value();
        QVERIFY(jws::verify(Algorithm::HS256, key.value(), signingInput, sig).ok());
        // Without the detached payload the signature does not verify.
        QCOMPARE(jws::verify(Algorithm::HS256, key.value(), parts[0] + '.', sig).error().code,
                 QStringLiteral("jws.signature_invalid"));
        auto ours = jws::sign(Algorithm::HS256, key.value(), signingInput);
        QVERIFY(ours.ok());
        QCOMPARE(ours.value(), sig);
        ++m_verified;
        ++m_byteExact;
    }

    // 4.6-4.8 carry unprotected headers or several signatures: JSON serialization only, no compact form.
    // The JWS layer still verifies each signature over its given signing input.
    void jsonSerializationOnly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("4.6 protected + unprotected header")
            << QStringLiteral("4_6.protecting_specific_header_fields.json");
        QTest::newRow("4.7 unprotected header only") << QStringLiteral("4_7.protecting_content_only.json");
        QTest::newRow("4.8 multiple signatures") << QStringLiteral("4_8.multiple_signatures.json");
    }
    void jsonSerializationOnly()
    {
        QFETCH(QString, file);
        const QJsonObject ex = loadExample(file);
        QVERIFY(!ex.isEmpty());
        const QJsonObject input = ex.value(QStringLiteral("input")).toObject();
        QVERIFY(!ex.value(QStringLiteral("output")).toObject().contains(QStringLiteral("compact")));
        QJsonArray signings;
        QJsonArray keys;
        if (ex.value(QStringLiteral("signing")).isArray()) {
            signings = ex.value(QStringLiteral("signing")).toArray();
            keys = input.value(QStringLiteral("key")).toArray();
        } else {
            signings = {ex.value(QStringLiteral("signing"))};
            keys = {input.value(QStringLiteral("key"))};
        }
        QCOMPARE(keys.size(), signings.size());
        for (qsizetype i = 0; i < signings.size(); ++i) {
            const QJsonObject s = signings[i].toObject();
            const Algorithm alg = algOf(s);
            QVERIFY(alg != Algorithm::None);
            auto key = JwtKey::fromJwk(keys[i].toObject());
            QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().code));
            const QByteArray signingInput = s.value(QStringLiteral("sig-input")).toString().toLatin1();
            const QByteArray sig = b64(s.value(QStringLiteral("sig")));
            QVERIFY(!sig.isEmpty());
            QVERIFY2(jws::verify(alg, key.value(), signingInput, sig).ok(), qPrintable(algorithmName(alg)));
            QVERIFY(!jws::verify(alg, key.value(), signingInput + 'x', sig).ok());
            ++m_verified;
        }
        m_skipped << QStringLiteral("%1: no compact serialization (unprotected header or several signatures); "
                                    "only the %2 signature(s) were verified over their signing inputs")
                         .arg(file)
                         .arg(signings.size());
    }
};

QTEST_GUILESS_MAIN(TestJoseCookbook)
#include "tst_jose_cookbook.moc"
