// gatehouse-cli's remote session in the OS keychain, against the reference server and a real
// gnome-keyring in a D-Bus session of the test's own (CTest runs this under dbus-run-session and
// tests/core/vault/with-keyring.sh, with HOME and the XDG folders in a temporary directory; never the
// person's keyring). Every command is a separate gatehouse-cli process: login keeps the session in the
// keychain entry the desktop app uses (and no file holds the token), whoami/get/--remote task commands
// in later processes restore it, the app's own RemoteBackend restores it too, --username picks whose,
// logout removes the entry, and a locked keychain is named as such without hanging.
#include "CliProcess.h"
#include "TestServer.h"

#include "backend/RemoteBackend.h"
#include "net/HttpTypes.h"
#include "vault/TokenVault.h"
#include "vault/VaultCredentialStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace gatehouse::core;

namespace {

using gatehouse::test::registerOverRest;
using gatehouse::test::runCli;
using Run = gatehouse::test::CliRun;

// Files under the test's HOME, XDG and temporary folders that contain `needle`.
int filesContaining(const QByteArray& needle, int& scanned)
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
            QFile f(it.next());
            if (!f.open(QIODevice::ReadOnly))
                continue;
            ++scanned;
            hits += f.readAll().contains(needle) ? 1 : 0;
        }
    }
    return hits;
}

template <typename T>
bool await(const QFuture<T>& f)
{
    return QTest::qWaitFor([&]() { return f.isFinished(); }, 20000);
}

} // namespace

