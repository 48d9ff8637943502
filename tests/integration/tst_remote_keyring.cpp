// "Remember me" end to end: RemoteBackend + VaultCredentialStore + TokenVault against the reference
// server and a real gnome-keyring in a D-Bus session of the test's own (CTest runs this under
// dbus-run-session and tests/core/vault/with-keyring.sh; never the person's keyring). Every "restart" is a
// new vault, store and backend, as after the app closed.
#include "TestServer.h"

#include "backend/RemoteBackend.h"
#include "vault/TokenVault.h"
#include "vault/VaultCredentialStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;

#define AWAIT(future) QTRY_VERIFY_WITH_TIMEOUT((future).isFinished(), 20000)

namespace {

template <typename T>
QString codeOf(const Result<T>& r)
{
    return r.ok() ? QStringLiteral("ok") : r.error().code + QLatin1Char(' ') + r.error().message;
}

// One run of the app: a vault over the keychain, its store, and the backend for one server.
struct App
{
    std::unique_ptr<vault::TokenVault> vault;
    std::unique_ptr<vault::VaultCredentialStore> store;
    std::unique_ptr<RemoteBackend> backend;

    App(QNetworkAccessManager* nam, const QUrl& url, const QString& settingsPath)
    {
        vault::TokenVault::Options o;
        o.service = QStringLiteral("Gatehouse-remote-test");
        o.timeoutMs = 4000;
        o.settingsPath = settingsPath;
        vault = std::make_unique<vault::TokenVault>(o);
        store = std::make_unique<vault::VaultCredentialStore>(*vault);
        backend = std::make_unique<RemoteBackend>(nam, *remote::ApiProfile::builtin(QStringLiteral("Gatehouse REST")),
                                                  url, SystemClock::instance(), store.get());
    }
    ~App()
    {
        backend.reset(); // before the store it uses
        store.reset();
    }
    int count(const QString& path) const
    {
        int n = 0;
        for (const auto& e : backend->httpClient().trafficLog().entries())
            n += e.url.path() == path ? 1 : 0;
        return n;
    }
};

} // namespace

