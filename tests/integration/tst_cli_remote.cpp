// gatehouse-cli remote login/whoami/get/logout against the reference server: nothing secret printed,
// an owner-only token file, the deny-listed token refused after logout and the file gone.
#include "TestServer.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCliRemote : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    Run cli(const QStringList& args, const QByteArray& stdinData = {})
    {
        QProcess p;
        p.start(QStringLiteral(GATEHOUSE_CLI_PATH), args);
        p.write(stdinData);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.code = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
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
};

QTEST_GUILESS_MAIN(TestCliRemote)
#include "tst_cli_remote.moc"