class TestCliRemoteKeyring : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    QString m_origin;

    QStringList remote(const QString& command, const QStringList& more = {}) const
    {
        return QStringList{QStringLiteral("remote"), command, QStringLiteral("--url"), m_url,
                           QStringLiteral("--json")} +
               more;
    }
    Run login(const QString& user, const QByteArray& passwordLine) const
    {
        return runCli(remote(QStringLiteral("login"), {QStringLiteral("--username"), user}), passwordLine);
    }
    // What the desktop app opens (app/gatehouse_main.cpp's names, TokenVault's defaults).
    static std::unique_ptr<vault::TokenVault> appVault() { return std::make_unique<vault::TokenVault>(); }
    std::optional<vault::VaultCredentials> entry(const QString& user) const
    {
        auto v = appVault();
        auto f = v->load(m_origin, user);
        if (!await(f) || !f.result().ok())
            return std::nullopt;
        return f.result().value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("gatehouse-vault.")) &&
                     !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "run me through with-keyring.sh");
        QCoreApplication::setOrganizationName(QStringLiteral("Gatehouse"));
        QCoreApplication::setApplicationName(QStringLiteral("gatehouse"));
    }

    void keptInKeychainReusedAndRemoved()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        m_url = server.url().toString();
        m_origin = net::originOf(server.url());
        QVERIFY(registerOverRest(m_url, QStringLiteral("cli"), QStringLiteral("cli password 1")));
        QVERIFY(registerOverRest(m_url, QStringLiteral("ann"), QStringLiteral("ann password 2")));

        Run in = login(QStringLiteral("cli"), "cli password 1\n");
        QVERIFY2(in.code == 0, in.out.constData());
        QCOMPARE(in.json().value(QStringLiteral("kept_in")).toString(), QStringLiteral("keychain"));
        QVERIFY(!in.out.contains("eyJ") && !in.err.contains("eyJ"));

        // The entry is the app's: same service, same key, same remembered-user list.
        QCOMPARE(appVault()->rememberedUsername(m_origin), QStringLiteral("cli"));
        const auto stored = entry(QStringLiteral("cli"));
        QVERIFY(stored.has_value());
        const QByteArray token = stored->accessToken;
        QVERIFY(token.startsWith("eyJ"));
        int scanned = 0;
        QCOMPARE(filesContaining(token, scanned), 0);
        QVERIFY(scanned > 0); // the keyring's own files and vault.ini at least
        qInfo("scanned %d files: no token", scanned);

        // Later processes restore it.
        Run who = runCli(remote(QStringLiteral("whoami")));
        QVERIFY2(who.code == 0, who.err.constData());
        QCOMPARE(who.json().value(QStringLiteral("username")).toString(), QStringLiteral("cli"));
        Run get = runCli(remote(QStringLiteral("get"), {QStringLiteral("/tasks?page=1")}));
        QCOMPARE(get.code, 0);
        QCOMPARE(get.json().value(QStringLiteral("total")).toInt(-1), 0);
        Run added = runCli({QStringLiteral("task"), QStringLiteral("add"), QStringLiteral("from the keychain"),
                            QStringLiteral("--remote"), QStringLiteral("Gatehouse REST"), QStringLiteral("--url"),
                            m_url, QStringLiteral("--json")});
        QVERIFY2(added.code == 0, added.out.constData());
        QCOMPARE(added.json().value(QStringLiteral("task")).toObject().value(QStringLiteral("owner")).toString(),
                 QStringLiteral("cli"));

        // The desktop app restores the session the CLI kept.
        {
            QNetworkAccessManager nam;
            auto v = appVault();
            vault::VaultCredentialStore store(*v);
            backend::RemoteBackend app(&nam, *remote::ApiProfile::builtin(QStringLiteral("Gatehouse REST")),
                                       server.url(), SystemClock::instance(), &store);
            auto restored = app.restoreSession();
            QVERIFY(await(restored));
            QVERIFY2(restored.result().ok(),
                     qPrintable(restored.result().ok() ? QString() : restored.result().error().message));
            QCOMPARE(restored.result().value().username, QStringLiteral("cli"));
            QVERIFY(restored.result().value().remembered);
        }

        // A second account: the last login is the default, --username picks another.
        QCOMPARE(login(QStringLiteral("ann"), "ann password 2\n").code, 0);
        QCOMPARE(runCli(remote(QStringLiteral("whoami"))).json().value(QStringLiteral("username")).toString(),
                 QStringLiteral("ann"));
        QCOMPARE(runCli(remote(QStringLiteral("whoami"), {QStringLiteral("--username"), QStringLiteral("cli")}))
                     .json()
                     .value(QStringLiteral("username"))
                     .toString(),
                 QStringLiteral("cli"));
        Run annTasks = runCli({QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--remote"),
                               QStringLiteral("Gatehouse REST"), QStringLiteral("--url"), m_url,
                               QStringLiteral("--username"), QStringLiteral("ann"), QStringLiteral("--json")});
        QCOMPARE(annTasks.code, 0);
        QCOMPARE(annTasks.json().value(QStringLiteral("total")).toInt(-1), 0); // ann sees only her own

        // Logout removes the entry; the session is over for every later process.
        QCOMPARE(runCli(remote(QStringLiteral("logout"))).code, 0); // ann, the default
        QVERIFY(!entry(QStringLiteral("ann")).has_value());
        Run out = runCli(remote(QStringLiteral("logout"), {QStringLiteral("--username"), QStringLiteral("cli")}));
        QVERIFY2(out.code == 0, out.out.constData());
        QVERIFY(!entry(QStringLiteral("cli")).has_value());
        QVERIFY(appVault()->rememberedUsername(m_origin).isEmpty());
        Run after = runCli(remote(QStringLiteral("whoami")));
        QCOMPARE(after.code, 1);
        QCOMPARE(after.errorCode(), QStringLiteral("auth.required"));
        QVERIFY2(after.errorMessage().contains(QStringLiteral("No session is remembered in the keychain")),
                 qPrintable(after.errorMessage()));
        Run named = runCli(remote(QStringLiteral("whoami"), {QStringLiteral("--username"), QStringLiteral("cli")}));
        QCOMPARE(named.code, 1);
        QCOMPARE(named.errorCode(), QStringLiteral("auth.required"));
        // The token the keychain held is deny-listed on the server: logout ended it there too.
        QProcess py;
        py.start(QStringLiteral(GATEHOUSE_PYTHON),
                 {QStringLiteral("-c"),
                  QStringLiteral("import sys,urllib.request as u,urllib.error as e\n"
                                 "try:\n u.urlopen(u.Request(sys.argv[1]+'/me',headers={'Authorization':'Bearer '+"
                                 "sys.stdin.readline().strip()}))\n print(200)\n"
                                 "except e.HTTPError as x:\n print(x.code)"),
                  m_url});
        py.write(token + '\n');
        py.closeWriteChannel();
        QVERIFY(py.waitForFinished(20000));
        QCOMPARE(py.readAllStandardOutput().trimmed(), QByteArray("401"));
    }

    // Last: it locks the collection.
    void lockedKeychainIsNamed()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        m_url = server.url().toString();
        m_origin = net::originOf(server.url());
        QVERIFY(registerOverRest(m_url, QStringLiteral("gus"), QStringLiteral("gus password 1")));
        QCOMPARE(login(QStringLiteral("gus"), "gus password 1\n").code, 0);

        QProcess lock;
        lock.start(QStringLiteral("dbus-send"),
                   {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                    QStringLiteral("--dest=org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                    QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                    QStringLiteral("array:objpath:/org/freedesktop/secrets/aliases/default")});
        QVERIFY(lock.waitForFinished(5000));
        QVERIFY2(lock.exitCode() == 0, lock.readAllStandardError().constData());

        QElapsedTimer timer;
        timer.start();
        Run who = runCli(remote(QStringLiteral("whoami")));
        QCOMPARE(who.code, 6);
        QCOMPARE(who.errorCode(), QStringLiteral("vault.locked"));
        QVERIFY2(who.errorMessage().contains(QStringLiteral("keychain is locked")), qPrintable(who.errorMessage()));
        Run again = login(QStringLiteral("gus"), "gus password 1\n");
        QCOMPARE(again.code, 6);
        QCOMPARE(again.errorCode(), QStringLiteral("vault.locked"));
        QVERIFY(again.errorMessage().contains(QStringLiteral("Nothing was written to disk")));
        QVERIFY(again.errorMessage().contains(QStringLiteral("--token-file")));
        QVERIFY(timer.elapsed() < 20000);
    }
};

QTEST_GUILESS_MAIN(TestCliRemoteKeyring)
#include "tst_cli_remote_keyring.moc"
