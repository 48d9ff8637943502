// LocalBackend over a real SQLite file: every call runs off the caller's thread and finishes its future
// once; the session carries roles and permissions; core refuses what a role lacks.
#include "backend/LocalBackend.h"
#include "services/AccountService.h"
#include "store/Database.h"
#include "store/InMemorySigningKeyStore.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;

namespace {

const QString kAdminPw = QStringLiteral("correct-admin-horse-battery");
const QString kUserPw = QStringLiteral("correct-user-horse-battery");

// Waits for a future without blocking the event loop of the test (QTRY polls it).
template <typename T>
T await(QFuture<T> f)
{
    if (!QTest::qWaitFor([&] { return f.isFinished(); }, 10000))
        qFatal("a backend future did not finish");
    return f.result();
}

} // namespace

class TestLocalBackend : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    store::InMemorySigningKeyStore m_keys;
    std::unique_ptr<LocalBackend> make()
    {
        store::Database::Options o;
        o.durable = false;
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("b%1.sqlite").arg(++m_n)), o);
        if (!db)
            return {};
        services::ServiceContext ctx;
        ctx.db = db.value();
        ctx.keys = &m_keys;
        ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(1000);
        ctx.lockout.threshold = 3;
        return std::make_unique<LocalBackend>(ctx);
    }
    int m_n = 0;

