// Integration: the token vault against a real gnome-keyring in a D-Bus session of its own (see
// with-keyring.sh, which CTest runs under dbus-run-session). Never touches the person's keyring.
#include "VaultTestSupport.h"

#include "vault/KeychainSigningKeyStore.h"
#include "vault/TokenVault.h"

#include <QCoreApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace gatehouse::core;
using namespace gatehouse::core::vault;

namespace {

const QString kOrigin = QStringLiteral("https://api.example.test:8443");
const int kTimeoutMs = 4000;

TokenVault::Options options(const QString& settingsPath)
{
    TokenVault::Options o;
    o.service = QStringLiteral("Gatehouse-test");
    o.timeoutMs = kTimeoutMs;
    o.settingsPath = settingsPath;
    return o;
}

// The "client restarted" half: a second process loads the entry and prints the SHA-256 of each secret
// (never the secret itself), or the error code, on stdout.
int childLoad(const QString& settingsPath, const QString& username)
{
    TokenVault vault(options(settingsPath));
    QFuture<Result<std::optional<VaultCredentials>>> f = vault.load(kOrigin, username);
    f.waitForFinished(); // a plain worker-thread wait in a helper process with no GUI
    const auto r = f.result();
    if (!r) {
        std::printf("error %s\n", qPrintable(r.error().code));
        return 0;
    }
    if (!r.value()) {
        std::printf("empty\n");
        return 0;
    }
    VaultCredentials c = *r.value();
    std::printf("found %s %s %s remembered=%s\n", vaulttest::fingerprint(c.accessToken).constData(),
                vaulttest::fingerprint(c.refreshToken).constData(), vaulttest::fingerprint(c.sessionCookie).constData(),
                qPrintable(vault.rememberedUsername(kOrigin)));
    c.wipe();
    return 0;
}

} // namespace

class TestVaultKeyring : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString settingsPath() const { return m_dir.filePath(QStringLiteral("vault.ini")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through with-keyring.sh");
    }

