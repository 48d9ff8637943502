// RemoteBackend, the window's view of remote mode, against the reference server: the same Backend calls
// as local mode, with the server's permission checks arriving as perm.denied, and thin profiles saying
// what they lack.
#include "TestServer.h"

#include "backend/RemoteBackend.h"

#include <QNetworkAccessManager>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;

#define AWAIT(future) QTRY_VERIFY_WITH_TIMEOUT((future).isFinished(), 20000)

namespace {
template <typename T>
QString codeOf(const Result<T>& r)
{
    return r.ok() ? QStringLiteral("ok") : r.error().code + QLatin1Char(' ') + r.error().message;
}
} // namespace

class TestRemoteBackend : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void gatehouseRest()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        RemoteBackend admin(&m_nam, *remote::ApiProfile::builtin(QStringLiteral("Gatehouse REST")), server.url());
        const Capabilities caps = admin.capabilities();
        QVERIFY(caps.tasks && caps.products && caps.users && caps.roles && caps.refresh && caps.serverLogout);

        auto first = admin.registerUser(QStringLiteral("root"), QStringLiteral("root password 1"));
        AWAIT(first);
        QVERIFY2(first.result().ok(), qPrintable(codeOf(first.result())));
        const SessionInfo info = first.result().value();
        QCOMPARE(info.username, QStringLiteral("root"));
        QVERIFY(info.roles.contains(QStringLiteral("admin")));
        QVERIFY(info.can(QStringLiteral("user.manage")));
        QVERIFY(admin.session().expiresAt > 0);

        auto task = admin.createTask(QStringLiteral("<b>not bold</b>"), QStringLiteral("desc"));
        AWAIT(task);
        QVERIFY2(task.result().ok(), qPrintable(codeOf(task.result())));
        QCOMPARE(task.result().value().title, QStringLiteral("<b>not bold</b>"));
        services::TaskChanges changes;
        changes.completed = true;
        auto updated = admin.updateTask(task.result().value().id, changes);
        AWAIT(updated);
        QVERIFY(updated.result().ok() && updated.result().value().completed);
        services::TaskQuery query;
        query.search = QStringLiteral("bold");
        auto page = admin.listTasks(query);
        AWAIT(page);
        QCOMPARE(page.result().value().total, 1);

        auto product = admin.createProduct(QStringLiteral("Widget"), 9.5);
        AWAIT(product);
        QVERIFY2(product.result().ok(), qPrintable(codeOf(product.result())));
        auto duplicate = admin.createProduct(QStringLiteral("Widget"), 1);
        AWAIT(duplicate);
        QCOMPARE(duplicate.result().error().code, QStringLiteral("http.409"));

        auto uma = admin.createUser(QStringLiteral("uma"), QStringLiteral("uma password"), {QStringLiteral("viewer")});
        AWAIT(uma);
        QVERIFY2(uma.result().ok(), qPrintable(codeOf(uma.result())));
        auto users = admin.listUsers();
        AWAIT(users);
        QCOMPARE(users.result().value().size(), 2);
        auto roles = admin.listRoles();
        AWAIT(roles);
        QVERIFY(roles.result().value().size() >= 4);

        // A viewer: reads products, cannot create them (the server's 403 as perm.denied).
        RemoteBackend viewer(&m_nam, *remote::ApiProfile::builtin(QStringLiteral("Gatehouse REST")), server.url());
        auto login = viewer.login(QStringLiteral("uma"), QStringLiteral("uma password"), false);
        AWAIT(login);
        QVERIFY2(login.result().ok(), qPrintable(codeOf(login.result())));
        QVERIFY(!login.result().value().can(QStringLiteral("product.create")));
        auto denied = viewer.createProduct(QStringLiteral("Gadget"), 1);
        AWAIT(denied);
        QCOMPARE(denied.result().error().code, QStringLiteral("perm.denied"));
        auto products = viewer.listProducts({});
        AWAIT(products);
        QCOMPARE(products.result().value().items.size(), 1);

        // The admin makes uma a manager; her next login has product.create.
        auto assigned = admin.assignRole(uma.result().value(), QStringLiteral("manager"));
        AWAIT(assigned);
        QVERIFY(assigned.result().ok());
        auto again = viewer.login(QStringLiteral("uma"), QStringLiteral("uma password"), false);
        AWAIT(again);
        QVERIFY(again.result().value().can(QStringLiteral("product.create")));

        auto wrong = viewer.login(QStringLiteral("uma"), QStringLiteral("not her password"), false);
        AWAIT(wrong);
        QCOMPARE(wrong.result().error().code, QStringLiteral("auth.invalid"));

        auto out = admin.logout();
        AWAIT(out);
        QVERIFY(out.result().ok());
        QVERIFY(!admin.session().isValid());
        auto afterLogout = admin.listTasks({});
        AWAIT(afterLogout);
        QCOMPARE(afterLogout.result().error().code, QStringLiteral("auth.required"));
    }

    void minimalProfileSaysWhatItOffers()
    {
        TestServer server(QStringLiteral("minimal_pyjwt_app.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        RemoteBackend backend(&m_nam, *remote::ApiProfile::builtin(QStringLiteral("Flask + PyJWT (minimal)")),
                              server.url());
        QVERIFY(!backend.capabilities().tasks);
        auto reg = backend.registerUser(QStringLiteral("min"), QStringLiteral("min password"));
        AWAIT(reg);
        QVERIFY2(reg.result().ok(), qPrintable(codeOf(reg.result())));
        QCOMPARE(reg.result().value().username, QStringLiteral("min"));
        QVERIFY(backend.capabilities().serverNote.contains(QStringLiteral("Welcome min")));
        auto tasks = backend.listTasks({});
        AWAIT(tasks);
        QCOMPARE(tasks.result().error().code, QStringLiteral("remote.unsupported"));
        const Capabilities caps = backend.capabilities();
        QVERIFY(!caps.passwordChange && !caps.audit);
        auto password = backend.changePassword(QStringLiteral("min password"), QStringLiteral("new min password"));
        auto unlock = backend.unlockUser(1);
        auto audit = backend.auditLog(10);
        AWAIT(password);
        AWAIT(unlock);
        AWAIT(audit);
        QCOMPARE(password.result().error().code, QStringLiteral("remote.unsupported"));
        QCOMPARE(unlock.result().error().code, QStringLiteral("remote.unsupported"));
        QCOMPARE(audit.result().error().code, QStringLiteral("remote.unsupported"));
        QVERIFY(audit.result().error().message.contains(QStringLiteral("does not offer")));
    }

    // Lockout after failed logins, unlock by an admin, a password change and the audit log, over REST
    // with the server's permission checks.
    void passwordChangeUnlockAndAudit()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"), {},
                          {QStringLiteral("GATEHOUSE_LOCKOUT_AFTER=2"), QStringLiteral("GATEHOUSE_LOGIN_LIMIT=100")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        const remote::ApiProfile rest = *remote::ApiProfile::builtin(QStringLiteral("Gatehouse REST"));
        RemoteBackend admin(&m_nam, rest, server.url());
        QVERIFY(admin.capabilities().passwordChange && admin.capabilities().audit);
        auto root = admin.registerUser(QStringLiteral("root"), QStringLiteral("root password 1"));
        AWAIT(root);
        QVERIFY2(root.result().ok(), qPrintable(codeOf(root.result())));
        auto uma = admin.createUser(QStringLiteral("uma"), QStringLiteral("uma password"), {QStringLiteral("user")});
        auto vic = admin.createUser(QStringLiteral("vic"), QStringLiteral("vic password"), {QStringLiteral("viewer")});
        AWAIT(uma);
        AWAIT(vic);
        QVERIFY(uma.result().ok() && vic.result().ok());
        const qint64 umaId = uma.result().value();

        // Two wrong passwords lock uma; then even the right one is refused, with the wait in where.
        RemoteBackend user(&m_nam, rest, server.url());
        for (int i = 0; i < 2; ++i) {
            auto wrong = user.login(QStringLiteral("uma"), QStringLiteral("not her password"), false);
            AWAIT(wrong);
            QCOMPARE(wrong.result().error().code, QStringLiteral("auth.invalid"));
        }
        auto locked = user.login(QStringLiteral("uma"), QStringLiteral("uma password"), false);
        AWAIT(locked);
        QCOMPARE(locked.result().error().code, QStringLiteral("account.locked"));
        QVERIFY(locked.result().error().where.toInt() > 0);
        auto users = admin.listUsers();
        AWAIT(users);
        bool sawLock = false;
        const QList<services::UserSummary> userList = users.result().value();
        for (const auto& u : userList)
            sawLock |= u.id == umaId && u.lockedUntil > 0 && u.failedLogins == 2;
        QVERIFY(sawLock);

        // A viewer may neither unlock nor read the audit log.
        RemoteBackend viewer(&m_nam, rest, server.url());
        auto vicLogin = viewer.login(QStringLiteral("vic"), QStringLiteral("vic password"), false);
        AWAIT(vicLogin);
        QVERIFY(vicLogin.result().ok() && !vicLogin.result().value().can(QStringLiteral("audit.view")));
        auto vicUnlock = viewer.unlockUser(umaId);
        auto vicAudit = viewer.auditLog(10);
        AWAIT(vicUnlock);
        AWAIT(vicAudit);
        QCOMPARE(vicUnlock.result().error().code, QStringLiteral("perm.denied"));
        QCOMPARE(vicAudit.result().error().code, QStringLiteral("perm.denied"));
        auto nobody = admin.unlockUser(9999);
        AWAIT(nobody);
        QCOMPARE(nobody.result().error().code, QStringLiteral("http.404"));

        auto unlocked = admin.unlockUser(umaId);
        AWAIT(unlocked);
        QVERIFY2(unlocked.result().ok(), qPrintable(codeOf(unlocked.result())));
        auto in = user.login(QStringLiteral("uma"), QStringLiteral("uma password"), false);
        AWAIT(in);
        QVERIFY2(in.result().ok(), qPrintable(codeOf(in.result())));

        // Her own password: the current one must be right, then only the new one works.
        auto badCurrent = user.changePassword(QStringLiteral("guess"), QStringLiteral("uma new password"));
        AWAIT(badCurrent);
        QCOMPARE(badCurrent.result().error().code, QStringLiteral("http.422"));
        QVERIFY(user.session().isValid()); // a refused change does not end the session
        auto changed = user.changePassword(QStringLiteral("uma password"), QStringLiteral("uma new password"));
        AWAIT(changed);
        QVERIFY2(changed.result().ok(), qPrintable(codeOf(changed.result())));
        auto old = user.login(QStringLiteral("uma"), QStringLiteral("uma password"), false);
        AWAIT(old);
        QCOMPARE(old.result().error().code, QStringLiteral("auth.invalid"));
        auto fresh = user.login(QStringLiteral("uma"), QStringLiteral("uma new password"), false);
        AWAIT(fresh);
        QVERIFY2(fresh.result().ok(), qPrintable(codeOf(fresh.result())));

        auto log = admin.auditLog(100);
        AWAIT(log);
        QVERIFY2(log.result().ok(), qPrintable(codeOf(log.result())));
        QStringList seen;
        const QList<services::AuditEntry> entries = log.result().value();
        for (const services::AuditEntry& e : entries) {
            seen.append(e.action + QLatin1Char(' ') + e.target + QLatin1Char(' ') + e.outcome);
            QVERIFY(e.at > 0 && e.id > 0);
            QVERIFY(!e.detail.contains(QStringLiteral("password 1")) && !e.detail.contains(QStringLiteral("uma ")));
        }
        QVERIFY2(seen.contains(QStringLiteral("user.unlock uma ok")), qPrintable(seen.join(QLatin1Char('\n'))));
        QVERIFY(seen.contains(QStringLiteral("user.passwd uma ok")));
        QVERIFY(seen.contains(QStringLiteral("user.passwd uma failed")));
        QVERIFY(seen.contains(QStringLiteral("auth.login uma failed")));
        QVERIFY(seen.contains(QStringLiteral("perm.denied POST /users/%1/unlock denied").arg(umaId)));
        auto few = admin.auditLog(3);
        AWAIT(few);
        QCOMPARE(few.result().value().size(), 3);
        QVERIFY(few.result().value().first().id > few.result().value().last().id); // newest first
    }
};

QTEST_GUILESS_MAIN(TestRemoteBackend)
#include "tst_remote_backend.moc"
