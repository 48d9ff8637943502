#include "CliRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace {
const QString kNow = QStringLiteral("1800000000");
}

class TestJwtCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_secretFile;
    QString m_wrongSecretFile;
    QString m_publicPem;
    QString m_privatePem;

    QString write(const QString& name, const QByteArray& data)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write fixture");
        f.write(data);
        return path;
    }

    QByteArray sign(const QStringList& extra)
    {
        const CliRun r =
            runCli(QStringList{QStringLiteral("jwt"), QStringLiteral("sign"), QStringLiteral("--now"), kNow} + extra);
        if (r.exitCode != 0)
            qWarning() << "sign failed:" << r.err;
        return r.out.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_secretFile = write(QStringLiteral("secret"), "a-long-enough-test-secret-of-32+bytes!\n");
        m_wrongSecretFile = write(QStringLiteral("wrong"), "another-long-enough-secret-of-32-bytes");
        EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        QVERIFY(key);
        BIO* priv = BIO_new(BIO_s_mem());
        BIO* pub = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
        PEM_write_bio_PUBKEY(pub, key);
        char* data = nullptr;
        long n = BIO_get_mem_data(priv, &data);
        m_privatePem = write(QStringLiteral("ec.pem"), QByteArray(data, int(n)));
        n = BIO_get_mem_data(pub, &data);
        m_publicPem = write(QStringLiteral("ec.pub.pem"), QByteArray(data, int(n)));
        BIO_free(priv);
        BIO_free(pub);
        EVP_PKEY_free(key);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("nothing") << QStringList{};
        QTest::newRow("unknown group") << QStringList{QStringLiteral("nope")};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("jwt"), QStringLiteral("explode")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("jwt"), QStringLiteral("decode"),
                                                       QStringLiteral("--bogus"), QStringLiteral("x")};
        QTest::newRow("verify without alg")
            << QStringList{QStringLiteral("jwt"), QStringLiteral("verify"), QStringLiteral("a.b.c"),
                           QStringLiteral("--secret-file"), QStringLiteral("/dev/null")};
        QTest::newRow("verify without key")
            << QStringList{QStringLiteral("jwt"), QStringLiteral("verify"), QStringLiteral("a.b.c"),
                           QStringLiteral("--alg"), QStringLiteral("HS256")};
        QTest::newRow("verify unknown alg")
            << QStringList{QStringLiteral("jwt"),      QStringLiteral("verify"), QStringLiteral("a.b.c"),
                           QStringLiteral("--alg"),    QStringLiteral("HS999"),  QStringLiteral("--secret-file"),
                           QStringLiteral("/dev/null")};
        QTest::newRow("token and key both stdin") << QStringList{
            QStringLiteral("jwt"),   QStringLiteral("verify"),        QStringLiteral("-"), QStringLiteral("--alg"),
            QStringLiteral("HS256"), QStringLiteral("--secret-file"), QStringLiteral("-")};
        QTest::newRow("two inputs") << QStringList{QStringLiteral("jwt"), QStringLiteral("decode"), QStringLiteral("a"),
                                                   QStringLiteral("b")};
        QTest::newRow("no input") << QStringList{QStringLiteral("jwt"), QStringLiteral("decode")};
        QTest::newRow("sign alg none without --unsecured") << QStringList{
            QStringLiteral("jwt"), QStringLiteral("sign"), QStringLiteral("--alg"), QStringLiteral("none")};
        QTest::newRow("bad --now") << QStringList{QStringLiteral("jwt"), QStringLiteral("decode"),
                                                  QStringLiteral("a.b.c"), QStringLiteral("--now"),
                                                  QStringLiteral("yesterday")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const CliRun r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
    }

    void helpForEveryCommand()
    {
        for (const QString& cmd :
             {QStringLiteral("decode"), QStringLiteral("verify"), QStringLiteral("sign"), QStringLiteral("lint")}) {
            const CliRun r = runCli({QStringLiteral("jwt"), cmd, QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("--json"), qPrintable(cmd));
        }
        QCOMPARE(runCli({QStringLiteral("--help")}).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("jwt"), QStringLiteral("--help")}).exitCode, 0);
    }

    void signThenVerifyHs256()
    {
        const QByteArray token =
            sign({QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"), m_secretFile,
                  QStringLiteral("--payload"), QStringLiteral("{\"user\":\"alice\"}"), QStringLiteral("--exp-in"),
                  QStringLiteral("600")});
        QCOMPARE(token.count('.'), 2);

        CliRun ok = runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QString::fromLatin1(token),
                            QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"),
                            m_secretFile, QStringLiteral("--now"), kNow, QStringLiteral("--json")});
        QCOMPARE(ok.exitCode, 0);
        QCOMPARE(ok.json().value(QStringLiteral("valid")).toBool(), true);
        QCOMPARE(ok.json().value(QStringLiteral("payload")).toObject().value(QStringLiteral("user")).toString(),
                 QStringLiteral("alice"));
        QCOMPARE(ok.json().value(QStringLiteral("payload")).toObject().value(QStringLiteral("exp")).toInteger(),
                 1800000600);

        const CliRun wrong = runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QString::fromLatin1(token),
                                     QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"),
                                     m_wrongSecretFile, QStringLiteral("--now"), kNow, QStringLiteral("--json")});
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(wrong.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("jwt.signature_invalid"));

        const CliRun expired =
            runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QString::fromLatin1(token),
                    QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"), m_secretFile,
                    QStringLiteral("--now"), QStringLiteral("1800009999"), QStringLiteral("--json")});
        QCOMPARE(expired.exitCode, 1);
        QCOMPARE(expired.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("jwt.expired"));

        // The token from standard input, the secret from a file; the secret never appears in any output.
        const CliRun viaStdin = runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QStringLiteral("-"),
                                        QStringLiteral("--alg"), QStringLiteral("HS256"),
                                        QStringLiteral("--secret-file"), m_secretFile, QStringLiteral("--now"), kNow},
                                       token + "\n");
        QCOMPARE(viaStdin.exitCode, 0);
        QVERIFY(viaStdin.out.startsWith("valid"));
        QVERIFY(!viaStdin.out.contains("a-long-enough-test-secret"));
        QVERIFY(!viaStdin.err.contains("a-long-enough-test-secret"));
    }

    void signThenVerifyEs256WithPem()
    {
        const QByteArray token = sign({QStringLiteral("--alg"), QStringLiteral("ES256"), QStringLiteral("--key-file"),
                                       m_privatePem, QStringLiteral("--payload"), QStringLiteral("{\"sub\":\"42\"}")});
        QCOMPARE(token.count('.'), 2);
        const CliRun ok = runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QString::fromLatin1(token),
                                  QStringLiteral("--alg"), QStringLiteral("ES256"), QStringLiteral("--key-file"),
                                  m_publicPem, QStringLiteral("--now"), kNow});
        QCOMPARE(ok.exitCode, 0);

        // Key confusion: the same public key offered as an HMAC secret is refused at load (CVE-2016-10555).
        const CliRun confused = runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QString::fromLatin1(token),
                                        QStringLiteral("--alg"), QStringLiteral("HS256"),
                                        QStringLiteral("--secret-file"), m_publicPem, QStringLiteral("--json")});
        QCOMPARE(confused.exitCode, 3);
        QCOMPARE(confused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("key.hmac.looks_asymmetric"));

        // An algorithm the key cannot do is not accepted even if the token claims it.
        const CliRun pinned = runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QString::fromLatin1(token),
                                      QStringLiteral("--alg"), QStringLiteral("RS256"), QStringLiteral("--key-file"),
                                      m_publicPem, QStringLiteral("--now"), kNow});
        QCOMPARE(pinned.exitCode, 1);
    }

    void decodeBrokenTokenSaysWhere()
    {
        // Header fine, payload has a standard-base64 '+', signature fine.
        const QByteArray broken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0+.c2ln";
        const CliRun r = runCli(
            {QStringLiteral("jwt"), QStringLiteral("decode"), QString::fromLatin1(broken), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 3);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(o.value(QStringLiteral("header")).toObject().value(QStringLiteral("alg")).toString(),
                 QStringLiteral("HS256"));
        const QJsonArray errors = o.value(QStringLiteral("errors")).toArray();
        QVERIFY(!errors.isEmpty());
        QVERIFY(errors.first()
                    .toObject()
                    .value(QStringLiteral("code"))
                    .toString()
                    .startsWith(QStringLiteral("jwt.segment.base64")));
        QVERIFY(
            errors.first().toObject().value(QStringLiteral("message")).toString().contains(QStringLiteral("payload")));
    }

    void decodeExplainsTimes()
    {
        const QByteArray token =
            sign({QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"), m_secretFile,
                  QStringLiteral("--exp-in"), QStringLiteral("720"), QStringLiteral("--iat")});
        const CliRun r = runCli({QStringLiteral("jwt"), QStringLiteral("decode"), QString::fromLatin1(token),
                                 QStringLiteral("--now"), kNow});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("in 12 min"), r.out.constData());
        QVERIFY(r.out.contains("Expiration time"));
    }

    void lintFindsAlgNoneAndFailsOnIt()
    {
        const QByteArray token = sign({QStringLiteral("--alg"), QStringLiteral("none"), QStringLiteral("--unsecured"),
                                       QStringLiteral("--payload"), QStringLiteral("{\"sub\":\"x\"}")});
        QVERIFY(token.endsWith('.'));
        const CliRun r = runCli(
            {QStringLiteral("jwt"), QStringLiteral("lint"), QString::fromLatin1(token), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QStringList ids;
        for (const auto& f : r.json().value(QStringLiteral("findings")).toArray())
            ids << f.toObject().value(QStringLiteral("id")).toString();
        QVERIFY2(ids.contains(QStringLiteral("jwt.alg_none")), qPrintable(ids.join(QLatin1Char(','))));
        QVERIFY(ids.contains(QStringLiteral("jwt.no_exp")));

        // And verify refuses it even when the caller lists "none" without --allow-unsecured.
        const CliRun v =
            runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QString::fromLatin1(token),
                    QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"), m_secretFile});
        QCOMPARE(v.exitCode, 1);
    }

    void crackFindsAWeakSecret()
    {
        const QString weak = write(QStringLiteral("weak"), "secret");
        const QByteArray token =
            sign({QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"), weak,
                  QStringLiteral("--payload"), QStringLiteral("{\"user\":\"alice\"}")});
        const CliRun found = runCli({QStringLiteral("jwt"), QStringLiteral("crack"), QString::fromLatin1(token),
                                     QStringLiteral("--json"), QStringLiteral("--quiet")});
        QCOMPARE(found.exitCode, 0);
        QCOMPARE(found.json().value(QStringLiteral("secret")).toString(), QStringLiteral("secret"));
        // The strong test secret is in no list: exit 1 after the whole dictionary.
        const QByteArray strong =
            sign({QStringLiteral("--alg"), QStringLiteral("HS256"), QStringLiteral("--secret-file"), m_secretFile});
        const CliRun notFound =
            runCli({QStringLiteral("jwt"), QStringLiteral("crack"), QString::fromLatin1(strong),
                    QStringLiteral("--json"), QStringLiteral("--quiet"), QStringLiteral("--no-mutations")});
        QCOMPARE(notFound.exitCode, 1);
        QCOMPARE(notFound.json().value(QStringLiteral("found")).toBool(true), false);
        QCOMPARE(notFound.json().value(QStringLiteral("tried")).toInteger(),
                 notFound.json().value(QStringLiteral("total")).toInteger());
    }

    void helpNamesTheCommand()
    {
        const CliRun r = runCli({QStringLiteral("jwt"), QStringLiteral("verify"), QStringLiteral("--help")});
        QVERIFY2(r.out.startsWith("Usage: gatehouse-cli jwt verify [options]"), r.out.left(80).constData());
    }

    void signRejectsDuplicateKeysInPayload()
    {
        const CliRun r =
            runCli({QStringLiteral("jwt"), QStringLiteral("sign"), QStringLiteral("--alg"), QStringLiteral("HS256"),
                    QStringLiteral("--secret-file"), m_secretFile, QStringLiteral("--payload"),
                    QStringLiteral("{\"a\":1,\"a\":2}"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("json.duplicate_key"));
    }

    void missingFileIsBadInput()
    {
        const CliRun r = runCli({QStringLiteral("jwt"), QStringLiteral("decode"), QStringLiteral("--file"),
                                 m_dir.filePath(QStringLiteral("does-not-exist"))});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("cannot open"));
    }

    void hugeInputIsRefused()
    {
        const QByteArray huge(17 * 1024 * 1024, 'a');
        const CliRun r = runCli({QStringLiteral("jwt"), QStringLiteral("decode"), QStringLiteral("-")}, huge);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("limit"));
    }
};

QTEST_GUILESS_MAIN(TestJwtCli)
#include "tst_jwt_cli.moc"
