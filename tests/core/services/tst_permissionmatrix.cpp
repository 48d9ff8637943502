// The permission matrix of PRODUCT.md: every service operation x every built-in role x own and other's
// records, each row asserting allowed or denied. A denied call must also leave the data untouched.
#include "ServiceFixture.h"

#include "services/Permissions.h"
#include "store/SqlStatement.h"

#include <QCryptographicHash>
#include <QMap>
#include <QSqlQuery>

#include <functional>

using namespace gatehouse::test;
using gatehouse::core::store::SqlStatement;

namespace {

struct World
{
    Principal actor;
    qint64 otherId = 0;
    qint64 ownTask = 0;
    qint64 otherTask = 0;
    qint64 product = 0;
};

using Operation = std::function<Status(ServiceFixture&, const World&)>;

template <typename T>
Status st(const Result<T>& r)
{
    return r ? Status() : Status(r.error());
}

qint64 insertTask(store::Database& db, const QString& title, qint64 owner)
{
    qint64 id = 0;
    const Status s = db.write([&](QSqlDatabase& c) -> Status {
        auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO task (title, completed) VALUES (?, 0)"), {title});
        if (!r)
            return r.error();
        id = r.value().lastInsertId().toLongLong();
        auto g = SqlStatement::run(c,
                                   QStringLiteral("INSERT INTO gh_task (task_id, owner_id, created_at, updated_at) "
                                                  "VALUES (?, ?, 0, 0) ON CONFLICT(task_id) DO UPDATE SET owner_id = "
                                                  "excluded.owner_id, created_at = 0, updated_at = 0"),
                                   {id, owner});
        return g ? Status() : Status(g.error());
    });
    return s ? id : 0;
}

// Everything but the audit log, in a stable order.
QByteArray fingerprint(store::Database& db)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto c = db.connection();
    for (const char* table : {"user", "task", "product", "gh_account", "gh_user_role", "gh_role", "gh_role_permission",
                              "gh_task", "gh_meta"}) {
        auto q = SqlStatement::run(c.value(),
                                   QStringLiteral("SELECT * FROM \"%1\" ORDER BY rowid").arg(QLatin1String(table)));
        if (!q)
            return {};
        while (q.value().next()) {
            for (int i = 0; i < 16; ++i) {
                const QVariant v = q.value().value(i);
                if (!v.isValid())
                    break;
                h.addData(v.toString().toUtf8());
                h.addData("\x1f");
            }
            h.addData("\n");
        }
    }
    return h.result();
}