class TestRemoteKeyring : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
    QString settings() const { return m_dir.filePath(QStringLiteral("vault.ini")); }

    bool registerAccount(TestServer& server, const QString& user, const QString& password)
    {
        App app(&m_nam, server.url(), settings());
        auto reg = app.backend->registerUser(user, password);
        if (!QTest::qWaitFor([&]() { return reg.isFinished(); }, 20000))
            return false;
        return reg.result().ok();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through with-keyring.sh");
    }

    void rememberRestoreAfterRestartThenLogout()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerAccount(server, QStringLiteral("root"), QStringLiteral("root password 1")));
        QByteArray token;
        {
            App app(&m_nam, server.url(), settings());
            auto login = app.backend->login(QStringLiteral("root"), QStringLiteral("root password 1"), true);
            AWAIT(login);
            QVERIFY2(login.result().ok(), qPrintable(codeOf(login.result())));
            QVERIFY2(login.result().value().rememberError.code.isEmpty(),
                     qPrintable(login.result().value().rememberError.code));
            token = login.result().value().accessToken;
            QVERIFY(!token.isEmpty());
        }
        // The token is in the keychain, not in any file of ours.
        QDirIterator it(m_dir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(token), "a remembered token was found in a file");
        }
        {
            App app(&m_nam, server.url(), settings());
            QCOMPARE(app.backend->rememberedUsername(), QStringLiteral("root"));
            auto restored = app.backend->restoreSession();
            AWAIT(restored);
            QVERIFY2(restored.result().ok(), qPrintable(codeOf(restored.result())));
            const SessionInfo info = restored.result().value();
            QVERIFY(info.isValid() && info.remembered);
            QCOMPARE(info.username, QStringLiteral("root"));
            QVERIFY(info.can(QStringLiteral("user.manage")));
            QCOMPARE(app.count(QStringLiteral("/refresh")), 0);
            auto tasks = app.backend->listTasks({});
            AWAIT(tasks);
            QVERIFY2(tasks.result().ok(), qPrintable(codeOf(tasks.result())));
            auto out = app.backend->logout();
            AWAIT(out);
            QVERIFY2(out.result().ok(), qPrintable(codeOf(out.result())));
        }
        {
            App app(&m_nam, server.url(), settings());
            QVERIFY(app.backend->rememberedUsername().isEmpty());
            app.backend->setRememberedUsername(QStringLiteral("root")); // even asked by name: nothing there
            auto restored = app.backend->restoreSession();
            AWAIT(restored);
            QVERIFY2(restored.result().ok(), qPrintable(codeOf(restored.result())));
            QVERIFY(!restored.result().value().isValid());
        }
    }

    void expiredAccessTokenIsRefreshedAtRestore()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"), {}, {QStringLiteral("GATEHOUSE_ACCESS_TTL=2")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerAccount(server, QStringLiteral("eve"), QStringLiteral("eve password 1")));
        qint64 exp = 0;
        {
            App app(&m_nam, server.url(), settings());
            auto login = app.backend->login(QStringLiteral("eve"), QStringLiteral("eve password 1"), true);
            AWAIT(login);
            QVERIFY2(login.result().ok() && login.result().value().rememberError.code.isEmpty(),
                     qPrintable(codeOf(login.result())));
            exp = login.result().value().expiresAt;
        }
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > exp + 1, 6000);
        App app(&m_nam, server.url(), settings());
        auto restored = app.backend->restoreSession();
        AWAIT(restored);
        QVERIFY2(restored.result().ok(), qPrintable(codeOf(restored.result())));
        QVERIFY(restored.result().value().remembered);
        QVERIFY(restored.result().value().expiresAt > exp);
        QVERIFY(app.count(QStringLiteral("/refresh")) >= 1);
        auto out = app.backend->logout();
        AWAIT(out);
        QVERIFY(out.result().ok());
    }

    void revokedSessionMeansExpiredAndForgotten()
    {
        // The server deny-listed the stored tokens (a logout elsewhere): "log in again", entry removed.
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerAccount(server, QStringLiteral("fay"), QStringLiteral("fay password 1")));
        App app(&m_nam, server.url(), settings());
        auto login = app.backend->login(QStringLiteral("fay"), QStringLiteral("fay password 1"), true);
        AWAIT(login);
        QVERIFY(login.result().ok() && login.result().value().rememberError.code.isEmpty());
        const QString origin = app.backend->remoteSession().origin();
        // Keep a copy of the entry (as a second machine's keychain would), log out, put the copy back.
        auto copy = app.vault->load(origin, QStringLiteral("fay"));
        AWAIT(copy);
        QVERIFY(copy.result().ok() && copy.result().value().has_value());
        vault::VaultCredentials creds = *copy.result().value();
        auto out = app.backend->logout();
        AWAIT(out);
        QVERIFY(out.result().ok());
        auto back = app.vault->store(origin, QStringLiteral("fay"), creds);
        creds.wipe();
        AWAIT(back);
        QVERIFY(back.result().ok());

        App later(&m_nam, server.url(), settings());
        QSignalSpy ended(later.backend.get(), &RemoteBackend::sessionEnded);
        QCOMPARE(later.backend->rememberedUsername(), QStringLiteral("fay"));
        auto restored = later.backend->restoreSession();
        AWAIT(restored);
        QCOMPARE(restored.result().ok() ? QString() : restored.result().error().code, QStringLiteral("auth.expired"));
        QCOMPARE(ended.count(), 0);
        QVERIFY(!later.backend->session().isValid());
        QTRY_VERIFY_WITH_TIMEOUT(
            [&]() {
                auto f = later.vault->load(origin, QStringLiteral("fay"));
                f.waitForFinished();
                return f.result().ok() && !f.result().value().has_value();
            }(),
            6000);
    }

    // Last: it locks the collection.
    void lockedKeychainSaysLockedWithoutHanging()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerAccount(server, QStringLiteral("gus"), QStringLiteral("gus password 1")));
        App app(&m_nam, server.url(), settings());
        auto login = app.backend->login(QStringLiteral("gus"), QStringLiteral("gus password 1"), true);
        AWAIT(login);
        QVERIFY(login.result().ok() && login.result().value().rememberError.code.isEmpty());

        QProcess lock;
        lock.start(QStringLiteral("dbus-send"),
                   {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                    QStringLiteral("--dest=org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                    QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                    QStringLiteral("array:objpath:/org/freedesktop/secrets/aliases/default")});
        QVERIFY(lock.waitForFinished(5000));
        QVERIFY2(lock.exitCode() == 0, lock.readAllStandardError().constData());

        App later(&m_nam, server.url(), settings());
        QElapsedTimer timer;
        timer.start();
        auto restored = later.backend->restoreSession();
        AWAIT(restored);
        QCOMPARE(restored.result().ok() ? QString() : restored.result().error().code, QStringLiteral("vault.locked"));
        QVERIFY(timer.elapsed() < 10000);

        auto again = later.backend->login(QStringLiteral("gus"), QStringLiteral("gus password 1"), true);
        AWAIT(again);
        QVERIFY(again.result().ok());
        QCOMPARE(again.result().value().rememberError.code, QStringLiteral("vault.locked"));

        auto out = later.backend->logout();
        AWAIT(out);
        QCOMPARE(out.result().ok() ? QString() : out.result().error().code, QStringLiteral("vault.locked"));
        QVERIFY(!later.backend->session().isValid());
    }
};

QTEST_GUILESS_MAIN(TestRemoteKeyring)
#include "tst_remote_keyring.moc"
