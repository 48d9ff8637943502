#include "jwt/JwsSignature.h"
#include "jwt/JwtKey.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

Q_DECLARE_METATYPE(gatehouse::core::jwt::Algorithm)

// Project Wycheproof vectors (shared/data/wycheproof) run through the JWS layer. Wycheproof's "msg" is
// the raw message, which here is exactly the signing input jws::verify takes.
namespace {

QJsonObject loadVectors(const QString& file)
{
    QFile f(QStringLiteral(GATEHOUSE_SHARED_DATA_DIR "/wycheproof/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray hex(const QJsonValue& v)
{
    return QByteArray::fromHex(v.toString().toLatin1());
}

struct Tally
{
    int validAccepted = 0;
    int invalidRejected = 0;
    int acceptableAccepted = 0;
    int acceptableRejected = 0;
    int outOfScopeRejected = 0;
    int outOfScopeSkipped = 0;
    QMap<QString, int> rejectionCodes;
    QStringList acceptableNotes;
};

} // namespace

class TestWycheproof : public QObject
{
    Q_OBJECT

    // Runs one test case; returns false (and records a failure message) if the outcome is wrong.
    static void check(const QJsonObject& t, const Status& st, Tally& tally, const QString& label)
    {
        const QString result = t.value(QStringLiteral("result")).toString();
        const int tcId = t.value(QStringLiteral("tcId")).toInt();
        if (!st.ok())
            tally.rejectionCodes[st.error().code]++;
        if (result == QLatin1String("valid")) {
            QVERIFY2(st.ok(), qPrintable(QStringLiteral("%1 tcId %2 (valid, %3) rejected: %4")
                                             .arg(label)
                                             .arg(tcId)
                                             .arg(t.value(QStringLiteral("comment")).toString(), st.error().code)));
            ++tally.validAccepted;
        } else if (result == QLatin1String("invalid")) {
            QVERIFY2(!st.ok(), qPrintable(QStringLiteral("%1 tcId %2 (invalid: %3) accepted")
                                              .arg(label)
                                              .arg(tcId)
                                              .arg(t.value(QStringLiteral("comment")).toString())));
            ++tally.invalidRejected;
        } else {
            QCOMPARE(result, QStringLiteral("acceptable"));
            (st.ok() ? tally.acceptableAccepted : tally.acceptableRejected)++;
            QStringList flags;
            for (const QJsonValue& f : t.value(QStringLiteral("flags")).toArray())
                flags << f.toString();
            tally.acceptableNotes << QStringLiteral("tcId %1 [%2] %3 (%4)")
                                         .arg(tcId)
                                         .arg(flags.join(QLatin1Char(',')),
                                              st.ok() ? QStringLiteral("accepted") : QStringLiteral("rejected"),
                                              st.ok() ? QStringLiteral("OpenSSL accepts it") : st.error().code);
        }
    }

    static void report(const QString& label, const Tally& t)
    {
        QStringList codes;
        for (auto it = t.rejectionCodes.cbegin(); it != t.rejectionCodes.cend(); ++it)
            codes << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
        qInfo().noquote() << QStringLiteral("%1: %2 valid accepted, %3 invalid rejected, acceptable %4 accepted / %5 "
                                            "rejected; out of scope: %6 rejected, %7 skipped; codes: %8")
                                 .arg(label)
                                 .arg(t.validAccepted)
                                 .arg(t.invalidRejected)
                                 .arg(t.acceptableAccepted)
                                 .arg(t.acceptableRejected)
                                 .arg(t.outOfScopeRejected)
                                 .arg(t.outOfScopeSkipped)
                                 .arg(codes.join(QLatin1Char(' ')));
        for (const QString& note : t.acceptableNotes)
            qInfo().noquote() << QStringLiteral("  %1 acceptable %2").arg(label, note);
    }

private Q_SLOTS:
    void hmac_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Algorithm>("alg");
        QTest::addColumn<int>("hashBits");
        QTest::newRow("HS256") << QStringLiteral("hmac_sha256_test.json") << Algorithm::HS256 << 256;
        QTest::newRow("HS384") << QStringLiteral("hmac_sha384_test.json") << Algorithm::HS384 << 384;
        QTest::newRow("HS512") << QStringLiteral("hmac_sha512_test.json") << Algorithm::HS512 << 512;
    }
    void hmac()
    {
        QFETCH(QString, file);
        QFETCH(Algorithm, alg);
        QFETCH(int, hashBits);
        const QJsonObject doc = loadVectors(file);
        QVERIFY2(!doc.isEmpty(), qPrintable(file));
        Tally tally;
        int cases = 0;
        for (const QJsonValue& gv : doc.value(QStringLiteral("testGroups")).toArray()) {
            const QJsonObject group = gv.toObject();
            const int keySize = group.value(QStringLiteral("keySize")).toInt();
            const int tagSize = group.value(QStringLiteral("tagSize")).toInt();
            const bool fullTag = tagSize == hashBits;
            const bool inScope = fullTag && keySize >= hashBits;
            for (const QJsonValue& tv : group.value(QStringLiteral("tests")).toArray()) {
                const QJsonObject t = tv.toObject();
                ++cases;
                auto key = JwtKey::fromHmacSecret(t.value(QStringLiteral("key")).toString().toLatin1(),
                                                  JwtKey::SecretEncoding::Hex);
                QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().code));
                const Status st = jws::verify(alg, key.value(), hex(t.value(QStringLiteral("msg"))),
                                              hex(t.value(QStringLiteral("tag"))));
                if (inScope) {
                    check(t, st, tally, QStringLiteral("%1 tcId").arg(algorithmName(alg)));
                } else if (!fullTag) {
                    // Truncated tags do not exist in JWS: every one of them, even Wycheproof-"valid", is refused.
                    QVERIFY(!st.ok());
                    QCOMPARE(st.error().code, QStringLiteral("jws.signature_length"));
                    ++tally.outOfScopeRejected;
                } else {
                    // Full tag, key shorter than the hash: allowed by design (the linter flags short secrets),
                    // so the layer decides exactly as Wycheproof says; counted as out of scope.
                    const bool valid = t.value(QStringLiteral("result")).toString() == QLatin1String("valid");
                    QCOMPARE(st.ok(), valid);
                    ++tally.outOfScopeSkipped;
                }
            }
        }
        QCOMPARE(cases, doc.value(QStringLiteral("numberOfTests")).toInt());
        QVERIFY(tally.validAccepted > 0 && tally.invalidRejected > 0);
        report(QStringLiteral("hmac %1 (%2)").arg(algorithmName(alg), file), tally);
    }

