// The real gatehouse-cli executable: standard input, output, exit codes and that secrets stay out of
// its output, as a script would see them.
#include <QProcess>
#include <QTest>

class TestCliProcess : public QObject
{
    Q_OBJECT

    struct Ran
    {
        int exitCode;
        QByteArray out;
        QByteArray err;
    };

    Ran run(const QStringList& args, const QByteArray& input = {})
    {
        QProcess p;
        p.start(QStringLiteral(GATEHOUSE_CLI_PATH), args);
        if (!p.waitForStarted(10000))
            qFatal("gatehouse-cli did not start");
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            qFatal("gatehouse-cli did not finish");
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

private Q_SLOTS:
    void exitCodesAndStreams()
    {
        QCOMPARE(run({}).exitCode, 2);
        const Ran help = run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("jwt"));
        QCOMPARE(run({QStringLiteral("--version")}).exitCode, 0);
    }

    void passwordFromStdinNeverEchoed()
    {
        const QByteArray password = "process-level-password-123";
        const Ran made = run(
            {QStringLiteral("hash"), QStringLiteral("make"), QStringLiteral("--iterations"), QStringLiteral("1000")},
            password + "\n");
        QCOMPARE(made.exitCode, 0);
        QVERIFY(!made.out.contains(password) && !made.err.contains(password));
        const QString hash = QString::fromLatin1(made.out.trimmed());
        QCOMPARE(run({QStringLiteral("hash"), QStringLiteral("verify"), hash}, password).exitCode, 0);
        QCOMPARE(run({QStringLiteral("hash"), QStringLiteral("verify"), hash}, "nope").exitCode, 1);
    }

    void tokenFromStdin()
    {
        const Ran decoded = run({QStringLiteral("jwt"), QStringLiteral("decode"), QStringLiteral("-")},
                                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyIjoiYWxpY2UifQ.c2lnbmF0dXJl\n");
        QCOMPARE(decoded.exitCode, 0);
        QVERIFY(decoded.out.contains("alice"));
        QCOMPARE(run({QStringLiteral("jwt"), QStringLiteral("decode"), QStringLiteral("-")}, "not a token").exitCode,
                 3);
    }
};

QTEST_GUILESS_MAIN(TestCliProcess)
#include "tst_cli_process.moc"