const QMap<QString, QPair<Operation, QString>>& operations()
{
    static const QMap<QString, QPair<Operation, QString>> ops = {
        // name: operation, roles allowed
        {QStringLiteral("task.list.own"),
         {[](ServiceFixture& f, const World& w) { return st(f.tasks().list(w.actor, {})); },
          QStringLiteral("admin manager user viewer")}},
        {QStringLiteral("task.list.other_owner"),
         {[](ServiceFixture& f, const World& w) {
              TaskQuery q;
              q.ownerId = w.otherId;
              return st(f.tasks().list(w.actor, q));
          },
          QStringLiteral("admin manager")}},
        {QStringLiteral("task.get.own"),
         {[](ServiceFixture& f, const World& w) { return st(f.tasks().get(w.actor, w.ownTask)); },
          QStringLiteral("admin manager user viewer")}},
        {QStringLiteral("task.get.other"),
         {[](ServiceFixture& f, const World& w) { return st(f.tasks().get(w.actor, w.otherTask)); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("task.create"),
         {[](ServiceFixture& f, const World& w) { return st(f.tasks().create(w.actor, QStringLiteral("new"))); },
          QStringLiteral("admin manager user")}},
        {QStringLiteral("task.edit.own"),
         {[](ServiceFixture& f, const World& w) {
              TaskChanges c;
              c.title = QStringLiteral("renamed");
              return st(f.tasks().update(w.actor, w.ownTask, c));
          },
          QStringLiteral("admin manager user")}},
        {QStringLiteral("task.edit.other"),
         {[](ServiceFixture& f, const World& w) {
              TaskChanges c;
              c.description = QStringLiteral("changed");
              return st(f.tasks().update(w.actor, w.otherTask, c));
          },
          QStringLiteral("admin manager")}},
        {QStringLiteral("task.complete.own"),
         {[](ServiceFixture& f, const World& w) { return st(f.tasks().setCompleted(w.actor, w.ownTask, true)); },
          QStringLiteral("admin manager user")}},
        {QStringLiteral("task.complete.other"),
         {[](ServiceFixture& f, const World& w) { return st(f.tasks().setCompleted(w.actor, w.otherTask, true)); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("task.delete.own"),
         {[](ServiceFixture& f, const World& w) { return f.tasks().remove(w.actor, w.ownTask); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("task.delete.other"),
         {[](ServiceFixture& f, const World& w) { return f.tasks().remove(w.actor, w.otherTask); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("product.list"),
         {[](ServiceFixture& f, const World& w) { return st(f.products().list(w.actor, {})); },
          QStringLiteral("admin manager user viewer")}},
        {QStringLiteral("product.get"),
         {[](ServiceFixture& f, const World& w) { return st(f.products().get(w.actor, w.product)); },
          QStringLiteral("admin manager user viewer")}},
        {QStringLiteral("product.create"),
         {[](ServiceFixture& f, const World& w) { return st(f.products().create(w.actor, QStringLiteral("p2"), 3.5)); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("product.edit"),
         {[](ServiceFixture& f, const World& w) {
              ProductChanges c;
              c.price = 9.25;
              return st(f.products().update(w.actor, w.product, c));
          },
          QStringLiteral("admin manager")}},
        {QStringLiteral("product.delete"),
         {[](ServiceFixture& f, const World& w) { return f.products().remove(w.actor, w.product); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("user.list"),
         {[](ServiceFixture& f, const World& w) { return st(f.accounts().listUsers(w.actor)); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("user.create"),
         {[](ServiceFixture& f, const World& w) {
              return st(f.accounts().createUser(w.actor, QStringLiteral("newbie"), pw("newbie"), true));
          },
          QStringLiteral("admin")}},
        {QStringLiteral("user.reset_password.other"),
         {[](ServiceFixture& f, const World& w) { return f.accounts().resetPassword(w.actor, w.otherId, pw("temp")); },
          QStringLiteral("admin")}},
        {QStringLiteral("user.disable.other"),
         {[](ServiceFixture& f, const World& w) { return f.accounts().setDisabled(w.actor, w.otherId, true); },
          QStringLiteral("admin")}},
        {QStringLiteral("user.unlock.other"),
         {[](ServiceFixture& f, const World& w) { return f.accounts().unlock(w.actor, w.otherId); },
          QStringLiteral("admin")}},
        {QStringLiteral("user.delete.other"),
         {[](ServiceFixture& f, const World& w) { return f.accounts().deleteUser(w.actor, w.otherId); },
          QStringLiteral("admin")}},
        {QStringLiteral("user.password_policy"),
         {[](ServiceFixture& f, const World& w) { return f.accounts().setPasswordMinLength(w.actor, 10); },
          QStringLiteral("admin")}},
        {QStringLiteral("role.list"),
         {[](ServiceFixture& f, const World& w) { return st(f.roles().listRoles(w.actor)); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("role.roles_of.other"),
         {[](ServiceFixture& f, const World& w) { return st(f.roles().rolesOf(w.actor, w.otherId)); },
          QStringLiteral("admin manager")}},
        {QStringLiteral("role.roles_of.self"),
         {[](ServiceFixture& f, const World& w) { return st(f.roles().rolesOf(w.actor, w.actor.userId())); },
          QStringLiteral("admin manager user viewer")}},
        {QStringLiteral("role.create"),
         {[](ServiceFixture& f, const World& w) {
              return st(f.roles().createRole(w.actor, QStringLiteral("auditor"), {QStringLiteral("task.view")}));
          },
          QStringLiteral("admin")}},
        {QStringLiteral("role.permissions"),
         {[](ServiceFixture& f, const World& w) {
              return f.roles().setRolePermissions(w.actor, QStringLiteral("custom"),
                                                  {QStringLiteral("task.view"), QStringLiteral("product.view")});
          },
          QStringLiteral("admin")}},
        {QStringLiteral("role.rename"),
         {[](ServiceFixture& f, const World& w) {
              return f.roles().renameRole(w.actor, QStringLiteral("custom"), QStringLiteral("custom2"));
          },
          QStringLiteral("admin")}},
        {QStringLiteral("role.delete"),
         {[](ServiceFixture& f, const World& w) { return f.roles().deleteRole(w.actor, QStringLiteral("custom")); },
          QStringLiteral("admin")}},
        {QStringLiteral("role.assign.other"),
         {[](ServiceFixture& f, const World& w) {
              return f.roles().assign(w.actor, w.otherId, QStringLiteral("viewer"));
          },
          QStringLiteral("admin")}},
        {QStringLiteral("role.assign.self_admin"),
         {[](ServiceFixture& f, const World& w) {
              return f.roles().assign(w.actor, w.actor.userId(), QStringLiteral("admin"));
          },
          QStringLiteral("admin")}},
        {QStringLiteral("role.unassign.other"),
         {[](ServiceFixture& f, const World& w) {
              return f.roles().unassign(w.actor, w.otherId, QStringLiteral("user"));
          },
          QStringLiteral("admin")}},
        {QStringLiteral("audit.list"),
         {[](ServiceFixture& f, const World& w) { return st(f.audit().list(w.actor, {})); }, QStringLiteral("admin")}},
    };
    return ops;
}

} // namespace

class TestPermissionMatrix : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matrix_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<bool>("allowed");
        for (const QString& role :
             {QStringLiteral("admin"), QStringLiteral("manager"), QStringLiteral("user"), QStringLiteral("viewer")}) {
            for (auto it = operations().cbegin(); it != operations().cend(); ++it) {
                const bool allowed = it.value().second.split(QLatin1Char(' ')).contains(role);
                QTest::addRow("%s %s", qPrintable(role), qPrintable(it.key())) << role << it.key() << allowed;
            }
        }
    }
    void matrix()
    {
        QFETCH(QString, role);
        QFETCH(QString, operation);
        QFETCH(bool, allowed);
        ServiceFixture f;
        const Principal admin = f.admin();
        QVERIFY(admin.isValid());
        World w;
        w.actor = f.userWithRole(QStringLiteral("actor"), role);
        QVERIFY(w.actor.isValid());
        auto other = f.accounts().createUser(admin, QStringLiteral("other"), pw("other"), false);
        QVERIFY(other.ok());
        w.otherId = other.value();
        w.ownTask = insertTask(f.db(), QStringLiteral("mine"), w.actor.userId());
        w.otherTask = insertTask(f.db(), QStringLiteral("theirs"), w.otherId);
        QVERIFY(w.ownTask && w.otherTask);
        auto product = f.products().create(admin, QStringLiteral("widget"), 2.5);
        QVERIFY(product.ok());
        w.product = product.value().id;
        QVERIFY(f.roles().createRole(admin, QStringLiteral("custom"), {QStringLiteral("task.view")}).ok());

        const QByteArray before = fingerprint(f.db());
        const Status s = operations().value(operation).first(f, w);
        if (allowed) {
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().code + QLatin1Char(' ') + s.error().message));
        } else {
            QVERIFY2(!s.ok(), "allowed but should be denied");
            QVERIFY2(s.error().code == QLatin1String("perm.denied") ||
                         s.error().code == QLatin1String("task.not_found"),
                     qPrintable(s.error().code));
            QCOMPARE(fingerprint(f.db()), before); // nothing changed
        }
    }

    // The seeded roles hold exactly PRODUCT.md's permissions.
    void builtinRolesMatchProduct()
    {
        ServiceFixture f;
        auto roles = f.roles().listRoles(f.admin());
        QVERIFY(roles.ok());
        QCOMPARE(roles.value().size(), 4);
        for (const RoleInfo& r : roles.value()) {
            QVERIFY(r.builtin);
            const QSet<QString> expected = Permissions::builtinRole(r.name);
            QCOMPARE(QSet<QString>(r.permissions.begin(), r.permissions.end()), expected);
        }
        QCOMPARE(Permissions::builtinRole(QStringLiteral("admin")).size(), 14);
        QCOMPARE(Permissions::builtinRole(QStringLiteral("user")),
                 (QSet<QString>{QStringLiteral("task.view"), QStringLiteral("task.create"), QStringLiteral("task.edit"),
                                QStringLiteral("task.complete"), QStringLiteral("product.view")}));
    }

    // Custom roles take effect at the next call, for sessions already open.
    void customRoleTakesEffectImmediately()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        const Principal viewer = f.userWithRole(QStringLiteral("v"), QStringLiteral("viewer"));
        QCOMPARE(f.products().create(viewer, QStringLiteral("x"), 1).error().code, QStringLiteral("perm.denied"));
        QVERIFY(f.roles().createRole(admin, QStringLiteral("stock"), {QStringLiteral("product.create")}).ok());
        QVERIFY(f.roles().assign(admin, viewer.userId(), QStringLiteral("stock")));
        QVERIFY(f.products().create(viewer, QStringLiteral("x"), 1).ok());
        QVERIFY(f.roles().revoke(admin, QStringLiteral("stock"), QStringLiteral("product.create")));
        QCOMPARE(f.products().create(viewer, QStringLiteral("y"), 1).error().code, QStringLiteral("perm.denied"));
        QCOMPARE(f.roles().createRole(admin, QStringLiteral("bad"), {QStringLiteral("task.fly")}).error().code,
                 QStringLiteral("role.unknown_permission"));
        QCOMPARE(f.roles().createRole(admin, QStringLiteral("stock"), {}).error().code, QStringLiteral("role.exists"));
        QCOMPARE(f.roles().setRolePermissions(admin, QStringLiteral("admin"), {}).error().code,
                 QStringLiteral("role.builtin"));
        QCOMPARE(f.roles().deleteRole(admin, QStringLiteral("stock")).error().code, QStringLiteral("role.in_use"));
        QVERIFY(f.roles().deleteRole(admin, QStringLiteral("stock"), true));
    }
};

QTEST_GUILESS_MAIN(TestPermissionMatrix)
#include "tst_permissionmatrix.moc"
