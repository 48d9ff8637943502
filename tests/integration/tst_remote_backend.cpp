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
    }
};

QTEST_GUILESS_MAIN(TestRemoteBackend)
#include "tst_remote_backend.moc"
