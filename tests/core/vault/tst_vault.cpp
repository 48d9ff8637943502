// Unit tests for the token vault over a fake keychain (KeychainBackend seam): error mapping, "nothing
// stored" as a success, timeouts on a hung keychain, late answers, shutdown, and the signing key store.
#include "VaultTestSupport.h"

#include "vault/KeychainErrorMapper.h"
#include "vault/KeychainSigningKeyStore.h"
#include "vault/TokenVault.h"
#include "vault/VaultCredentialStore.h"

#include <QHash>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <thread>

using namespace gatehouse::core;
using namespace gatehouse::core::vault;
using Code = KeychainReply::Code;

namespace {

// Answers asynchronously (from the vault thread's event loop), like a real keychain; can hang, fail with a
// chosen reply, or answer late.
class FakeKeychain final : public KeychainBackend
{
public:
    void read(const QString& service, const QString& key, Done done) override
    {
        answer(
            [this, k = service + QLatin1Char('|') + key](KeychainReply& r) {
                auto it = m_entries.constFind(k);
                if (it == m_entries.constEnd())
                    r.code = Code::NotFound;
                else
                    r.data = it.value();
            },
            std::move(done));
    }
    void write(const QString& service, const QString& key, const QByteArray& data, Done done) override
    {
        answer([this, k = service + QLatin1Char('|') + key, data](KeychainReply&) { m_entries.insert(k, data); },
               std::move(done));
    }
    void remove(const QString& service, const QString& key, Done done) override
    {
        answer(
            [this, k = service + QLatin1Char('|') + key](KeychainReply& r) {
                if (m_entries.remove(k) == 0)
                    r.code = Code::NotFound;
            },
            std::move(done));
    }

    void hang(bool on) { m_hang = on; }
    void delay(int ms) { m_delayMs = ms; }
    void failWith(std::optional<KeychainReply> reply)
    {
        QMutexLocker lock(&m_mutex);
        m_failure = std::move(reply);
    }
    void put(const QString& service, const QString& key, const QByteArray& data)
    {
        QMutexLocker lock(&m_mutex);
        m_entries.insert(service + QLatin1Char('|') + key, data);
    }
    std::optional<QByteArray> get(const QString& service, const QString& key)
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_entries.constFind(service + QLatin1Char('|') + key);
        return it == m_entries.constEnd() ? std::nullopt : std::optional<QByteArray>(it.value());
    }
    int calls() const { return m_calls; }

private:
    template <typename F>
    void answer(F apply, Done done)
    {
        ++m_calls;
        if (m_hang)
            return; // never calls `done`, like a D-Bus peer that never answers
        QTimer::singleShot(m_delayMs.load(), [this, apply = std::move(apply), done = std::move(done)]() mutable {
            KeychainReply r;
            {
                QMutexLocker lock(&m_mutex);
                if (m_failure)
                    r = *m_failure;
                else
                    apply(r);
            }
            done(std::move(r));
        });
    }

    QMutex m_mutex;
    QHash<QString, QByteArray> m_entries;
    std::optional<KeychainReply> m_failure;
    std::atomic<bool> m_hang{false};
    std::atomic<int> m_delayMs{0};
    std::atomic<int> m_calls{0};
};

const QString kOrigin = QStringLiteral("https://api.example.test");

template <typename T>
T await(QFuture<T> f, int ms = 3000)
{
    if (!vaulttest::waitFor(f, ms))
        qFatal("future did not finish within %d ms", ms);
    return f.result();
}

} // namespace

class TestVault : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<FakeKeychain> m_fake;
    int m_n = 0;

    TokenVault::Options options(int timeoutMs = 2000)
    {
        TokenVault::Options o;
        o.service = QStringLiteral("Gatehouse-unit");
        o.timeoutMs = timeoutMs;
        o.settingsPath = m_dir.filePath(QStringLiteral("vault-%1.ini").arg(++m_n));
        return o;
    }

