// Integration: a D-Bus session with no Secret Service on it (with-keyring.sh --no-keyring). The vault must
// say "unavailable" in words a person can act on, and no file in the test's HOME, config, data, cache or
// temp folders may contain the token afterwards: there is no plaintext fallback.
#include "VaultTestSupport.h"

#include "vault/KeychainSigningKeyStore.h"
#include "vault/TokenVault.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::vault;

namespace {
const QString kOrigin = QStringLiteral("https://api.example.test");
const int kTimeoutMs = 4000;
} // namespace

class TestVaultNoKeyring : public QObject
{
    Q_OBJECT

private:
    VaultCredentials m_creds = vaulttest::randomCredentials();

    static TokenVault::Options options()
    {
        TokenVault::Options o;
        o.service = QStringLiteral("Gatehouse-test");
        o.timeoutMs = kTimeoutMs;
        // settingsPath left empty: the real default under XDG_CONFIG_HOME, which the scan below covers.
        return o;
    }

    QStringList scannedFolders() const
    {
        QStringList folders;
        for (const char* var :
             {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"})
            if (!qEnvironmentVariableIsEmpty(var))
                folders << qEnvironmentVariable(var);
        folders << QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
                << QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                << QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                << QStandardPaths::writableLocation(QStandardPaths::TempLocation);
        folders.removeDuplicates();
        return folders;
    }

    // Files under the scanned folders containing any of `needles`; prints only counts.
    QStringList findInFiles(const QList<QByteArray>& needles) const
    {
        QStringList hits;
        int files = 0;
        const QStringList folders = scannedFolders();
        for (const QString& folder : folders) {
            QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray content = file.readAll();
                ++files;
                for (const QByteArray& needle : needles)
                    if (content.contains(needle)) {
                        hits << path;
                        break;
                    }
            }
        }
        qInfo("scanned %d files in %d folders for %d encodings: %d hits", files, int(folders.size()),
              int(needles.size()), int(hits.size()));
        return hits;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run me through with-keyring.sh");
        QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("gatehouse-vault.")),
                 "HOME must be the script's temporary folder");
    }

    void storeSaysUnavailable()
    {
        TokenVault vault(options());
        QElapsedTimer timer;
        timer.start();
        auto stored = vault.store(kOrigin, QStringLiteral("alice"), m_creds);
        QVERIFY(vaulttest::waitFor(stored, kTimeoutMs + 2000));
        const Status s = stored.result();
        QVERIFY(!s.ok());
        qInfo("store without a keychain: %s (%s) in %lld ms", qPrintable(s.error().code), qPrintable(s.error().where),
              timer.elapsed());
        QCOMPARE(s.error().code, VaultError::Unavailable);
        QVERIFY(s.error().message.contains(QLatin1String("until Gatehouse closes")));
        QVERIFY(vault.rememberedUsername(kOrigin).isEmpty());
    }

    void loadAndRemoveSayUnavailable()
    {
        TokenVault vault(options());
        auto loaded = vault.load(kOrigin, QStringLiteral("alice"));
        QVERIFY(vaulttest::waitFor(loaded, kTimeoutMs + 2000));
        QVERIFY(!loaded.result().ok());
        QCOMPARE(loaded.result().error().code, VaultError::Unavailable);
        auto removed = vault.remove(kOrigin, QStringLiteral("alice"));
        QVERIFY(vaulttest::waitFor(removed, kTimeoutMs + 2000));
        QVERIFY(!removed.result().ok());
        QCOMPARE(removed.result().error().code, VaultError::Unavailable);
    }

    void signingKeyLivesInMemoryOnly()
    {
        TokenVault vault(options());
        {
            KeychainSigningKeyStore keys(vault);
            auto pre = keys.preload(QStringLiteral("db-1"));
            QVERIFY(vaulttest::waitFor(pre, kTimeoutMs + 2000));
            QVERIFY(pre.result().ok());
            QVERIFY(!keys.persistent(QStringLiteral("db-1")));
            auto key = keys.loadOrCreate(QStringLiteral("db-1"));
            QVERIFY(key.ok());
            QCOMPARE(key.value().size(), 32);
        }
        {
            KeychainSigningKeyStore strict(vault, false);
            auto pre = strict.preload(QStringLiteral("db-1"));
            QVERIFY(vaulttest::waitFor(pre, kTimeoutMs + 2000));
            QVERIFY(!pre.result().ok());
            QCOMPARE(pre.result().error().code, QStringLiteral("keystore.unavailable"));
        }
    }

    void noFileContainsTheToken()
    {
        const QList<QByteArray> needles = {
            m_creds.accessToken,
            m_creds.refreshToken,
            m_creds.sessionCookie,
            m_creds.accessToken.toBase64(),
            m_creds.refreshToken.toBase64(),
            m_creds.sessionCookie.toBase64(),
            m_creds.accessToken.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
            m_creds.refreshToken.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
            // the random tail alone, in case something re-encoded the header part
            m_creds.accessToken.right(40),
            m_creds.refreshToken.right(40),
        };
        // The scanner must be able to fail: a canary file with a token-like value is found.
        const QByteArray canary = vaulttest::randomCredentials().accessToken;
        const QString canaryPath = qEnvironmentVariable("XDG_CACHE_HOME") + QStringLiteral("/canary/leak.ini");
        QVERIFY(QDir().mkpath(QFileInfo(canaryPath).path()));
        {
            QFile f(canaryPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("[x]\nv=" + canary.toBase64() + "\n");
        }
        QVERIFY(!findInFiles({canary.toBase64()}).isEmpty());
        QVERIFY(QFile::remove(canaryPath));

        const QStringList hits = findInFiles(needles);
        QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("a token is in ") + hits.join(QStringLiteral(", "))));
    }

    void cleanupTestCase() { m_creds.wipe(); }
};

QTEST_GUILESS_MAIN(TestVaultNoKeyring)
#include "tst_vault_nokeyring.moc"
