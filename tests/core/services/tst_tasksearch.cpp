// Task search over the trigram index (schema 3): user text is literal (FTS syntax, LIKE wildcards and quotes
// are just characters), short texts fall back to LIKE, results keep LIKE's meaning, and the index follows
// writes that bypass TaskService (another program such as a Flask app writing task directly).
#include "ServiceFixture.h"

#include "store/SqlStatement.h"
#include "store/TaskSearchIndex.h"

#include <QSqlQuery>

using namespace gatehouse::test;
using gatehouse::core::store::SqlStatement;
using gatehouse::core::store::TaskSearchIndex;

namespace {

const QStringList kTitles = {
    QStringLiteral("50% off"),
    QStringLiteral("5000 off"),
    QStringLiteral("a_b"),
    QStringLiteral("axb"),
    QStringLiteral("say \"hi\" now"),
    QStringLiteral("NEAR(x y)"),
    QStringLiteral("OR AND NOT"),
    QStringLiteral("prefix* star"),
    QStringLiteral("col:umn ^caret"),
    QStringLiteral("back\\slash"),
    QStringLiteral("Crème BRÛLÉE"),
    QStringLiteral("Hello World"),
    QStringLiteral("'); DROP TABLE task; --"),
};

QStringList searchTitles(ServiceFixture& f, const Principal& p, const QString& text)
{
    TaskQuery q;
    q.search = text;
    q.perPage = 500;
    auto page = f.tasks().list(p, q);
    if (!page)
        return {QStringLiteral("error: ") + page.error().code};
    QStringList out;
    for (const Task& t : page.value().items)
        out << t.title;
    return out;
}

// FTS5's own consistency check of an external-content index against its table.
bool indexConsistent(store::Database& db, const QString& table)
{
    auto c = db.connection();
    return SqlStatement::run(c.value(),
                             QStringLiteral("INSERT INTO %1 (%1, rank) VALUES ('integrity-check', 1)").arg(table))
        .ok();
}

} // namespace

class TestTaskSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void literalSearch_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("percent") << QStringLiteral("50%") << QStringList{QStringLiteral("50% off")};
        QTest::newRow("percent short") << QStringLiteral("0%") << QStringList{QStringLiteral("50% off")};
        QTest::newRow("underscore") << QStringLiteral("a_b") << QStringList{QStringLiteral("a_b")};
        QTest::newRow("underscore short") << QStringLiteral("_b") << QStringList{QStringLiteral("a_b")};
        QTest::newRow("double quotes") << QStringLiteral("\"hi\"") << QStringList{QStringLiteral("say \"hi\" now")};
        QTest::newRow("lone quote") << QStringLiteral("y \"") << QStringList{QStringLiteral("say \"hi\" now")};
        QTest::newRow("NEAR syntax") << QStringLiteral("NEAR(x") << QStringList{QStringLiteral("NEAR(x y)")};
        QTest::newRow("boolean words") << QStringLiteral("OR AND") << QStringList{QStringLiteral("OR AND NOT")};
        QTest::newRow("prefix star") << QStringLiteral("fix*") << QStringList{QStringLiteral("prefix* star")};
        QTest::newRow("column filter") << QStringLiteral("col:umn") << QStringList{QStringLiteral("col:umn ^caret")};
        QTest::newRow("caret") << QStringLiteral("^caret") << QStringList{QStringLiteral("col:umn ^caret")};
        QTest::newRow("backslash") << QStringLiteral("k\\s") << QStringList{QStringLiteral("back\\slash")};
        QTest::newRow("sql injection") << QStringLiteral("'); DROP")
                                       << QStringList{QStringLiteral("'); DROP TABLE task; --")};
        QTest::newRow("ascii case folds")
            << QStringLiteral("hello WORLD") << QStringList{QStringLiteral("Hello World")};
        // LIKE folds ASCII only; the index folds more, and must not widen the result.
        QTest::newRow("non-ascii case kept") << QStringLiteral("brûlée") << QStringList{};
        QTest::newRow("non-ascii exact") << QStringLiteral("BRÛLÉE") << QStringList{QStringLiteral("Crème BRÛLÉE")};
        QTest::newRow("one character") << QStringLiteral("%") << QStringList{QStringLiteral("50% off")};
        QTest::newRow("two characters") << QStringLiteral("ff")
                                        << QStringList{QStringLiteral("50% off"), QStringLiteral("5000 off")};
        QTest::newRow("no match") << QStringLiteral("zzz") << QStringList{};
    }
    void literalSearch()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        ServiceFixture f;
        const Principal admin = f.admin();
        for (const QString& t : kTitles)
            QVERIFY(f.tasks().create(admin, t).ok());
        QCOMPARE(searchTitles(f, admin, text), expected);
        QCOMPARE(TaskSearchIndex::usable(text), text.toUcs4().size() >= 3);
    }

    void matchExpressionIsOneQuotedString()
    {
        QCOMPARE(TaskSearchIndex::matchExpression(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
        QCOMPARE(TaskSearchIndex::likePattern(QStringLiteral("5%_\\")), QStringLiteral("%5\\%\\_\\\\%"));
        // Three code points in six UTF-16 units are enough for trigrams; two are not.
        QVERIFY(TaskSearchIndex::usable(QStringLiteral("😀😀😀")));
        QVERIFY(!TaskSearchIndex::usable(QStringLiteral("😀😀")));
    }

    void descriptionsAreSearchedAndFollowEdits()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto t = f.tasks().create(admin, QStringLiteral("plain title"), QStringLiteral("hidden needle inside"));
        QVERIFY(t.ok());
        QCOMPARE(searchTitles(f, admin, QStringLiteral("needle")), QStringList{QStringLiteral("plain title")});
        TaskChanges c;
        c.description = QStringLiteral("something else");
        QVERIFY(f.tasks().update(admin, t.value().id, c).ok());
        QCOMPARE(searchTitles(f, admin, QStringLiteral("needle")), QStringList{});
        QCOMPARE(searchTitles(f, admin, QStringLiteral("thing el")), QStringList{QStringLiteral("plain title")});
        c = {};
        c.title = QStringLiteral("renamed task");
        QVERIFY(f.tasks().update(admin, t.value().id, c).ok());
        QCOMPARE(searchTitles(f, admin, QStringLiteral("plain")), QStringList{});
        QCOMPARE(searchTitles(f, admin, QStringLiteral("renamed")), QStringList{QStringLiteral("renamed task")});
        QVERIFY(f.tasks().remove(admin, t.value().id));
        QCOMPARE(searchTitles(f, admin, QStringLiteral("renamed")), QStringList{});
        QCOMPARE(searchTitles(f, admin, QStringLiteral("thing el")), QStringList{});
        QVERIFY(indexConsistent(f.db(), QStringLiteral("gh_task_title_fts")));
        QVERIFY(indexConsistent(f.db(), QStringLiteral("gh_task_description_fts")));
    }

    // Plain SQL on a separate connection without foreign keys, as SQLAlchemy writes.
    void indexFollowsWritesOfOtherPrograms()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        QVERIFY(f.tasks().create(admin, QStringLiteral("made by gatehouse"), QStringLiteral("with notes")).ok());
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            c.setDatabaseName(f.path());
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO task (title, completed) VALUES ('flask one', 0)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO task (title, completed) VALUES ('flask two', 0)")));
            QVERIFY(q.exec(QStringLiteral("UPDATE task SET completed = 1 WHERE title = 'flask one'")));
            QVERIFY(q.exec(QStringLiteral("UPDATE task SET title = 'flask 2 renamed' WHERE title = 'flask two'")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM task WHERE title = 'made by gatehouse'")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO task (title, completed) VALUES ('flask three', NULL)")));
            q = QSqlQuery();
            c.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        QCOMPARE(searchTitles(f, admin, QStringLiteral("flask")),
                 (QStringList{QStringLiteral("flask one"), QStringLiteral("flask 2 renamed"),
                              QStringLiteral("flask three")}));
        QCOMPARE(searchTitles(f, admin, QStringLiteral("two")), QStringList{});
        QCOMPARE(searchTitles(f, admin, QStringLiteral("gatehouse")), QStringList{});
        QCOMPARE(searchTitles(f, admin, QStringLiteral("notes")), QStringList{}); // its gh_task row went with it
        // Their tasks got a gh_task row (schema 5), so the time-sorted lists (an inner join) show them too.
        for (const TaskQuery::Sort sort : {TaskQuery::Sort::Created, TaskQuery::Sort::Updated, TaskQuery::Sort::Id}) {
            TaskQuery q;
            q.sort = sort;
            auto page = f.tasks().list(admin, q);
            QVERIFY(page.ok());
            QCOMPARE(page.value().items.size(), 3);
            QCOMPARE(page.value().total, 3);
            for (const Task& t : page.value().items) {
                QCOMPARE(t.ownerId, 0);
                QVERIFY(t.createdAt > 0);
            }
        }
        QVERIFY(indexConsistent(f.db(), QStringLiteral("gh_task_title_fts")));
        QVERIFY(indexConsistent(f.db(), QStringLiteral("gh_task_description_fts")));
    }

    // Database::integrityCheck looks into the search index too (SQLite 3.40's own check does not), and a
    // rebuild repairs it.
    void integrityCheckCoversTheIndexAndRebuildRepairs()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto t = f.tasks().create(admin, QStringLiteral("indexed title"));
        QVERIFY(t.ok());
        QVERIFY(f.db().integrityCheck());
        auto c = f.db().connection();
        QVERIFY(SqlStatement::run(c.value(),
                                  QStringLiteral("INSERT INTO gh_task_title_fts (gh_task_title_fts, rowid, title) "
                                                 "VALUES ('delete', ?, 'indexed title')"),
                                  {t.value().id})
                    .ok());
        QCOMPARE(searchTitles(f, admin, QStringLiteral("indexed")), QStringList{});
        const Status broken = f.db().integrityCheck();
        QVERIFY(!broken);
        QCOMPARE(broken.error().code, QStringLiteral("db.corrupt"));
        QVERIFY(f.db().write([](QSqlDatabase& w) { return TaskSearchIndex::rebuild(w); }));
        QVERIFY(f.db().integrityCheck());
        QCOMPARE(searchTitles(f, admin, QStringLiteral("indexed")), QStringList{QStringLiteral("indexed title")});
    }

    void searchCombinesWithFiltersAndCountCap()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        const Principal alice = f.userWithRole(QStringLiteral("alice"), QStringLiteral("user"));
        for (int i = 0; i < 7; ++i) {
            auto t = f.tasks().create(alice, QStringLiteral("report %1").arg(i));
            QVERIFY(t.ok());
            if (i % 2)
                QVERIFY(f.tasks().setCompleted(alice, t.value().id, true).ok());
        }
        QVERIFY(f.tasks().create(admin, QStringLiteral("admin report")).ok());
        TaskQuery q;
        q.search = QStringLiteral("report");
        QCOMPARE(f.tasks().list(alice, q).value().total, 7); // not the admin's
        QCOMPARE(f.tasks().list(admin, q).value().total, 8);
        q.completed = true;
        QCOMPARE(f.tasks().list(alice, q).value().total, 3);
        q.completed.reset();
        q.sort = TaskQuery::Sort::Title;
        q.descending = true;
        q.perPage = 2;
        q.countCap = 5;
        auto page = f.tasks().list(alice, q);
        QVERIFY(page.ok());
        QCOMPARE(page.value().items.size(), 2);
        QCOMPARE(page.value().items.first().title, QStringLiteral("report 6"));
        QCOMPARE(page.value().total, 5);
        QVERIFY(page.value().totalIsLowerBound);
    }
};

QTEST_GUILESS_MAIN(TestTaskSearch)
#include "tst_tasksearch.moc"
