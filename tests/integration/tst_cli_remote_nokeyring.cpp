// gatehouse-cli with no keychain: a D-Bus session with no Secret Service on it (CTest runs this under
// dbus-run-session and tests/core/vault/with-keyring.sh --no-keyring; HOME and the XDG folders in a
// temporary directory). "remote login" without --token-file refuses in plain words and exits non-zero,
// and no file in the home, settings, data, cache, runtime or temp folders holds a token; --token-file is
// the explicit way out.
#include "CliProcess.h"
#include "TestServer.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

// Every token the reference server issues starts with this header ({"alg":"HS256","typ":"JWT"}, PyJWT's
// order), so a scan for it finds any of them without the test ever seeing the token.
const QByteArray kTokenHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

using gatehouse::test::registerOverRest;
using gatehouse::test::runCli;
using Run = gatehouse::test::CliRun;

// Files under the test's HOME, XDG and temporary folders containing `needle`, except `skip`.
int filesContaining(const QByteArray& needle, int& scanned, const QString& skip = {})
{
    QStringList folders;
    for (const char* var : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"})
        if (!qEnvironmentVariableIsEmpty(var))
            folders << qEnvironmentVariable(var);
    folders.removeDuplicates();
    int hits = 0;
    for (const QString& folder : folders) {
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (path == skip || !f.open(QIODevice::ReadOnly))
                continue;
            ++scanned;
            hits += f.readAll().contains(needle) ? 1 : 0;
        }
    }
    return hits;
}

} // namespace

class TestCliRemoteNoKeyring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("gatehouse-vault.")),
                 "run me through with-keyring.sh --no-keyring");
    }

    void loginRefusesAndWritesNothing()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        const QString url = server.url().toString();
        QVERIFY(registerOverRest(url, QStringLiteral("cli"), QStringLiteral("cli password 1")));

        const QStringList login{QStringLiteral("remote"),     QStringLiteral("login"), QStringLiteral("--url"), url,
                                QStringLiteral("--username"), QStringLiteral("cli")};
        Run plain = runCli(login, "cli password 1\n");
        QCOMPARE(plain.code, 6);
        QVERIFY2(plain.err.contains("No keychain service is available"), plain.err.constData());
        QVERIFY(plain.err.contains("Nothing was written to disk"));
        QVERIFY(plain.err.contains("--token-file"));
        QVERIFY(plain.err.contains("[vault.unavailable]"));
        QVERIFY(!plain.out.contains("Logged in"));
        Run json = runCli(login + QStringList{QStringLiteral("--json")}, "cli password 1\n");
        QCOMPARE(json.code, 6);
        QCOMPARE(json.error().value(QStringLiteral("code")).toString(), QStringLiteral("vault.unavailable"));
        QVERIFY(!json.out.contains(kTokenHeader) && !json.err.contains(kTokenHeader));

        int scanned = 0;
        QCOMPARE(filesContaining(kTokenHeader, scanned), 0);
        QVERIFY(scanned > 0); // at least the reference server's database under TMPDIR
        qInfo("scanned %d files: no token", scanned);

        // Nothing kept, so nothing to reuse; asked by name, the keychain's state is named.
        Run who = runCli({QStringLiteral("remote"), QStringLiteral("whoami"), QStringLiteral("--url"), url});
        QCOMPARE(who.code, 1);
        QVERIFY(who.err.contains("[auth.required]"));
        Run named = runCli({QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--remote"),
                            QStringLiteral("Gatehouse REST"), QStringLiteral("--url"), url,
                            QStringLiteral("--username"), QStringLiteral("cli"), QStringLiteral("--json")});
        QCOMPARE(named.code, 6);
        QCOMPARE(named.error().value(QStringLiteral("code")).toString(), QStringLiteral("vault.unavailable"));

        // The explicit opt-in works here, and its file is the only place the token is.
        const QString tokenFile = QDir(qEnvironmentVariable("HOME")).filePath(QStringLiteral("gh-session.json"));
        Run withFile = runCli(login + QStringList{QStringLiteral("--token-file"), tokenFile}, "cli password 1\n");
        QVERIFY2(withFile.code == 0, withFile.err.constData());
        QCOMPARE(QFile::permissions(tokenFile) & (QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                  QFileDevice::ReadOther | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        scanned = 0;
        QCOMPARE(filesContaining(kTokenHeader, scanned), 1); // the scan does find a token where there is one
        QCOMPARE(filesContaining(kTokenHeader, scanned, tokenFile), 0);
        Run whoFile = runCli({QStringLiteral("remote"), QStringLiteral("whoami"), QStringLiteral("--url"), url,
                              QStringLiteral("--token-file"), tokenFile});
        QCOMPARE(whoFile.code, 0);
        QCOMPARE(runCli({QStringLiteral("remote"), QStringLiteral("logout"), QStringLiteral("--url"), url,
                         QStringLiteral("--token-file"), tokenFile})
                     .code,
                 0);
        QVERIFY(!QFile::exists(tokenFile));
        scanned = 0;
        QCOMPARE(filesContaining(kTokenHeader, scanned), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliRemoteNoKeyring)
#include "tst_cli_remote_nokeyring.moc"