private Q_SLOTS:
    void firstAdminThenSessionHasPermissions()
    {
        auto b = make();
        QVERIFY(b);
        QVERIFY(!b->session().isValid());
        auto needs = await(b->needsFirstAdmin());
        QVERIFY(needs.ok());
        QVERIFY(needs.value());
        auto s = await(b->createFirstAdmin(QStringLiteral("root"), kAdminPw));
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().code));
        QCOMPARE(s.value().username, QStringLiteral("root"));
        QVERIFY(s.value().roles.contains(QStringLiteral("admin")));
        QVERIFY(s.value().can(QStringLiteral("user.manage")));
        QVERIFY(!s.value().accessToken.isEmpty());
        QCOMPARE(b->session().userId, s.value().userId);
        QVERIFY(!await(b->needsFirstAdmin()).value());
    }

    void callsRunOffTheCallersThread()
    {
        auto b = make();
        QVERIFY(await(b->createFirstAdmin(QStringLiteral("root"), kAdminPw)).ok());
        QThread* caller = QThread::currentThread();
        QThread* worker = nullptr;
        auto f = b->listTasks({}).then([&](Result<services::TaskPage> r) {
            worker = QThread::currentThread();
            return r.ok();
        });
        QVERIFY(await(f));
        QVERIFY(worker != nullptr);
        QVERIFY(worker != caller);
    }

    void withoutSessionAuthRequired()
    {
        auto b = make();
        auto r = await(b->listTasks({}));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("auth.required"));
    }

    void loginErrorsAndLockout()
    {
        auto b = make();
        QVERIFY(await(b->createFirstAdmin(QStringLiteral("root"), kAdminPw)).ok());
        QVERIFY(await(b->logout()).ok());
        QVERIFY(!b->session().isValid());
        auto bad = await(b->login(QStringLiteral("root"), QStringLiteral("wrong-password-here"), false));
        QCOMPARE(bad.error().code, QStringLiteral("auth.invalid"));
        auto unknown = await(b->login(QStringLiteral("nobody"), QStringLiteral("wrong-password-here"), false));
        QCOMPARE(unknown.error().code, QStringLiteral("auth.invalid"));
        QVERIFY(!await(b->login(QStringLiteral("root"), QStringLiteral("wrong-password-2"), false)).ok());
        QVERIFY(!await(b->login(QStringLiteral("root"), QStringLiteral("wrong-password-3"), false)).ok());
        auto locked = await(b->login(QStringLiteral("root"), kAdminPw, false));
        QVERIFY(!locked.ok());
        QCOMPARE(locked.error().code, QStringLiteral("account.locked"));
        QVERIFY(locked.error().where.toLongLong() > 0);
    }

    void userRoleCannotDeleteTasks()
    {
        auto b = make();
        QVERIFY(await(b->createFirstAdmin(QStringLiteral("root"), kAdminPw)).ok());
        auto id = await(b->createUser(QStringLiteral("alice"), kUserPw, {QStringLiteral("user")}));
        QVERIFY(id.ok());
        QVERIFY(await(b->logout()).ok());
        auto s = await(b->login(QStringLiteral("alice"), kUserPw, false));
        QVERIFY(s.ok());
        QVERIFY(s.value().can(QStringLiteral("task.create")));
        QVERIFY(!s.value().can(QStringLiteral("task.delete")));
        auto t = await(b->createTask(QStringLiteral("<img src=x><b>hi</b>"), QString()));
        QVERIFY(t.ok());
        QCOMPARE(t.value().title, QStringLiteral("<img src=x><b>hi</b>"));
        auto del = await(b->deleteTask(t.value().id));
        QVERIFY(!del.ok());
        QCOMPARE(del.error().code, QStringLiteral("perm.denied"));
        auto users = await(b->listUsers());
        QCOMPARE(users.error().code, QStringLiteral("perm.denied"));
    }

    void registerAndAssignRoles()
    {
        auto b = make();
        QVERIFY(await(b->createFirstAdmin(QStringLiteral("root"), kAdminPw)).ok());
        auto id = await(b->createUser(QStringLiteral("vic"), kUserPw, {QStringLiteral("viewer")}));
        QVERIFY(id.ok());
        auto users = await(b->listUsers());
        QVERIFY(users.ok());
        bool found = false;
        for (const auto& u : users.value()) {
            if (u.username == QLatin1String("vic")) {
                found = true;
                QCOMPARE(u.roles, QStringList{QStringLiteral("viewer")});
            }
        }
        QVERIFY(found);
        QVERIFY(await(b->logout()).ok());
        auto reg = await(b->registerUser(QStringLiteral("bob"), kUserPw));
        QVERIFY(reg.ok());
        QCOMPARE(reg.value().roles, QStringList{QStringLiteral("user")});
        QVERIFY(await(b->auditLog(10)).error().code == QStringLiteral("perm.denied"));
    }

    void resetForcesChange()
    {
        auto b = make();
        QVERIFY(await(b->createFirstAdmin(QStringLiteral("root"), kAdminPw)).ok());
        auto id = await(b->createUser(QStringLiteral("carol"), kUserPw, {}));
        QVERIFY(id.ok());
        QVERIFY(await(b->resetPassword(id.value(), QStringLiteral("temporary-pass-12345"))).ok());
        QVERIFY(await(b->logout()).ok());
        auto s = await(b->login(QStringLiteral("carol"), QStringLiteral("temporary-pass-12345"), false));
        QVERIFY(s.ok());
        QVERIFY(s.value().mustChangePassword);
        QVERIFY(await(b->changePassword(QStringLiteral("temporary-pass-12345"), kUserPw)).ok());
        QVERIFY(!b->session().mustChangePassword);
    }

    // Two windows on one file: one changes or resets the other's password, or disables it; the other's
    // session ends at its next call (and in restoreSession), while the changer continues with a new token.
    void olderSessionsEndOnCredentialChange()
    {
        store::Database::Options o;
        o.durable = false;
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("shared.sqlite")), o);
        QVERIFY(db.ok());
        services::ServiceContext ctx;
        ctx.db = db.value();
        ctx.keys = &m_keys;
        ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(1000);
        LocalBackend admin(ctx);
        LocalBackend dave(ctx);
        LocalBackend daveElsewhere(ctx);
        services::AccountService accounts(ctx);
        QVERIFY(await(admin.createFirstAdmin(QStringLiteral("root"), kAdminPw)).ok());
        auto id = await(admin.createUser(QStringLiteral("dave"), kUserPw, {}));
        QVERIFY(id.ok());

        QVERIFY(await(dave.login(QStringLiteral("dave"), kUserPw, false)).ok());
        QVERIFY(await(daveElsewhere.login(QStringLiteral("dave"), kUserPw, false)).ok());
        const QByteArray oldToken = dave.session().accessToken;
        QCOMPARE(await(dave.restoreSession()).value().username, QStringLiteral("dave"));

        // dave changes his password in one window: that window goes on, the other one is logged out.
        const QString newPw = QStringLiteral("correct-dave-horse-battery");
        QVERIFY(await(dave.changePassword(kUserPw, newPw)).ok());
        QVERIFY(dave.session().accessToken != oldToken);
        QVERIFY(await(dave.listTasks({})).ok());
        QCOMPARE(await(dave.restoreSession()).value().username, QStringLiteral("dave"));
        QCOMPARE(accounts.verifyToken(oldToken).error().code, QStringLiteral("auth.session_invalid"));
        QCOMPARE(await(daveElsewhere.listTasks({})).error().code, QStringLiteral("auth.session_invalid"));
        QVERIFY(!daveElsewhere.session().isValid());
        QCOMPARE(await(daveElsewhere.listTasks({})).error().code, QStringLiteral("auth.required"));

        // The admin resets it: dave's live session fails its next check.
        QVERIFY(await(admin.resetPassword(id.value(), QStringLiteral("temporary-pass-12345"))).ok());
        auto restored = await(dave.restoreSession());
        QCOMPARE(restored.error().code, QStringLiteral("auth.session_invalid"));
        QVERIFY(!dave.session().isValid());
        QVERIFY(!await(dave.restoreSession()).value().isValid()); // nothing left to restore

        // Disabled and enabled again: the session from before stays dead.
        QVERIFY(await(dave.login(QStringLiteral("dave"), QStringLiteral("temporary-pass-12345"), false)).ok());
        QVERIFY(await(admin.setUserDisabled(id.value(), true)).ok());
        QVERIFY(await(admin.setUserDisabled(id.value(), false)).ok());
        QCOMPARE(await(dave.createTask(QStringLiteral("x"), {})).error().code, QStringLiteral("auth.session_invalid"));
        QVERIFY(!dave.session().isValid());
    }
};

QTEST_GUILESS_MAIN(TestLocalBackend)
#include "tst_localbackend.moc"