private Q_SLOTS:
    void init() { m_fake = std::make_shared<FakeKeychain>(); }

    void errorMapping_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* name, Code c, const char* detail, const QString& expected) {
            QTest::newRow(name) << int(c) << QString::fromLatin1(detail) << expected;
        };
        row("no backend", Code::NoBackend, "", VaultError::Unavailable);
        row("not implemented", Code::NotImplemented, "", VaultError::Unavailable);
        row("no secret service (libsecret)", Code::Other,
            "The name org.freedesktop.secrets was not provided by any .service files", VaultError::Unavailable);
        row("service unknown", Code::Other, "org.freedesktop.DBus.Error.ServiceUnknown", VaultError::Unavailable);
        row("no session bus", Code::Other, "Cannot autolaunch D-Bus without X11 $DISPLAY", VaultError::Unavailable);
        row("is-locked (libsecret)", Code::Denied, "", VaultError::Locked);
        row("locked probe", Code::Denied, "The default keychain collection is locked", VaultError::Locked);
        row("gnome-keyring locked", Code::Other, "Cannot create an item in a locked collection", VaultError::Locked);
        row("prompt dismissed", Code::Other, "The unlock prompt was dismissed", VaultError::Locked);
        row("denied by user", Code::DeniedByUser, "", VaultError::Denied);
        row("denied other", Code::Denied, "Access denied by policy", VaultError::Denied);
        row("other", Code::Other, "Unknown error", VaultError::Failed);
        row("could not delete", Code::CouldNotDelete, "I/O error", VaultError::Failed);
    }
    void errorMapping()
    {
        QFETCH(int, code);
        QFETCH(QString, detail);
        QFETCH(QString, expected);
        const Error e = mapKeychainError(KeychainReply{Code(code), detail, {}});
        QCOMPARE(e.code, expected);
        QVERIFY(!e.message.isEmpty());
        QCOMPARE(e.where, detail);
        if (expected == VaultError::Unavailable)
            QVERIFY(e.message.contains(QLatin1String("until Gatehouse closes")));
    }

    void storeLoadRemoveRoundTrip()
    {
        TokenVault vault(m_fake, options());
        VaultCredentials creds = vaulttest::randomCredentials();
        QVERIFY(await(vault.store(kOrigin, QStringLiteral("alice"), creds)).ok());
        QCOMPARE(vault.rememberedUsername(kOrigin), QStringLiteral("alice"));
        // One JSON entry per (origin, username), under the vault's service.
        const auto blob =
            m_fake->get(QStringLiteral("Gatehouse-unit"), TokenVault::sessionKey(kOrigin, QStringLiteral("alice")));
        QVERIFY(blob.has_value());
        QVERIFY(blob->startsWith("{"));

        auto loaded = await(vault.load(kOrigin, QStringLiteral("alice")));
        QVERIFY(loaded.ok() && loaded.value().has_value());
        QVERIFY(loaded.value()->accessToken == creds.accessToken);
        QVERIFY(loaded.value()->refreshToken == creds.refreshToken);
        QVERIFY(loaded.value()->sessionCookie == creds.sessionCookie);

        QVERIFY(await(vault.remove(kOrigin, QStringLiteral("alice"))).ok());
        QVERIFY(vault.rememberedUsername(kOrigin).isEmpty());
        auto gone = await(vault.load(kOrigin, QStringLiteral("alice")));
        QVERIFY(gone.ok());
        QVERIFY(!gone.value().has_value());
        creds.wipe();
        QVERIFY(creds.isEmpty());
    }

    void sessionKeysDoNotCollide()
    {
        QVERIFY(TokenVault::sessionKey(QStringLiteral("https://a/b"), QStringLiteral("c")) !=
                TokenVault::sessionKey(QStringLiteral("https://a"), QStringLiteral("b/c")));
    }

    void nothingStoredIsEmptyNotError()
    {
        TokenVault vault(m_fake, options());
        auto r = await(vault.load(kOrigin, QStringLiteral("nobody")));
        QVERIFY(r.ok());
        QVERIFY(!r.value().has_value());
        QVERIFY(await(vault.remove(kOrigin, QStringLiteral("nobody"))).ok());
    }

    void invalidArguments()
    {
        TokenVault vault(m_fake, options());
        const Status s = await(vault.store(QString(), QStringLiteral("x"), vaulttest::randomCredentials()));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, VaultError::Invalid);
        QCOMPARE(m_fake->calls(), 0);
    }

    void corruptEntry()
    {
        TokenVault vault(m_fake, options());
        m_fake->put(QStringLiteral("Gatehouse-unit"), TokenVault::sessionKey(kOrigin, QStringLiteral("eve")),
                    QByteArrayLiteral("not json"));
        auto r = await(vault.load(kOrigin, QStringLiteral("eve")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, VaultError::Corrupt);
    }

    void errorsReachTheCaller()
    {
        TokenVault vault(m_fake, options());
        m_fake->failWith(KeychainReply{Code::NoBackend, {}, {}});
        const Status s = await(vault.store(kOrigin, QStringLiteral("alice"), vaulttest::randomCredentials()));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, VaultError::Unavailable);
        QVERIFY(vault.rememberedUsername(kOrigin).isEmpty()); // nothing saved, nothing remembered
        m_fake->failWith(KeychainReply{Code::Denied, {}, {}});
        auto r = await(vault.load(kOrigin, QStringLiteral("alice")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, VaultError::Locked);
    }

    void hungKeychainTimesOut()
    {
        TokenVault vault(m_fake, options(200));
        m_fake->hang(true);
        QElapsedTimer timer;
        timer.start();
        auto load = vault.load(kOrigin, QStringLiteral("alice"));
        auto store = vault.store(kOrigin, QStringLiteral("alice"), vaulttest::randomCredentials());
        auto r = await(load, 2000);
        const Status s = await(store, 2000);
        const qint64 elapsed = timer.elapsed();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, VaultError::Timeout);
        QCOMPARE(s.error().code, VaultError::Timeout);
        QVERIFY2(elapsed >= 150 && elapsed < 1500, qPrintable(QString::number(elapsed)));
        QVERIFY(vault.rememberedUsername(kOrigin).isEmpty());
    }

    void lateAnswerAfterTimeoutIsIgnored()
    {
        {
            TokenVault vault(m_fake, options(100));
            m_fake->delay(300);
            auto r = await(vault.load(kOrigin, QStringLiteral("alice")));
            QCOMPARE(r.error().code, VaultError::Timeout);
        }
        // The vault is gone; the fake answers now and must touch nothing (ASan would see it).
        QTest::qWait(400);
        QVERIFY(m_fake->calls() == 1);
    }

    void destroyingTheVaultFinishesPendingCalls()
    {
        QFuture<Result<std::optional<VaultCredentials>>> pending;
        {
            TokenVault vault(m_fake, options(60000));
            m_fake->hang(true);
            pending = vault.load(kOrigin, QStringLiteral("alice"));
            QTest::qWait(20);
            QVERIFY(!pending.isFinished());
        }
        QVERIFY(pending.isFinished());
        QVERIFY(!pending.result().ok());
        QCOMPARE(pending.result().error().code, VaultError::Failed);
    }

    void signingKeyCreatedSavedAndReloaded()
    {
        TokenVault vault(m_fake, options());
        QByteArray first;
        {
            KeychainSigningKeyStore keys(vault);
            // Not preloaded, asked on the thread that made it (the GUI thread in the app): never blocks.
            auto early = keys.loadOrCreate(QStringLiteral("db-a"));
            QVERIFY(!early.ok());
            QCOMPARE(early.error().code, QStringLiteral("keystore.not-loaded"));

            QVERIFY(await(keys.preload(QStringLiteral("db-a"))).ok());
            QVERIFY(keys.persistent(QStringLiteral("db-a")));
            auto key = keys.loadOrCreate(QStringLiteral("db-a"));
            QVERIFY(key.ok());
            QCOMPARE(key.value().size(), 32);
            first = key.value();
            const auto saved = m_fake->get(QStringLiteral("Gatehouse-unit"),
                                           KeychainSigningKeyStore::entryName(QStringLiteral("db-a")));
            QVERIFY(saved.has_value() && *saved == first);
        }
        {
            KeychainSigningKeyStore keys(vault);
            // A worker thread (where core services run) may wait for the keychain.
            Result<QByteArray> fromWorker = Error{};
            std::thread worker([&] { fromWorker = keys.loadOrCreate(QStringLiteral("db-a")); });
            worker.join();
            QVERIFY(fromWorker.ok());
            QVERIFY(fromWorker.value() == first);
            QVERIFY(keys.remove(QStringLiteral("db-a")).ok()); // on this thread: forgets now, deletes in background
            QVERIFY(!keys.persistent(QStringLiteral("db-a")));
            QTRY_VERIFY(
                !m_fake
                     ->get(QStringLiteral("Gatehouse-unit"), KeychainSigningKeyStore::entryName(QStringLiteral("db-a")))
                     .has_value());
        }
    }

    void signingKeyWithoutKeychain()
    {
        TokenVault vault(m_fake, options());
        m_fake->failWith(KeychainReply{Code::NoBackend, {}, {}});
        KeychainSigningKeyStore memoryOnly(vault);
        QVERIFY(await(memoryOnly.preload(QStringLiteral("db-b"))).ok());
        QVERIFY(!memoryOnly.persistent(QStringLiteral("db-b")));
        QCOMPARE(memoryOnly.loadOrCreate(QStringLiteral("db-b")).value().size(), 32);

        KeychainSigningKeyStore strict(vault, false);
        const Status s = await(strict.preload(QStringLiteral("db-b")));
        QCOMPARE(s.error().code, QStringLiteral("keystore.unavailable"));

        m_fake->failWith(KeychainReply{Code::Denied, QStringLiteral("The default keychain collection is locked"), {}});
        KeychainSigningKeyStore locked(vault);
        const Status l = await(locked.preload(QStringLiteral("db-c")));
        QCOMPARE(l.error().code, QStringLiteral("keystore.locked"));

        m_fake->failWith(KeychainReply{Code::Ok, {}, QByteArrayLiteral("short")});
        KeychainSigningKeyStore corrupt(vault);
        const Status c = await(corrupt.preload(QStringLiteral("db-d")));
        QCOMPARE(c.error().code, QStringLiteral("keystore.corrupt"));
    }

    void credentialStoreAdapterCallsBackOnCallersThread()
    {
        TokenVault vault(m_fake, options());
        VaultCredentialStore store(vault);
        remote::StoredSession session{vaulttest::randomToken(40), vaulttest::randomToken(40), {}};

        bool saved = false;
        QThread* savedOn = nullptr;
        store.save(kOrigin, QStringLiteral("alice"), session, [&](Status s) {
            saved = s.ok();
            savedOn = QThread::currentThread();
        });
        QTRY_VERIFY(savedOn != nullptr);
        QVERIFY(saved);
        QCOMPARE(savedOn, QThread::currentThread());
        QCOMPARE(store.rememberedUsername(kOrigin), QStringLiteral("alice"));

        std::optional<Result<std::optional<remote::StoredSession>>> loaded;
        store.load(kOrigin, QStringLiteral("alice"),
                   [&](Result<std::optional<remote::StoredSession>> r) { loaded = r; });
        QTRY_VERIFY(loaded.has_value());
        QVERIFY(loaded->ok() && loaded->value().has_value());
        QVERIFY(loaded->value()->accessToken == session.accessToken);
        QVERIFY(loaded->value()->refreshToken == session.refreshToken);

        std::optional<Status> removed;
        store.remove(kOrigin, QStringLiteral("alice"), [&](Status s) { removed = s; });
        QTRY_VERIFY(removed.has_value());
        QVERIFY(removed->ok());
        loaded.reset();
        store.load(kOrigin, QStringLiteral("alice"),
                   [&](Result<std::optional<remote::StoredSession>> r) { loaded = r; });
        QTRY_VERIFY(loaded.has_value());
        QVERIFY(loaded->ok() && !loaded->value().has_value());

        m_fake->failWith(KeychainReply{Code::NoBackend, {}, {}});
        removed.reset();
        store.save(kOrigin, QStringLiteral("alice"), session, [&](Status s) { removed = s; });
        QTRY_VERIFY(removed.has_value());
        QCOMPARE(removed->error().code, VaultError::Unavailable);
        session.wipe();
    }

    void wipeClearsBytes()
    {
        QByteArray shared = QByteArrayLiteral("secret-bytes");
        QByteArray copy = shared;
        wipeBytes(copy);
        QVERIFY(copy.isEmpty());
        QCOMPARE(shared, QByteArrayLiteral("secret-bytes")); // detached first: the other owner is intact
    }
};

QTEST_GUILESS_MAIN(TestVault)
#include "tst_vault.moc"