    void signatures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Algorithm>("alg");
        QTest::addColumn<QString>("label");
        QTest::newRow("ES256") << QStringLiteral("ecdsa_secp256r1_sha256_p1363_test.json") << Algorithm::ES256
                               << QStringLiteral("ecdsa P-256");
        QTest::newRow("ES384") << QStringLiteral("ecdsa_secp384r1_sha384_p1363_test.json") << Algorithm::ES384
                               << QStringLiteral("ecdsa P-384");
        QTest::newRow("ES512") << QStringLiteral("ecdsa_secp521r1_sha512_p1363_test.json") << Algorithm::ES512
                               << QStringLiteral("ecdsa P-521");
        QTest::newRow("RS256") << QStringLiteral("rsa_signature_2048_sha256_test.json") << Algorithm::RS256
                               << QStringLiteral("rsa pkcs1 2048 sha256");
        QTest::newRow("PS256") << QStringLiteral("rsa_pss_2048_sha256_mgf1_32_test.json") << Algorithm::PS256
                               << QStringLiteral("rsa pss 2048 sha256 mgf1 32");
        QTest::newRow("EdDSA") << QStringLiteral("ed25519_test.json") << Algorithm::EdDSA << QStringLiteral("ed25519");
    }
    void signatures()
    {
        QFETCH(QString, file);
        QFETCH(Algorithm, alg);
        QFETCH(QString, label);
        const QJsonObject doc = loadVectors(file);
        QVERIFY2(!doc.isEmpty(), qPrintable(file));
        Tally tally;
        int cases = 0;
        int groups = 0;
        for (const QJsonValue& gv : doc.value(QStringLiteral("testGroups")).toArray()) {
            const QJsonObject group = gv.toObject();
            ++groups;
            // The group's key as a JWK and as DER; both must load and be the same key.
            QJsonObject jwk = group.value(QStringLiteral("publicKeyJwk")).toObject();
            if (jwk.isEmpty())
                jwk = group.value(QStringLiteral("keyJwk")).toObject();
            auto fromJwk = JwtKey::fromJwk(jwk);
            auto fromDer = JwtKey::fromPem(hex(group.value(QStringLiteral("publicKeyDer"))));
            QVERIFY2(fromJwk.ok(), qPrintable(fromJwk.ok() ? QString() : fromJwk.error().code));
            QVERIFY2(fromDer.ok(), qPrintable(fromDer.ok() ? QString() : fromDer.error().code));
            QCOMPARE(fromDer.value().publicPem(), fromJwk.value().publicPem());
            QVERIFY(fromJwk.value().compatibleAlgorithms().contains(alg));
            for (const QJsonValue& tv : group.value(QStringLiteral("tests")).toArray()) {
                const QJsonObject t = tv.toObject();
                ++cases;
                const QByteArray msg = hex(t.value(QStringLiteral("msg")));
                const QByteArray sig = hex(t.value(QStringLiteral("sig")));
                const Status st = jws::verify(alg, fromJwk.value(), msg, sig);
                // Loading path must not matter.
                QCOMPARE(jws::verify(alg, fromDer.value(), msg, sig).ok(), st.ok());
                check(t, st, tally, label);
            }
        }
        QCOMPARE(cases, doc.value(QStringLiteral("numberOfTests")).toInt());
        QVERIFY(tally.validAccepted > 0 && tally.invalidRejected > 0);
        qInfo().noquote() << QStringLiteral("%1: %2 key groups").arg(label).arg(groups);
        report(label, tally);
    }
};

QTEST_GUILESS_MAIN(TestWycheproof)
#include "tst_wycheproof.moc"
