// "Remember me" with no Secret Service on the bus (CTest runs this under dbus-run-session and
// with-keyring.sh --no-keyring): the login works and says the session lasts until Gatehouse closes, restore
// says the same, and no file in the settings, data, cache or temp folders holds the token.
#include "TestServer.h"

#include "backend/RemoteBackend.h"
#include "vault/TokenVault.h"
#include "vault/VaultCredentialStore.h"

#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;

#define AWAIT(future) QTRY_VERIFY_WITH_TIMEOUT((future).isFinished(), 20000)

class TestRemoteNoKeyring : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_nam;

    static vault::TokenVault::Options options()
    {
        vault::TokenVault::Options o;
        o.service = QStringLiteral("Gatehouse-remote-test");
        o.timeoutMs = 3000; // settingsPath: the real default under XDG_CONFIG_HOME, which the scan covers
        return o;
    }

    static int filesContaining(const QByteArray& needle, int& scanned)
    {
        QStringList folders;
        for (const char* var : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "TMPDIR"})
            if (!qEnvironmentVariableIsEmpty(var))
                folders << qEnvironmentVariable(var);
        folders << QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
                << QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                << QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                << QStandardPaths::writableLocation(QStandardPaths::TempLocation);
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

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("gatehouse-vault.")),
                 "run me through with-keyring.sh --no-keyring");
    }

    void sessionLastsUntilCloseAndNothingIsWritten()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        const remote::ApiProfile rest = *remote::ApiProfile::builtin(QStringLiteral("Gatehouse REST"));
        QByteArray access;
        {
            vault::TokenVault vault(options());
            vault::VaultCredentialStore store(vault);
            RemoteBackend backend(&m_nam, rest, server.url(), SystemClock::instance(), &store);
            auto reg = backend.registerUser(QStringLiteral("root"), QStringLiteral("root password 1"));
            AWAIT(reg);
            QVERIFY(reg.result().ok());
            auto login = backend.login(QStringLiteral("root"), QStringLiteral("root password 1"), true);
            AWAIT(login);
            QVERIFY(login.result().ok());
            const Error why = login.result().value().rememberError;
            QCOMPARE(why.code, QStringLiteral("vault.unavailable"));
            QVERIFY(why.message.contains(QLatin1String("until Gatehouse closes")));
            access = login.result().value().accessToken;
            QVERIFY(!access.isEmpty());
            auto tasks = backend.listTasks({}); // the session itself works
            AWAIT(tasks);
            QVERIFY(tasks.result().ok());
            QVERIFY(backend.rememberedUsername().isEmpty());

            // Asked for a user by name, restore says the keychain is missing rather than "nothing stored".
            vault::TokenVault vault2(options());
            vault::VaultCredentialStore store2(vault2);
            RemoteBackend later(&m_nam, rest, server.url(), SystemClock::instance(), &store2);
            later.setRememberedUsername(QStringLiteral("root"));
            auto restored = later.restoreSession();
            AWAIT(restored);
            QCOMPARE(restored.result().ok() ? QString() : restored.result().error().code,
                     QStringLiteral("vault.unavailable"));
        }
        int scanned = 0;
        QCOMPARE(filesContaining(access, scanned), 0);
        qInfo("scanned %d files: no token", scanned);
    }
};

QTEST_GUILESS_MAIN(TestRemoteNoKeyring)
#include "tst_remote_nokeyring.moc"