    void nothingStoredIsEmptyNotError()
    {
        TokenVault vault(options(settingsPath()));
        auto f = vault.load(kOrigin, QStringLiteral("nobody"));
        QVERIFY(vaulttest::waitFor(f, kTimeoutMs + 1000));
        const auto r = f.result();
        QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().code + QLatin1Char(' ') + r.error().where));
        QVERIFY(!r.value().has_value());
        QVERIFY(vault.rememberedUsername(kOrigin).isEmpty());
    }

    void storeThenRestoreInFreshVaultAndProcess()
    {
        VaultCredentials creds = vaulttest::randomCredentials();
        const QString user = QStringLiteral("alice@example");
        {
            TokenVault vault(options(settingsPath()));
            auto stored = vault.store(kOrigin, user, creds);
            QVERIFY(vaulttest::waitFor(stored, kTimeoutMs + 1000));
            QVERIFY2(stored.result().ok(), qPrintable(stored.result() ? QString() : stored.result().error().where));
            QCOMPARE(vault.rememberedUsername(kOrigin), user);
        }
        // A fresh vault: nothing cached anywhere, the keychain answers.
        {
            TokenVault vault(options(settingsPath()));
            QCOMPARE(vault.rememberedUsername(kOrigin), user);
            auto loaded = vault.load(kOrigin, user);
            QVERIFY(vaulttest::waitFor(loaded, kTimeoutMs + 1000));
            auto r = loaded.result();
            QVERIFY(r.ok());
            QVERIFY(r.value().has_value());
            VaultCredentials back = *r.value();
            qInfo("restored access %d, refresh %d, cookie %d bytes", int(back.accessToken.size()),
                  int(back.refreshToken.size()), int(back.sessionCookie.size()));
            QVERIFY(back.accessToken == creds.accessToken);
            QVERIFY(back.refreshToken == creds.refreshToken);
            QVERIFY(back.sessionCookie == creds.sessionCookie);
            back.wipe();
        }
        // A second process: the client restarted.
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child-load"), settingsPath(), user});
        QVERIFY(child.waitForFinished(15000));
        QCOMPARE(child.exitCode(), 0);
        const QByteArray expected = "found " + vaulttest::fingerprint(creds.accessToken) + ' ' +
                                    vaulttest::fingerprint(creds.refreshToken) + ' ' +
                                    vaulttest::fingerprint(creds.sessionCookie) + " remembered=" + user.toUtf8();
        QCOMPARE(child.readAllStandardOutput().trimmed(), expected);
        creds.wipe();
    }

    void usersAndOriginsAreSeparateEntries()
    {
        TokenVault vault(options(settingsPath()));
        VaultCredentials a = vaulttest::randomCredentials();
        VaultCredentials b = vaulttest::randomCredentials();
        auto s1 = vault.store(kOrigin, QStringLiteral("bob"), a);
        auto s2 = vault.store(QStringLiteral("http://127.0.0.1:5000"), QStringLiteral("bob"), b);
        QVERIFY(vaulttest::waitFor(s1, kTimeoutMs + 1000) && vaulttest::waitFor(s2, kTimeoutMs + 1000));
        QVERIFY(s1.result().ok() && s2.result().ok());
        auto l1 = vault.load(kOrigin, QStringLiteral("bob"));
        auto l2 = vault.load(QStringLiteral("http://127.0.0.1:5000"), QStringLiteral("bob"));
        QVERIFY(vaulttest::waitFor(l1, kTimeoutMs + 1000) && vaulttest::waitFor(l2, kTimeoutMs + 1000));
        QVERIFY(l1.result().ok() && l1.result().value().has_value());
        QVERIFY(l2.result().ok() && l2.result().value().has_value());
        QVERIFY(l1.result().value()->accessToken == a.accessToken);
        QVERIFY(l2.result().value()->accessToken == b.accessToken);
        a.wipe();
        b.wipe();
    }

    void deleteAtLogout()
    {
        const QString user = QStringLiteral("carol");
        TokenVault vault(options(settingsPath()));
        VaultCredentials creds = vaulttest::randomCredentials();
        auto stored = vault.store(kOrigin, user, creds);
        QVERIFY(vaulttest::waitFor(stored, kTimeoutMs + 1000));
        QVERIFY(stored.result().ok());
        QCOMPARE(vault.rememberedUsername(kOrigin), user);

        auto removed = vault.remove(kOrigin, user);
        QVERIFY(vaulttest::waitFor(removed, kTimeoutMs + 1000));
        QVERIFY(removed.result().ok());
        QVERIFY(vault.rememberedUsername(kOrigin).isEmpty());

        TokenVault fresh(options(settingsPath()));
        auto loaded = fresh.load(kOrigin, user);
        QVERIFY(vaulttest::waitFor(loaded, kTimeoutMs + 1000));
        QVERIFY(loaded.result().ok());
        QVERIFY(!loaded.result().value().has_value());
        // Logging out twice is not an error.
        auto again = fresh.remove(kOrigin, user);
        QVERIFY(vaulttest::waitFor(again, kTimeoutMs + 1000));
        QVERIFY(again.result().ok());
        creds.wipe();
    }

    void signingKeyPersistsAcrossStores()
    {
        const QString dbId = QStringLiteral("db-0f3c");
        QByteArray first;
        {
            TokenVault vault(options(settingsPath()));
            KeychainSigningKeyStore keys(vault);
            auto pre = keys.preload(dbId);
            QVERIFY(vaulttest::waitFor(pre, kTimeoutMs + 1000));
            QVERIFY2(pre.result().ok(), qPrintable(pre.result() ? QString() : pre.result().error().code));
            QVERIFY(keys.persistent(dbId));
            auto k = keys.loadOrCreate(dbId);
            QVERIFY(k.ok());
            QCOMPARE(k.value().size(), 32);
            first = k.value();
        }
        {
            TokenVault vault(options(settingsPath()));
            KeychainSigningKeyStore keys(vault);
            auto pre = keys.preload(dbId);
            QVERIFY(vaulttest::waitFor(pre, kTimeoutMs + 1000));
            QVERIFY(pre.result().ok());
            auto k = keys.loadOrCreate(dbId);
            QVERIFY(k.ok());
            QVERIFY(k.value() == first);
            auto removed = keys.removeAsync(dbId);
            QVERIFY(vaulttest::waitFor(removed, kTimeoutMs + 1000));
            QVERIFY(removed.result().ok());
            QVERIFY(!keys.persistent(dbId));
        }
        {
            TokenVault vault(options(settingsPath()));
            auto read = vault.readSecret(KeychainSigningKeyStore::entryName(dbId));
            QVERIFY(vaulttest::waitFor(read, kTimeoutMs + 1000));
            QVERIFY(read.result().ok());
            QVERIFY(!read.result().value().has_value());
        }
    }

    // Last: it leaves the collection locked.
    void lockedCollectionSaysLockedWithoutHanging()
    {
        const QString user = QStringLiteral("dave");
        TokenVault vault(options(settingsPath()));
        VaultCredentials creds = vaulttest::randomCredentials();
        auto stored = vault.store(kOrigin, user, creds);
        QVERIFY(vaulttest::waitFor(stored, kTimeoutMs + 1000));
        QVERIFY(stored.result().ok());

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
        auto loaded = vault.load(kOrigin, user);
        QVERIFY(vaulttest::waitFor(loaded, kTimeoutMs + 2000));
        qInfo("locked load answered in %lld ms", timer.elapsed());
        auto r = loaded.result();
        QVERIFY2(!r.ok(), "a locked keychain must not read as 'nothing stored'");
        qInfo("locked load: %s (%s)", qPrintable(r.error().code), qPrintable(r.error().where));
        QCOMPARE(r.error().code, VaultError::Locked);

        timer.restart();
        auto storedLocked = vault.store(kOrigin, user, creds);
        QVERIFY(vaulttest::waitFor(storedLocked, kTimeoutMs + 2000));
        qInfo("locked store: %s (%s) in %lld ms",
              qPrintable(storedLocked.result() ? QStringLiteral("ok") : storedLocked.result().error().code),
              qPrintable(storedLocked.result() ? QString() : storedLocked.result().error().where), timer.elapsed());
        QVERIFY(!storedLocked.result().ok());
        QCOMPARE(storedLocked.result().error().code, VaultError::Locked);

        // Logging out while locked must not pass for a deleted entry.
        auto removed = vault.remove(kOrigin, user);
        QVERIFY(vaulttest::waitFor(removed, kTimeoutMs + 2000));
        QVERIFY(!removed.result().ok());
        QCOMPARE(removed.result().error().code, VaultError::Locked);
        creds.wipe();
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--child-load") == 0)
        return childLoad(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    TestVaultKeyring test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_vault_keyring.moc"
