// The no-echo password prompt of gatehouse-cli, on a real pseudo-terminal (tests/cli/pty_prompt.py drives
// it with Python's pty module): the typed password never appears on the terminal and the command works;
// SIGINT at the prompt leaves the terminal's echo on; without a terminal and without --password-stdin the
// command refuses with exit 2 and says to use --password-stdin.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kPassword = "prompted-Password-77";

struct PtyRun
{
    int status = -100;
    QByteArray output;
    bool echoAfter = false;
};

} // namespace

class TestCliPrompt : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_db;

    QStringList userList() const
    {
        return {QStringLiteral("user"),
                QStringLiteral("list"),
                QStringLiteral("--db"),
                m_db,
                QStringLiteral("--as"),
                QStringLiteral("root"),
                QStringLiteral("--hash-iterations"),
                QStringLiteral("1000"),
                QStringLiteral("--json")};
    }

    PtyRun onTerminal(const QString& mode, const QStringList& cliArgs)
    {
        QProcess py;
        py.start(QStringLiteral(GATEHOUSE_PYTHON),
                 QStringList{QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/cli/pty_prompt.py"), mode,
                             QString::fromLatin1(kPassword), QStringLiteral("--"), QStringLiteral(GATEHOUSE_CLI_PATH)} +
                     cliArgs);
        PtyRun r;
        if (!py.waitForFinished(60000)) {
            py.kill();
            py.waitForFinished();
            return r;
        }
        const QJsonObject o = QJsonDocument::fromJson(py.readAllStandardOutput()).object();
        if (o.isEmpty())
            qWarning("pty_prompt.py: %s", py.readAllStandardError().constData());
        r.status = o.value(QStringLiteral("status")).toInt(-100);
        r.output = QByteArray::fromBase64(o.value(QStringLiteral("output")).toString().toLatin1());
        r.echoAfter = o.value(QStringLiteral("echo_after")).toBool();
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("prompt.sqlite"));
        QProcess init;
        init.start(QStringLiteral(GATEHOUSE_CLI_PATH),
                   {QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("root"),
                    QStringLiteral("--db"), m_db, QStringLiteral("--hash-iterations"), QStringLiteral("1000")});
        init.write(kPassword + '\n');
        init.closeWriteChannel();
        QVERIFY(init.waitForFinished(30000));
        QVERIFY2(init.exitCode() == 0, init.readAllStandardError().constData());
    }

    void promptDoesNotEchoThePassword()
    {
        const PtyRun r = onTerminal(QStringLiteral("answer"), userList());
        QCOMPARE(r.status, 0);
        QVERIFY2(r.output.contains("Password for root: "), r.output.constData());
        QVERIFY2(!r.output.contains(kPassword), "the password was echoed to the terminal");
        QVERIFY2(r.output.contains("\"username\":\"root\""), r.output.constData());
        QVERIFY(r.echoAfter);
    }

    void interruptAtThePromptRestoresEcho()
    {
        const PtyRun r = onTerminal(QStringLiteral("interrupt"), userList());
        QCOMPARE(r.status, -2); // ended by SIGINT, as a shell expects
        QVERIFY(r.echoAfter);
        QVERIFY(!r.output.contains("\"ok\""));
    }

    void noTerminalNeedsPasswordStdin()
    {
        QProcess p;
        p.start(QStringLiteral(GATEHOUSE_CLI_PATH), userList());
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // exit 2 (usage), not killed by signal 2
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--password-stdin"));
    }
};

QTEST_GUILESS_MAIN(TestCliPrompt)
#include "tst_cli_prompt.moc"
