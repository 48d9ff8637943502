#include "CliRunner.h"

#include <QTest>

class TestHashCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void makeThenVerify()
    {
        const QByteArray password = "correct horse battery staple ✓";
        const CliRun made = runCli(
            {QStringLiteral("hash"), QStringLiteral("make"), QStringLiteral("--iterations"), QStringLiteral("1000")},
            password + "\n");
        QCOMPARE(made.exitCode, 0);
        const QByteArray hash = made.out.trimmed();
        QVERIFY2(hash.startsWith("pbkdf2:sha256:1000$"), hash.constData());
        QVERIFY(!made.out.contains(password));

        const CliRun ok =
            runCli({QStringLiteral("hash"), QStringLiteral("verify"), QString::fromLatin1(hash)}, password + "\n");
        QCOMPARE(ok.exitCode, 0);
        QCOMPARE(ok.out.trimmed(), QByteArray("match"));

        const CliRun wrong = runCli(
            {QStringLiteral("hash"), QStringLiteral("verify"), QString::fromLatin1(hash), QStringLiteral("--json")},
            "correct horse battery stapler\n");
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(wrong.json().value(QStringLiteral("match")).toBool(true), false);

        const CliRun rehash = runCli({QStringLiteral("hash"), QStringLiteral("verify"), QString::fromLatin1(hash),
                                      QStringLiteral("--rehash"), QStringLiteral("--json")},
                                     password);
        QCOMPARE(rehash.exitCode, 0);
        QCOMPARE(rehash.json().value(QStringLiteral("needs_rehash")).toBool(), true);
    }

    void makeScryptAndSha512()
    {
        const CliRun scrypt = runCli(
            {QStringLiteral("hash"), QStringLiteral("make"), QStringLiteral("--method"), QStringLiteral("scrypt")},
            "pw-for-scrypt");
        QCOMPARE(scrypt.exitCode, 0);
        QVERIFY(scrypt.out.startsWith("scrypt:32768:8:1$"));
        const CliRun sha512 = runCli({QStringLiteral("hash"), QStringLiteral("make"), QStringLiteral("--method"),
                                      QStringLiteral("pbkdf2:sha512"), QStringLiteral("--iterations"),
                                      QStringLiteral("2000"), QStringLiteral("--json")},
                                     "pw");
        QCOMPARE(sha512.exitCode, 0);
        QVERIFY(
            sha512.json().value(QStringLiteral("hash")).toString().startsWith(QStringLiteral("pbkdf2:sha512:2000$")));
    }

    void infoNamesLegacyFormats()
    {
        // werkzeug 2.2's generate_password_hash("secret", method="sha256", salt_length=8) style: legacy HMAC.
        const QString legacy = QStringLiteral("sha256$abcdefgh$") + QString(64, QLatin1Char('0'));
        const CliRun r = runCli({QStringLiteral("hash"), QStringLiteral("info"), legacy, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("needs_rehash")).toBool(), true);
        QVERIFY(!o.value(QStringLiteral("versions")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("strength")).toString() != QStringLiteral("strong"));
    }

    void malformedHashIsBadInput_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::newRow("empty-ish") << QStringLiteral("$");
        QTest::newRow("unknown method") << QStringLiteral("bcrypt$salt$00");
        QTest::newRow("huge iterations") << QStringLiteral("pbkdf2:sha256:99999999999$salt$00");
        QTest::newRow("bad hex") << QStringLiteral("pbkdf2:sha256:1000$salt$zz");
    }
    void malformedHashIsBadInput()
    {
        QFETCH(QString, hash);
        const CliRun v =
            runCli({QStringLiteral("hash"), QStringLiteral("verify"), hash, QStringLiteral("--json")}, "pw");
        QCOMPARE(v.exitCode, 3);
        QCOMPARE(v.json().value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY(v.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("code"))
                    .toString()
                    .startsWith(QStringLiteral("password.")));
        QCOMPARE(runCli({QStringLiteral("hash"), QStringLiteral("info"), hash}).exitCode, 3);
    }

    void usageErrors()
    {
        // A password is never an argument.
        QCOMPARE(runCli({QStringLiteral("hash"), QStringLiteral("make"), QStringLiteral("hunter2")}).exitCode, 2);
        QCOMPARE(
            runCli({QStringLiteral("hash"), QStringLiteral("make"), QStringLiteral("--method"), QStringLiteral("md5")},
                   "pw")
                .exitCode,
            2);
        QCOMPARE(runCli({QStringLiteral("hash"), QStringLiteral("make"), QStringLiteral("--iterations"),
                         QStringLiteral("0")},
                        "pw")
                     .exitCode,
                 2);
        QCOMPARE(runCli({QStringLiteral("hash"), QStringLiteral("verify"), QStringLiteral("-")}, "x").exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("hash"), QStringLiteral("make")}, "").exitCode, 3); // empty password
    }
};

QTEST_GUILESS_MAIN(TestHashCli)
#include "tst_hash_cli.moc"
