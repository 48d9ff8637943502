// Tasks and products: search, filters, sorting, pagination, validation, and SQL-injection / rich-text
// payloads in every text field stored and returned exactly.
#include "ServiceFixture.h"

#include "store/SqlStatement.h"

using namespace gatehouse::test;

namespace {

QStringList payloads()
{
    return {
        QStringLiteral("'; DROP TABLE task; --"),
        QStringLiteral("\" OR \"1\"=\"1"),
        QStringLiteral("Robert'); DELETE FROM \"user\" WHERE ('1'='1"),
        QStringLiteral("100% _done_ \\ escaped"),
        QStringLiteral("<b>bold</b><script>alert(1)</script>"),
        QStringLiteral("<img src=x onerror=alert(document.cookie)>"),
        QStringLiteral("<a href=\"javascript:alert(1)\">click</a> &amp; &lt;"),
        QString::fromUtf8("unicode ✓ 😀 مرحبا 漢字 \u202Eevil"),
        QStringLiteral("tab\tand trailing space "),
        QStringLiteral("%s %n %x {0} ${jndi:ldap://x}"),
    };
}

QStringList titles(const TaskPage& page)
{
    QStringList out;
    for (const Task& t : page.items)
        out << t.title;
    return out;
}

} // namespace

class TestTaskService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void payloadsRoundTripInEveryField_data()
    {
        QTest::addColumn<QString>("payload");
        int i = 0;
        for (const QString& p : payloads())
            QTest::addRow("%d", i++) << p;
    }
    void payloadsRoundTripInEveryField()
    {
        QFETCH(QString, payload);
        ServiceFixture f;
        const Principal admin = f.admin();
        // task title and description
        auto task = f.tasks().create(admin, payload, payload + QStringLiteral("\nline two"));
        QVERIFY2(task.ok(), qPrintable(task.ok() ? QString() : task.error().code));
        auto back = f.tasks().get(admin, task.value().id);
        QCOMPARE(back.value().title, payload);
        QCOMPARE(back.value().description, payload + QStringLiteral("\nline two"));
        // and found by searching for it literally (LIKE wildcards escaped)
        TaskQuery q;
        q.search = payload;
        auto found = f.tasks().list(admin, q);
        QCOMPARE(found.value().total, 1);
        QCOMPARE(found.value().items.first().title, payload);
        // product name
        auto product = f.products().create(admin, payload, 1.25);
        QVERIFY(product.ok());
        QCOMPARE(f.products().get(admin, product.value().id).value().name, payload);
        ProductQuery pq;
        pq.search = payload;
        QCOMPARE(f.products().list(admin, pq).value().items.size(), 1);
        // username (payloads without control characters or edge spaces are valid names)
        QString name;
        for (const QChar c : payload.trimmed()) {
            if (c != QLatin1Char('\t'))
                name += c;
        }
        auto user = f.accounts().createUser(admin, name, pw("payload"), false);
        QVERIFY2(user.ok(), qPrintable(user.ok() ? QString() : user.error().code));
        auto login = f.accounts().login(name, pw("payload"));
        QVERIFY(login.ok());
        QCOMPARE(login.value().principal.username(), name);
        QCOMPARE(f.accounts().findUser(admin, name).value().username, name);
        // role description (names are restricted to a safe alphabet)
        auto role = f.roles().createRole(admin, QStringLiteral("r1"), {}, payload);
        QVERIFY(role.ok());
        bool seen = false;
        const auto roles = f.roles().listRoles(admin); // kept: value() of a temporary would dangle in the loop
        QVERIFY(roles.ok());
        for (const RoleInfo& r : roles.value())
            seen = seen || (r.name == QLatin1String("r1") && r.description == payload);
        QVERIFY(seen);
        QCOMPARE(f.roles().createRole(admin, payload, {}).error().code, QStringLiteral("role.invalid_name"));
        // the audit log keeps the attempted username exactly
        (void)f.accounts().login(payload + QStringLiteral("x"), pw("nope"));
        AuditLog::Query aq;
        aq.action = QStringLiteral("auth.login");
        QCOMPARE(f.audit().list(admin, aq).value().first().target, payload + QStringLiteral("x"));
        // and nothing was dropped or deleted
        auto c = f.db().connection();
        QCOMPARE(
            store::SqlStatement::scalar(c.value(), QStringLiteral("SELECT count(*) FROM \"user\"")).value().toInt(), 2);
        QCOMPARE(store::SqlStatement::scalar(c.value(), QStringLiteral("SELECT count(*) FROM task")).value().toInt(),
                 1);
    }

    void searchFilterSortPaginate()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        const Principal alice = f.userWithRole(QStringLiteral("alice"), QStringLiteral("user"));
        const Principal bob = f.userWithRole(QStringLiteral("bob"), QStringLiteral("user"));
        const QStringList aliceTitles = {QStringLiteral("Buy milk"), QStringLiteral("write report"),
                                         QStringLiteral("call Bob"), QStringLiteral("buy bread"),
                                         QStringLiteral("Zebra crossing")};
        QList<qint64> ids;
        for (const QString& t : aliceTitles) {
            f.clock().advance(10);
            auto task = f.tasks().create(alice, t);
            QVERIFY(task.ok());
            ids << task.value().id;
        }
        QVERIFY(f.tasks().create(bob, QStringLiteral("bob buys a boat")).ok());
        QVERIFY(f.tasks().setCompleted(alice, ids[1], true).ok());
        QVERIFY(f.tasks().setCompleted(alice, ids[3], true).ok());

        // alice sees her own five only
        QCOMPARE(f.tasks().list(alice, {}).value().total, 5);
        TaskQuery q;
        q.search = QStringLiteral("buy");
        QCOMPARE(titles(f.tasks().list(alice, q).value()),
                 (QStringList{QStringLiteral("Buy milk"), QStringLiteral("buy bread")}));
        QCOMPARE(f.tasks().list(admin, q).value().total, 3); // admin sees bob's too
        q = {};
        q.completed = true;
        QCOMPARE(titles(f.tasks().list(alice, q).value()),
                 (QStringList{QStringLiteral("write report"), QStringLiteral("buy bread")}));
        q.completed = false;
        QCOMPARE(f.tasks().list(alice, q).value().total, 3);
        q = {};
        q.sort = TaskQuery::Sort::Title;
        QCOMPARE(titles(f.tasks().list(alice, q).value()).first(), QStringLiteral("Buy milk"));
        q.descending = true;
        QCOMPARE(titles(f.tasks().list(alice, q).value()).first(), QStringLiteral("write report"));
        q = {};
        q.sort = TaskQuery::Sort::Created;
        q.descending = true;
        q.perPage = 2;
        q.page = 1;
        auto p1 = f.tasks().list(alice, q);
        QCOMPARE(titles(p1.value()), (QStringList{QStringLiteral("Zebra crossing"), QStringLiteral("buy bread")}));
        QCOMPARE(p1.value().total, 5);
        q.page = 3;
        QCOMPARE(titles(f.tasks().list(alice, q).value()), QStringList{QStringLiteral("Buy milk")});
        q.page = 4;
        QVERIFY(f.tasks().list(alice, q).value().items.isEmpty());
        q.page = 0;
        QCOMPARE(f.tasks().list(alice, q).error().code, QStringLiteral("task.invalid_query"));
        // owner filter
        q = {};
        q.ownerId = bob.userId();
        QCOMPARE(titles(f.tasks().list(admin, q).value()), QStringList{QStringLiteral("bob buys a boat")});
        QCOMPARE(f.tasks().list(alice, q).error().code, QStringLiteral("perm.denied"));
        q.ownerId = alice.userId();
        QCOMPARE(f.tasks().list(alice, q).value().total, 5);
        // a capped count
        q = {};
        q.countCap = 3;
        auto capped = f.tasks().list(alice, q);
        QCOMPARE(capped.value().total, 3);
        QVERIFY(capped.value().totalIsLowerBound);
        QCOMPARE(capped.value().items.size(), 5);
        q.countCap = 10;
        QCOMPARE(f.tasks().list(alice, q).value().total, 5);
        QVERIFY(!f.tasks().list(alice, q).value().totalIsLowerBound);
        q.countCap = 5; // exactly the cap is exact, not "5+"
        QCOMPARE(f.tasks().list(alice, q).value().total, 5);
        QVERIFY(!f.tasks().list(alice, q).value().totalIsLowerBound);
        q.countCap = 4;
        QCOMPARE(f.tasks().list(alice, q).value().total, 4);
        QVERIFY(f.tasks().list(alice, q).value().totalIsLowerBound);
        // the owner's name comes along
        QCOMPARE(f.tasks().get(alice, ids[0]).value().ownerName, QStringLiteral("alice"));
    }

    // Done first or last, ties by id in the same direction; under a done filter, the id order alone.
    void sortByCompleted()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        for (const char* t : {"a", "b", "c", "d"}) {
            auto task = f.tasks().create(admin, QString::fromLatin1(t));
            QVERIFY(task.ok());
            if (qstrcmp(t, "b") == 0 || qstrcmp(t, "d") == 0)
                QVERIFY(f.tasks().setCompleted(admin, task.value().id, true).ok());
        }
        TaskQuery q;
        q.sort = TaskQuery::Sort::Completed;
        QCOMPARE(titles(f.tasks().list(admin, q).value()),
                 (QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("d")}));
        q.descending = true;
        QCOMPARE(titles(f.tasks().list(admin, q).value()),
                 (QStringList{QStringLiteral("d"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")}));
        q.completed = true;
        QCOMPARE(titles(f.tasks().list(admin, q).value()), (QStringList{QStringLiteral("d"), QStringLiteral("b")}));
        q.descending = false;
        q.completed = false;
        QCOMPARE(titles(f.tasks().list(admin, q).value()), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
    }

    void validation()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        QCOMPARE(f.tasks().create(admin, QString()).error().code, QStringLiteral("task.invalid_title"));
        QCOMPARE(f.tasks().create(admin, QStringLiteral("   ")).error().code, QStringLiteral("task.invalid_title"));
        QCOMPARE(f.tasks().create(admin, QString(201, QLatin1Char('t'))).error().code,
                 QStringLiteral("task.invalid_title"));
        QVERIFY(f.tasks().create(admin, QString(200, QLatin1Char('t'))).ok());
        QCOMPARE(f.tasks().get(admin, 999).error().code, QStringLiteral("task.not_found"));
        QCOMPARE(f.products().create(admin, QStringLiteral("p"), -1).error().code,
                 QStringLiteral("product.invalid_price"));
        QCOMPARE(f.products().create(admin, QStringLiteral("p"), qQNaN()).error().code,
                 QStringLiteral("product.invalid_price"));
        QCOMPARE(f.products().create(admin, QString(), 1).error().code, QStringLiteral("product.invalid_name"));
        QCOMPARE(f.products().get(admin, 42).error().code, QStringLiteral("product.not_found"));
        auto p = f.products().create(admin, QStringLiteral("lamp"), 19.99);
        QVERIFY(p.ok());
        QCOMPARE(p.value().price, 19.99);
        ProductChanges c;
        c.name = QStringLiteral("desk lamp");
        QCOMPARE(f.products().update(admin, p.value().id, c).value().price, 19.99);
        QVERIFY(f.products().remove(admin, p.value().id));
        QCOMPARE(f.products().remove(admin, p.value().id).error().code, QStringLiteral("product.not_found"));
    }

    void deletingUserKeepsTheirTasksUnowned()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        const Principal u = f.userWithRole(QStringLiteral("u"), QStringLiteral("user"));
        auto t = f.tasks().create(u, QStringLiteral("orphan"));
        QVERIFY(t.ok());
        QVERIFY(f.accounts().deleteUser(admin, u.userId()));
        auto back = f.tasks().get(admin, t.value().id);
        QVERIFY(back.ok());
        QCOMPARE(back.value().ownerId, 0);
        TaskQuery q;
        q.ownerId = 0;
        QCOMPARE(f.tasks().list(admin, q).value().total, 1);
    }
};

QTEST_GUILESS_MAIN(TestTaskService)
#include "tst_taskservice.moc"
