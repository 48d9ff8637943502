// gatehouse-cli remote login/whoami/get/logout with --token-file (the opt-in for machines without a
// keychain) against the reference server: nothing secret printed, an owner-only token file, tokens
// refreshed during a command written back to it (still 0600), a file for another origin refused, the
// deny-listed token refused after logout and the file gone. The keychain default: tst_cli_remote_keyring.
#include "CliProcess.h"
#include "TestServer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class TestCliRemote : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_config;

    static QJsonObject readJson(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    using Run = gatehouse::test::CliRun;

    Run cli(const QStringList& args, const QByteArray& stdinData = {})
    {
        return gatehouse::test::runCli(args, stdinData, gatehouse::test::environmentWithoutKeychain(m_config.path()),
                                       30000);
    }

private Q_SLOTS:
    void lifecycle()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(QStringLiteral("session.json"));
        const QString url = server.url().toString();
        const QStringList common{QStringLiteral("--url"), url, QStringLiteral("--token-file"), tokenFile};

        Run reg = cli(QStringList{QStringLiteral("remote"), QStringLiteral("login"), QStringLiteral("--username"),
                                  QStringLiteral("nobody")} +
                          common,
                      "some password\n");
        QCOMPARE(reg.code, 1); // no such account yet

        // There is no CLI register command: use the reference server's API through a raw request.
        QProcess py;
        py.start(
            QStringLiteral(GATEHOUSE_PYTHON),
            {QStringLiteral("-c"),
             QStringLiteral("import json,sys,urllib.request as u;"
                            "u.urlopen(u.Request(sys.argv[1]+'/register',data=json.dumps({'username':'cli',"
                            "'password':'cli password 1'}).encode(),headers={'Content-Type':'application/json'}))"),
             url});
        QVERIFY(py.waitForFinished(20000));
        QCOMPARE(py.exitCode(), 0);

        Run login = cli(QStringList{QStringLiteral("remote"), QStringLiteral("login"), QStringLiteral("--username"),
                                    QStringLiteral("cli")} +
                            common,
                        "cli password 1\n");
        QCOMPARE(login.code, 0);
        QVERIFY(login.out.contains("Logged in as cli"));
        QVERIFY(!login.out.contains("eyJ"));
        QVERIFY(QFile::exists(tokenFile));
        QCOMPARE(QFile::permissions(tokenFile) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray access =
            QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("access_token")).toString().toUtf8();
        f.close();
        QVERIFY(access.startsWith("eyJ"));

        Run who = cli(QStringList{QStringLiteral("remote"), QStringLiteral("whoami")} + common);
        QCOMPARE(who.code, 0);
        QCOMPARE(QJsonDocument::fromJson(who.out).object().value(QStringLiteral("username")).toString(),
                 QStringLiteral("cli"));

        Run get =
            cli(QStringList{QStringLiteral("remote"), QStringLiteral("get"), QStringLiteral("/tasks?page=1")} + common);
        QCOMPARE(get.code, 0);
        QCOMPARE(QJsonDocument::fromJson(get.out).object().value(QStringLiteral("total")).toInt(), 0);

        Run out =
            cli(QStringList{QStringLiteral("remote"), QStringLiteral("logout"), QStringLiteral("--json")} + common);
        QCOMPARE(out.code, 0);
        QVERIFY(!QFile::exists(tokenFile));

        // The old token, put back by hand, is deny-listed on the server.
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(access)}}).toJson());
        f.close();
        Run after =
            cli(QStringList{QStringLiteral("remote"), QStringLiteral("whoami"), QStringLiteral("--json")} + common);
        QCOMPARE(after.code, 1);
        QCOMPARE(QJsonDocument::fromJson(after.out)
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("http.401.invalid"));
    }

    void refreshedTokensAreWrittenBack()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"), {}, {QStringLiteral("GATEHOUSE_ACCESS_TTL=2")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        const QString url = server.url().toString();
        QVERIFY(gatehouse::test::registerOverRest(url, QStringLiteral("ann"), QStringLiteral("ann password 1")));
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(QStringLiteral("session.json"));
        const QStringList common{QStringLiteral("--url"), url, QStringLiteral("--token-file"), tokenFile};
        Run login = cli(QStringList{QStringLiteral("remote"), QStringLiteral("login"), QStringLiteral("--username"),
                                    QStringLiteral("ann"), QStringLiteral("--json")} +
                            common,
                        "ann password 1\n");
        QCOMPARE(login.code, 0);
        QCOMPARE(QJsonDocument::fromJson(login.out).object().value(QStringLiteral("kept_in")).toString(),
                 QStringLiteral("file"));
        const QJsonObject first = readJson(tokenFile);
        QCOMPARE(first.value(QStringLiteral("username")).toString(), QStringLiteral("ann"));
        QCOMPARE(first.value(QStringLiteral("origin")).toString(), url.chopped(url.endsWith(QLatin1Char('/')) ? 1 : 0));
        const QString firstAccess = first.value(QStringLiteral("access_token")).toString();
        QVERIFY(firstAccess.startsWith(QStringLiteral("eyJ")));

        // The access token expires; the next command refreshes it and writes the new one back.
        QTest::qWait(3200);
        Run who = cli(QStringList{QStringLiteral("remote"), QStringLiteral("whoami")} + common);
        QVERIFY2(who.code == 0, who.err.constData());
        QCOMPARE(QJsonDocument::fromJson(who.out).object().value(QStringLiteral("username")).toString(),
                 QStringLiteral("ann"));
        const QJsonObject second = readJson(tokenFile);
        const QString secondAccess = second.value(QStringLiteral("access_token")).toString();
        QVERIFY(secondAccess.startsWith(QStringLiteral("eyJ")));
        QVERIFY(secondAccess != firstAccess);
        QCOMPARE(second.value(QStringLiteral("refresh_token")), first.value(QStringLiteral("refresh_token")));
        QCOMPARE(QFile::permissions(tokenFile) & ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                   QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::Permissions());
        // Written atomically: no temporary file left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("session.json")});
        // The --remote task commands take the same path.
        QTest::qWait(3200);
        Run tasks = cli({QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--remote"),
                         QStringLiteral("Gatehouse REST"), QStringLiteral("--url"), url, QStringLiteral("--token-file"),
                         tokenFile, QStringLiteral("--json")});
        QVERIFY2(tasks.code == 0, tasks.out.constData());
        QVERIFY(readJson(tokenFile).value(QStringLiteral("access_token")).toString() != secondAccess);

        // The file is for this origin only: its tokens are not sent to another one.
        QString other = url;
        other.replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"));
        Run elsewhere = cli({QStringLiteral("remote"), QStringLiteral("whoami"), QStringLiteral("--url"), other,
                             QStringLiteral("--token-file"), tokenFile, QStringLiteral("--json")});
        QCOMPARE(elsewhere.code, 3);
        QCOMPARE(QJsonDocument::fromJson(elsewhere.out)
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("cli.token_file.origin"));
        QVERIFY(QFile::exists(tokenFile));

        Run out = cli(QStringList{QStringLiteral("remote"), QStringLiteral("logout")} + common);
        QCOMPARE(out.code, 0);
        QVERIFY(!QFile::exists(tokenFile));
    }
};

QTEST_GUILESS_MAIN(TestCliRemote)
#include "tst_cli_remote.moc"
