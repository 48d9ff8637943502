// "Remember me" in local mode: LocalBackend with a fake CredentialStore (answers later on the event loop,
// can fail each operation with a vault code) over a real SQLite file. What login(remember) stores, a
// restore in a new backend on the same file, a token that died with a password change or another signing
// key, the keychain's refusals, and logout removing the entry.
#include "backend/LocalBackend.h"
#include "remote/CredentialStore.h"
#include "services/AccountService.h"
#include "store/Database.h"
#include "store/InMemorySigningKeyStore.h"

#include <QHash>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;
using namespace gatehouse::core::remote;

namespace {

const QString kAdmin = QStringLiteral("root");
const QString kAdminPw = QStringLiteral("correct-admin-horse-battery");
const QString kNewPw = QStringLiteral("another-admin-horse-battery");

template <typename T>
T await(QFuture<T> f)
{
    if (!QTest::qWaitFor([&] { return f.isFinished(); }, 10000))
        qFatal("a backend future did not finish");
    return f.result();
}

// A keychain stand-in, as in tst_remote_backend_remember: answers on the next event-loop turn.
class FakeStore final : public QObject, public CredentialStore
{
public:
    QHash<QString, StoredSession> entries; // key: origin + '|' + username
    QHash<QString, QString> lastUser;      // origin -> username
    QString loadError, saveError, removeError;
    int loads = 0, saves = 0, removes = 0;

    static QString key(const QString& origin, const QString& username) { return origin + QLatin1Char('|') + username; }
    static Error failure(const QString& code)
    {
        return Error::make(code, QStringLiteral("The keychain said %1.").arg(code));
    }

    void load(const QString& origin, const QString& username, LoadCallback done) override
    {
        ++loads;
        Result<std::optional<StoredSession>> r = std::optional<StoredSession>();
        if (!loadError.isEmpty())
            r = failure(loadError);
        else if (entries.contains(key(origin, username)))
            r = std::optional<StoredSession>(entries.value(key(origin, username)));
        QTimer::singleShot(0, this, [done, r]() { done(r); });
    }
    void save(const QString& origin, const QString& username, const StoredSession& session, DoneCallback done) override
    {
        ++saves;
        Status s;
        if (!saveError.isEmpty()) {
            s = failure(saveError);
        } else {
            entries.insert(key(origin, username), session);
            lastUser.insert(origin, username);
        }
        QTimer::singleShot(0, this, [done, s]() { done(s); });
    }
    void remove(const QString& origin, const QString& username, DoneCallback done) override
    {
        ++removes;
        Status s;
        if (!removeError.isEmpty()) {
            s = failure(removeError);
        } else {
            entries.remove(key(origin, username));
            if (lastUser.value(origin) == username)
                lastUser.remove(origin);
        }
        QTimer::singleShot(0, this, [done, s]() { done(s); });
    }
    QString rememberedUsername(const QString& origin) const override { return lastUser.value(origin); }
};

} // namespace

class TestLocalBackendRemember : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    store::InMemorySigningKeyStore m_keys; // stands for the keychain's per-database key, kept across runs
    int m_n = 0;
    QString m_path;

    // A fresh file with the first admin (created without remembering).
    void newDatabase()
    {
        m_path = m_dir.filePath(QStringLiteral("r%1.sqlite").arg(++m_n));
        auto b = open(nullptr);
        QVERIFY(b);
        QVERIFY(await(b->createFirstAdmin(kAdmin, kAdminPw)).ok());
    }
    services::ServiceContext context(store::SigningKeyStore* keys = nullptr)
    {
        store::Database::Options o;
        o.durable = false;
        auto db = store::Database::open(m_path, o);
        if (!db)
            qFatal("cannot open the test database");
        services::ServiceContext ctx;
        ctx.db = db.value();
        ctx.keys = keys ? keys : &m_keys;
        ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(1000);
        return ctx;
    }
    // Another run of the app on the same file: a new Database and backend.
    std::unique_ptr<LocalBackend> open(CredentialStore* store, store::SigningKeyStore* keys = nullptr)
    {
        return std::make_unique<LocalBackend>(context(keys), store);
    }

