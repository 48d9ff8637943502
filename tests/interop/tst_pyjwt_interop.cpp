// JWT interop with the real PyJWT (Debian's python3-jwt), both ways:
//  - PyJWT signs >= 500 random tokens over every algorithm both support; Gatehouse verifies each with the
//    algorithm pinned, gets the same claims back, and rejects each with one signature bit flipped;
//  - Gatehouse signs >= 500 random tokens; PyJWT verifies each and gets the same claims back.
// The test fails (never skips) when Python or PyJWT is missing.
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtToken.h"
#include "jwt/JwtVerifier.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

const QString kScript = QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/interop/pyjwt_tokens.py");
constexpr int kTokens = 520; // 40 per algorithm, 13 algorithms

QByteArray runPython(const QStringList& args, const QByteArray& input, bool* ok)
{
    QProcess p;
    p.start(QStringLiteral(GATEHOUSE_PYTHON), QStringList{kScript} + args);
    *ok = p.waitForStarted(15000);
    if (!*ok)
        return {};
    p.write(input);
    p.closeWriteChannel();
    *ok = p.waitForFinished(240000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!*ok)
        qWarning().noquote() << "python failed:" << p.readAllStandardError().left(4000);
    return p.readAllStandardOutput();
}

QString randomText(QRandomGenerator& rng, int n)
{
    static const QString alphabet =
        QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.:/<>&\"'\\éüß漢字") +
        QString::fromUtf8("🙂");
    QString s;
    for (int i = 0; i < n; ++i) {
        const int at = rng.bounded(alphabet.size());
        if (alphabet.at(at).isHighSurrogate() && at + 1 < alphabet.size()) {
            s += alphabet.mid(at, 2);
        } else if (!alphabet.at(at).isLowSurrogate()) {
            s += alphabet.at(at);
        }
    }
    return s;
}

QJsonValue randomValue(QRandomGenerator& rng, int depth)
{
    switch (rng.bounded(depth < 2 ? 6 : 4)) {
    case 0:
        return qint64(rng.bounded(2000000000)) - 1000000000;
    case 1:
        return randomText(rng, rng.bounded(20));
    case 2:
        return rng.bounded(2) == 0;
    case 3:
        return QJsonValue(QJsonValue::Null);
    case 4: {
        QJsonArray a;
        for (int i = rng.bounded(4); i > 0; --i)
            a.append(randomValue(rng, depth + 1));
        return a;
    }
    default: {
        QJsonObject o;
        for (int i = rng.bounded(4); i > 0; --i)
            o.insert(randomText(rng, 1 + rng.bounded(6)), randomValue(rng, depth + 1));
        return o;
    }
    }
}

QJsonObject randomClaims(QRandomGenerator& rng, qint64 now)
{
    QJsonObject c{{QStringLiteral("sub"), randomText(rng, 1 + rng.bounded(15))},
                  {QStringLiteral("iat"), now},
                  {QStringLiteral("exp"), now + 60 + rng.bounded(86400)}};
    if (rng.bounded(2))
        c.insert(QStringLiteral("iss"), QStringLiteral("https://issuer.example/") + randomText(rng, 5));
    for (int i = rng.bounded(6); i > 0; --i)
        c.insert(QStringLiteral("x_%1").arg(rng.bounded(100000)), randomValue(rng, 0));
    return c;
}

} // namespace

class TestPyJwtInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gatehouseVerifiesPyJwt()
    {
        bool ok = false;
        const QByteArray lines = runPython({QStringLiteral("generate"), QString::number(kTokens),
                                            QString::number(QRandomGenerator::global()->bounded(1 << 30))},
                                           {}, &ok);
        QVERIFY2(ok, "PyJWT (python3-jwt) must be installed: the interop test does not skip");
        int verified = 0, tamperedRejected = 0;
        QHash<QString, int> perAlg;
        for (const QByteArray& line : lines.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject item = QJsonDocument::fromJson(line).object();
            const QString algName = item.value(QStringLiteral("alg")).toString();
            const auto alg = algorithmFromName(algName);
            QVERIFY2(alg, qPrintable(algName));
            const QByteArray keyText = item.value(QStringLiteral("key")).toString().toUtf8();
            const auto key =
                algName.startsWith(QLatin1String("HS")) ? JwtKey::fromHmacSecret(keyText) : JwtKey::fromPem(keyText);
            QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().message));
            JwtVerifier verifier(key.value(), {*alg});
            const QByteArray token = item.value(QStringLiteral("token")).toString().toLatin1();
            const auto result = verifier.verify(token);
            QVERIFY2(result.ok(),
                     qPrintable(algName + QStringLiteral(": ") + (result.ok() ? QString() : result.error().message)));
            QCOMPARE(result->payloadObject(), item.value(QStringLiteral("claims")).toObject());
            ++verified;
            ++perAlg[algName];

            // One bit flipped in the middle of the signature.
            QByteArray tampered = token;
            const qsizetype sigStart = tampered.lastIndexOf('.') + 1;
            const qsizetype at = sigStart + (tampered.size() - sigStart) / 2;
            tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
            const auto bad = verifier.verify(tampered);
            QVERIFY2(!bad.ok(), qPrintable(algName));
            ++tamperedRejected;
        }
        QCOMPARE(verified, kTokens);
        QCOMPARE(perAlg.size(), 13);
        qInfo("PyJWT -> Gatehouse: %d tokens verified over %d algorithms, %d tampered copies rejected", verified,
              int(perAlg.size()), tamperedRejected);
    }

    void pyJwtVerifiesGatehouse()
    {
        QRandomGenerator rng(QRandomGenerator::global()->generate());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QList<Algorithm> algs = allSigningAlgorithms();
        QCOMPARE(algs.size(), 13);
        QHash<int, JwtKey> keys;
        QByteArray input;
        int made = 0;
        for (int i = 0; i < kTokens; ++i) {
            const Algorithm alg = algs.at(i % algs.size());
            JwtKey key;
            QByteArray verificationKey;
            if (keyKindFor(alg) == KeyKind::Hmac) {
                QByteArray secret;
                for (int j = 0; j < 64; ++j)
                    secret.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[rng.bounded(62)]);
                auto k = JwtKey::fromHmacSecret(secret);
                QVERIFY(k.ok());
                key = k.value();
                verificationKey = secret;
            } else {
                const int family = int(keyKindFor(alg)) * 100 + (keyKindFor(alg) == KeyKind::Ec ? int(alg) : 0);
                if (!keys.contains(family)) {
                    auto k = JwtKey::generate(alg);
                    QVERIFY2(k.ok(), qPrintable(algorithmName(alg)));
                    keys.insert(family, k.value());
                }
                key = keys.value(family);
                verificationKey = key.publicPem();
                QVERIFY(!verificationKey.isEmpty());
            }
            const QJsonObject claims = randomClaims(rng, now);
            QJsonObject header{{QStringLiteral("alg"), algorithmName(alg)},
                               {QStringLiteral("typ"), QStringLiteral("JWT")}};
            if (rng.bounded(3) == 0)
                header.insert(QStringLiteral("kid"), QStringLiteral("k%1").arg(rng.bounded(100)));
            const auto token = JwtEncoder::encode(header, claims, key);
            QVERIFY2(token.ok(), qPrintable(token.ok() ? QString() : token.error().message));
            const QJsonObject line{{QStringLiteral("alg"), algorithmName(alg)},
                                   {QStringLiteral("token"), QString::fromLatin1(token.value())},
                                   {QStringLiteral("key"), QString::fromUtf8(verificationKey)},
                                   {QStringLiteral("claims"), claims}};
            input += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
            ++made;
        }
        bool ok = false;
        const QByteArray results = runPython({QStringLiteral("verify")}, input, &ok);
        QVERIFY2(ok, "PyJWT (python3-jwt) must be installed: the interop test does not skip");
        int accepted = 0, row = 0;
        for (const QByteArray& line : results.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject r = QJsonDocument::fromJson(line).object();
            QVERIFY2(r.value(QStringLiteral("ok")).toBool(),
                     qPrintable(QStringLiteral("row %1 (%2): %3")
                                    .arg(row)
                                    .arg(algorithmName(algs.at(row % algs.size())),
                                         r.value(QStringLiteral("error")).toString())));
            QVERIFY2(r.value(QStringLiteral("claims_equal")).toBool(), qPrintable(QString::number(row)));
            ++accepted;
            ++row;
        }
        QCOMPARE(accepted, made);
        qInfo("Gatehouse -> PyJWT: %d tokens over %d algorithms accepted with identical claims", accepted,
              int(algs.size()));
    }

    // PyJWT also offers ES256K (secp256k1), which Gatehouse does not implement: it must say so, not guess.
    void es256kIsRefusedByName()
    {
        bool ok = false;
        const QByteArray line = runPython({QStringLiteral("es256k")}, {}, &ok);
        QVERIFY(ok);
        const QJsonObject item = QJsonDocument::fromJson(line).object();
        const JwtToken token = JwtToken::parse(item.value(QStringLiteral("token")).toString().toLatin1());
        QVERIFY(token.isWellFormed());
        QCOMPARE(token.algorithmText(), QStringLiteral("ES256K"));
        QVERIFY(!algorithmFromName(QStringLiteral("ES256K")));
        const auto key = JwtKey::fromPem(item.value(QStringLiteral("key")).toString().toUtf8());
        QVERIFY2(!key.ok() || key->compatibleAlgorithms().isEmpty(), "a secp256k1 key must not be usable");
    }
};

QTEST_GUILESS_MAIN(TestPyJwtInterop)
#include "tst_pyjwt_interop.moc"