private Q_SLOTS:
    void init() { newDatabase(); }

    void rememberThenRestoreInANewBackend()
    {
        FakeStore store;
        QString origin;
        {
            auto first = open(&store);
            origin = first->origin();
            QVERIFY(origin.startsWith(QLatin1String("local:")));
            QVERIFY(origin.size() > 10); // the database's random id, not the path
            QVERIFY(!origin.contains(m_path));
            QVERIFY(first->rememberedUsername().isEmpty());
            auto login = await(first->login(kAdmin, kAdminPw, true));
            QVERIFY(login.ok());
            QVERIFY(login.value().rememberError.code.isEmpty());
            QVERIFY(!login.value().remembered); // typed in
            QCOMPARE(store.saves, 1);
            QCOMPARE(store.entries.value(FakeStore::key(origin, kAdmin)).accessToken, login.value().accessToken);
        }
        auto second = open(&store);
        QCOMPARE(second->origin(), origin); // the id lives in the file
        QCOMPARE(second->rememberedUsername(), kAdmin);
        auto restored = await(second->restoreSession());
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().code));
        QVERIFY(restored.value().isValid());
        QVERIFY(restored.value().remembered);
        QCOMPARE(restored.value().username, kAdmin);
        QVERIFY(restored.value().can(QStringLiteral("user.manage")));
        QVERIFY(restored.value().expiresAt > 0);
        QVERIFY(second->session().remembered);
        QVERIFY(await(second->listTasks({})).ok());
        QCOMPARE(store.loads, 1);
    }

    void loginWithoutRememberStoresNothing()
    {
        FakeStore store;
        auto b = open(&store);
        QVERIFY(await(b->login(kAdmin, kAdminPw, false)).ok());
        QCOMPARE(store.saves, 0);
        auto other = open(&store);
        auto restored = await(other->restoreSession());
        QVERIFY(restored.ok());
        QVERIFY(!restored.value().isValid());
        QCOMPARE(store.loads, 0); // nobody remembered: the keychain is not asked
    }

    void nothingStoredIsNoSession()
    {
        FakeStore store;
        auto b = open(&store);
        store.lastUser.insert(b->origin(), kAdmin); // remembered name, but the entry is gone
        auto restored = await(b->restoreSession());
        QVERIFY(restored.ok());
        QVERIFY(!restored.value().isValid());
        QCOMPARE(store.loads, 1);
    }

    void passwordChangedSinceEndsTheRememberedSession()
    {
        FakeStore store;
        QString origin;
        {
            auto b = open(&store);
            origin = b->origin();
            QVERIFY(await(b->login(kAdmin, kAdminPw, true)).ok());
        }
        {
            services::AccountService accounts(context());
            auto login = accounts.login(kAdmin, kAdminPw);
            QVERIFY(login.ok());
            QVERIFY(accounts.changePassword(login.value().principal, kAdminPw, kNewPw).ok());
        }
        auto b = open(&store);
        auto restored = await(b->restoreSession());
        QVERIFY(!restored.ok());
        QCOMPARE(restored.error().code, QStringLiteral("auth.expired"));
        QCOMPARE(restored.error().where, QStringLiteral("auth.session_invalid"));
        QVERIFY(!b->session().isValid());
        QCOMPARE(store.removes, 1);
        QVERIFY(!store.entries.contains(FakeStore::key(origin, kAdmin)));
        QVERIFY(b->rememberedUsername().isEmpty());
    }

    void ownPasswordChangeKeepsTheSessionRemembered()
    {
        FakeStore store;
        {
            auto b = open(&store);
            QVERIFY(await(b->login(kAdmin, kAdminPw, true)).ok());
            const QByteArray before = b->session().accessToken;
            QVERIFY(await(b->changePassword(kAdminPw, kNewPw)).ok());
            QCOMPARE(store.saves, 2);
            QVERIFY(store.entries.value(FakeStore::key(b->origin(), kAdmin)).accessToken != before);
            QCOMPARE(store.entries.value(FakeStore::key(b->origin(), kAdmin)).accessToken, b->session().accessToken);
        }
        auto restored = await(open(&store)->restoreSession());
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().code));
        QVERIFY(restored.value().remembered);
    }

    void passwordChangeOfAnUnrememberedSessionStoresNothing()
    {
        FakeStore store;
        auto b = open(&store);
        QVERIFY(await(b->login(kAdmin, kAdminPw, false)).ok());
        QVERIFY(await(b->changePassword(kAdminPw, kNewPw)).ok());
        QCOMPARE(store.saves, 0);
    }

    void tokenSignedWithAnotherKeyIsExpired()
    {
        // What a run without the keychain's signing key sees: the old token no longer verifies.
        FakeStore store;
        QVERIFY(await(open(&store)->login(kAdmin, kAdminPw, true)).ok());
        store::InMemorySigningKeyStore otherKeys;
        auto b = open(&store, &otherKeys);
        auto restored = await(b->restoreSession());
        QCOMPARE(restored.error().code, QStringLiteral("auth.expired"));
        QCOMPARE(store.removes, 1);
    }

    void lockedKeychainOnLoginIsRememberError()
    {
        FakeStore store;
        store.saveError = QStringLiteral("vault.locked");
        auto b = open(&store);
        auto login = await(b->login(kAdmin, kAdminPw, true));
        QVERIFY(login.ok()); // the login itself succeeded
        QCOMPARE(login.value().rememberError.code, QStringLiteral("vault.locked"));
        QVERIFY(b->session().isValid());
        QVERIFY(store.entries.isEmpty());
    }

    void lockedKeychainOnRestoreIsItsCode()
    {
        FakeStore store;
        QVERIFY(await(open(&store)->login(kAdmin, kAdminPw, true)).ok());
        store.loadError = QStringLiteral("vault.locked");
        auto b = open(&store);
        auto restored = await(b->restoreSession());
        QVERIFY(!restored.ok());
        QCOMPARE(restored.error().code, QStringLiteral("vault.locked"));
        QCOMPARE(store.removes, 0); // kept for when the keychain is unlocked
        QCOMPARE(store.entries.size(), 1);
    }

    void failedLoginStoresNothing()
    {
        FakeStore store;
        auto b = open(&store);
        auto login = await(b->login(kAdmin, QStringLiteral("wrong-password-here"), true));
        QCOMPARE(login.error().code, QStringLiteral("auth.invalid"));
        QCOMPARE(store.saves, 0);
    }

    void logoutRemovesTheEntry()
    {
        FakeStore store;
        auto b = open(&store);
        QVERIFY(await(b->login(kAdmin, kAdminPw, true)).ok());
        QCOMPARE(store.entries.size(), 1);
        QVERIFY(await(b->logout()).ok());
        QVERIFY(store.entries.isEmpty());
        QVERIFY(!b->session().isValid());
        auto restored = await(open(&store)->restoreSession());
        QVERIFY(restored.ok());
        QVERIFY(!restored.value().isValid());
    }

    void logoutReportsTheKeychainsError()
    {
        FakeStore store;
        auto b = open(&store);
        QVERIFY(await(b->login(kAdmin, kAdminPw, true)).ok());
        store.removeError = QStringLiteral("vault.locked");
        auto out = await(b->logout());
        QCOMPARE(out.error().code, QStringLiteral("vault.locked"));
        QVERIFY(!b->session().isValid()); // logged out all the same
    }

    void destroyedBackendCancelsARestoreInFlight()
    {
        FakeStore store;
        QVERIFY(await(open(&store)->login(kAdmin, kAdminPw, true)).ok());
        QFuture<Result<SessionInfo>> f;
        {
            auto b = open(&store);
            f = b->restoreSession(); // the store answers only on the next event-loop turn
        }
        QVERIFY(QTest::qWaitFor([&] { return f.isFinished(); }, 5000));
        QVERIFY(f.isCanceled());
    }
};

QTEST_GUILESS_MAIN(TestLocalBackendRemember)
#include "tst_localbackend_remember.moc"
