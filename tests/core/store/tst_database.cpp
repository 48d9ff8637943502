// The SQLite store on real files in a QTemporaryDir: creation mode, pragmas, the exact Flask DDL, adoption
// of a Flask database with a backup, migrations, error values for bad files, rollback, per-thread connections.
#include "store/Database.h"
#include "store/Schema.h"
#include "store/SqlStatement.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtConcurrent>

#include <sys/stat.h>

using namespace gatehouse::core;
using namespace gatehouse::core::store;

namespace {

QVariant scalar(const Database& db, const QString& sql, const QVariantList& params = {})
{
    auto c = db.connection();
    if (!c)
        return {};
    auto v = SqlStatement::scalar(c.value(), sql, params);
    return v ? v.value() : QVariant();
}

// A database as a Flask-SQLAlchemy app leaves it (its DDL, with a user and a task), written with a
// plain connection that Gatehouse does not manage.
void writeFlaskDatabase(const QString& path)
{
    {
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("flask"));
        c.setDatabaseName(path);
        QVERIFY(c.open());
        QSqlQuery q(c);
        QVERIFY(q.exec(
            QStringLiteral("CREATE TABLE user (\n\tid INTEGER NOT NULL, \n\tusername VARCHAR(80) NOT NULL, "
                           "\n\tpassword VARCHAR(200) NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (username)\n)")));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE task (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR(200) NOT NULL, "
                                      "\n\tcompleted BOOLEAN, \n\tPRIMARY KEY (id)\n)")));
        QVERIFY(q.exec(
            QStringLiteral("INSERT INTO user (username, password) VALUES ('flaskuser', 'pbkdf2:sha256:1$a$b')")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO task (title, completed) VALUES ('from flask', 1)")));
        c.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("flask"));
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newFileIsPrivateWalWithForeignKeys()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.sqlite"));
        auto db = Database::open(path);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(scalar(*db.value(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QVERIFY(scalar(*db.value(), QStringLiteral("PRAGMA busy_timeout")).toInt() >= 1000);
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT max(version) FROM gh_schema_version")).toInt(),
                 Schema::kCurrentVersion);
        QVERIFY(db.value()->backupPath().isEmpty()); // a new file needs no backup
        QCOMPARE(db.value()->databaseId().size(), 32);
        // A write makes the WAL file; it gets the database's mode.
        QVERIFY(db.value()->write([](QSqlDatabase& c) -> Status {
            auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES (?, ?)"),
                                       {QStringLiteral("p"), 1.5});
            return r ? Status() : Status(r.error());
        }));
        QCOMPARE(::stat(QFile::encodeName(path + QStringLiteral("-wal")).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
    }

    void flaskTablesHaveFlaskSqlalchemyDdl()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("ddl.sqlite")));
        QVERIFY(db.ok());
        const QString sql = QStringLiteral("SELECT sql FROM sqlite_master WHERE name = ?");
        QCOMPARE(scalar(*db.value(), sql, {QStringLiteral("user")}).toString(),
                 QStringLiteral("CREATE TABLE user (\n\tid INTEGER NOT NULL, \n\tusername VARCHAR(80) NOT NULL, "
                                "\n\tpassword VARCHAR(200) NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (username)\n)"));
        QCOMPARE(scalar(*db.value(), sql, {QStringLiteral("task")}).toString(),
                 QStringLiteral("CREATE TABLE task (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR(200) NOT NULL, "
                                "\n\tcompleted BOOLEAN, \n\tPRIMARY KEY (id)\n)"));
        QCOMPARE(scalar(*db.value(), sql, {QStringLiteral("product")}).toString(),
                 QStringLiteral("CREATE TABLE product (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(100) NOT NULL, "
                                "\n\tprice FLOAT NOT NULL, \n\tPRIMARY KEY (id)\n)"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM gh_permission")).toInt(), 14);
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM gh_role "
                                                    "ORDER BY id)"))
                     .toString(),
                 QStringLiteral("admin,manager,user,viewer"));
    }

    void adoptsFlaskDatabaseWithBackup()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("users.db"));
        writeFlaskDatabase(path);
        QVERIFY(!QTest::currentTestFailed());
        FixedClock clock(1700000000);
        Database::Options options;
        options.clock = &clock;
        {
            auto db = Database::open(path, options);
            QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().code));
            const QString backup = db.value()->backupPath();
            QCOMPARE(backup, path + QStringLiteral(".backup-v0-20231114T221320Z"));
            // The Flask rows are untouched, and now have Gatehouse state.
            QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT username FROM user")).toString(),
                     QStringLiteral("flaskuser"));
            QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM gh_account")).toInt(), 1);
            QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT r.name FROM gh_user_role ur JOIN gh_role r ON r.id = "
                                                        "ur.role_id"))
                         .toString(),
                     QStringLiteral("user"));
            QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM gh_task WHERE owner_id IS NULL")).toInt(),
                     1);
            QVERIFY(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM product")).isValid()); // created
        }
        // The backup is the file as it was: no Gatehouse tables, mode 0600.
        const QString backup = path + QStringLiteral(".backup-v0-20231114T221320Z");
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(backup).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        {
            auto copy = Database::open(backup, Database::Options{.readOnly = true});
            QVERIFY(!copy.ok()); // read-only and needs a migration
            QCOMPARE(copy.error().code, QStringLiteral("db.readonly"));
        }
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            c.setDatabaseName(backup);
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name LIKE 'gh_%'")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            QVERIFY(q.exec(QStringLiteral("SELECT title FROM task")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("from flask"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        // Reopening an up-to-date file migrates nothing and writes no new backup.
        auto again = Database::open(path, options);
        QVERIFY(again.ok());
        QVERIFY(again.value()->backupPath().isEmpty());
        QCOMPARE(scalar(*again.value(), QStringLiteral("SELECT count(*) FROM gh_schema_version")).toInt(),
                 Schema::kCurrentVersion);
    }

    // A file at schema 1 is upgraded to the current version after a backup; a migration that fails leaves version 1
    // intact.
    void migratesOlderGatehouseFile_data()
    {
        QTest::addColumn<bool>("sabotage");
        QTest::newRow("ok") << false;
        QTest::newRow("failing migration") << true;
    }
    void migratesOlderGatehouseFile()
    {
        QFETCH(bool, sabotage);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.sqlite"));
        FixedClock clock(1700000000);
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            c.setDatabaseName(path);
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
            QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
            QVERIFY(Schema::apply(c, 1, clock));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO task (title, completed) VALUES ('kept', 0)")));
            // A table squatting on a name version 2 needs makes that migration fail.
            if (sabotage)
                QVERIFY(q.exec(QStringLiteral("CREATE TABLE gh_task_updated (x)")));
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
            c.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        Database::Options o;
        o.clock = &clock;
        auto db = Database::open(path, o);
        if (sabotage) {
            QVERIFY(!db.ok());
            QCOMPARE(db.error().code, QStringLiteral("db.query"));
            QVERIFY(QFileInfo::exists(path + QStringLiteral(".backup-v1-20231114T221320Z")));
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek1"));
            c.setDatabaseName(path);
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("SELECT max(version) FROM gh_schema_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1); // nothing of version 2 half-applied
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'gh_task_title'")) &&
                    q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            q = QSqlQuery();
            c.close();
            c = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("peek1"));
            return;
        }
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        QCOMPARE(db.value()->backupPath(), path + QStringLiteral(".backup-v1-20231114T221320Z"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT max(version) FROM gh_schema_version")).toInt(),
                 Schema::kCurrentVersion);
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT title FROM task")).toString(), QStringLiteral("kept"));
        // Schema 5 gave the task inserted without one its gh_task row.
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT created_at FROM gh_task")).toLongLong(), 1700000000);
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'gh_task_title'"))
                     .toInt(),
                 1);
    }

    // Version 3 (search index, triggers) fails on a squatted name: nothing of it stays, version 2 and its
    // data are intact, a backup was written; once the name is free the upgrade indexes the existing tasks.
    void failedSearchMigrationLeavesVersion2()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v2.sqlite"));
        FixedClock clock(1700000000);
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
            c.setDatabaseName(path);
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
            QVERIFY(Schema::apply(c, 1, clock));
            QVERIFY(Schema::apply(c, 2, clock));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO task (title, completed) VALUES ('existing chore', 0)")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE gh_task_created (x)")));
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
            q = QSqlQuery();
            c.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v2"));
        Database::Options o;
        o.clock = &clock;
        {
            auto db = Database::open(path, o);
            QVERIFY(!db.ok());
            QVERIFY(QFileInfo::exists(path + QStringLiteral(".backup-v2-20231114T221320Z")));
        }
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek2"));
            c.setDatabaseName(path);
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("SELECT max(version) FROM gh_schema_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 2);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name LIKE '%fts%'")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            // Inserts still work without the half-made triggers.
            QVERIFY(q.exec(QStringLiteral("INSERT INTO task (title, completed) VALUES ('while broken', 0)")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE gh_task_created")));
            q = QSqlQuery();
            c.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek2"));
        auto db = Database::open(path, o);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT max(version) FROM gh_schema_version")).toInt(),
                 Schema::kCurrentVersion);
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT group_concat(rowid) FROM gh_task_title_fts WHERE "
                                                    "gh_task_title_fts MATCH '\"broke\"'"))
                     .toString(),
                 QStringLiteral("2"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM pragma_table_info('gh_account') WHERE name = "
                                                    "'credential_epoch'"))
                     .toInt(),
                 1);
    }

    void refusesIncompatibleFlaskTable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("odd.db"));
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("odd"));
            c.setDatabaseName(path);
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE user (id INTEGER PRIMARY KEY, email TEXT)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("odd"));
        const QByteArray before = [&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db.schema.incompatible"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before); // untouched
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("code");
        QTest::newRow("text") << QByteArray("hello, this is not a database\n").repeated(200)
                              << QStringLiteral("db.not_sqlite");
        QTest::newRow("zeros-header") << (QByteArray("SQLite format 3", 16) + QByteArray(4080, '\xff'))
                                      << QStringLiteral("db.not_sqlite");
    }
    void badFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, code);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, code);
        QFile back(path);
        QVERIFY(back.open(QIODevice::ReadOnly));
        QCOMPARE(back.readAll(), content); // nothing written
    }

    void corruptFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("corrupt.sqlite"));
        {
            auto db = Database::open(path);
            QVERIFY(db.ok());
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() >= 4096);
        // Page 1's b-tree (the schema table) starts at offset 100: garbage there is a damaged file.
        QVERIFY(f.seek(100));
        f.write(QByteArray(3996, '\xee'));
        f.close();
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db.corrupt"));
    }

    void readOnlyFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ro.sqlite"));
        {
            auto db = Database::open(path);
            QVERIFY(db.ok());
            QVERIFY(db.value()->write([](QSqlDatabase& c) -> Status {
                auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES ('kept', 2)"));
                return r ? Status() : Status(r.error());
            }));
        }
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner));
        auto db = Database::open(path);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().code + db.error().message));
        QVERIFY(db.value()->isReadOnly());
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT name FROM product")).toString(), QStringLiteral("kept"));
        const Status s = db.value()->write([](QSqlDatabase& c) -> Status {
            auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES ('no', 2)"));
            return r ? Status() : Status(r.error());
        });
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("db.readonly"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM product")).toInt(), 1);
    }

    void diskFullWritesNothing()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("full.sqlite")));
        QVERIFY(db.ok());
        {
            auto c = db.value()->connection();
            QVERIFY(c.ok());
            const int pages = SqlStatement::scalar(c.value(), QStringLiteral("PRAGMA page_count")).value().toInt();
            QVERIFY(SqlStatement::run(c.value(), QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)).ok());
        }
        const Status s = db.value()->write([](QSqlDatabase& c) -> Status {
            for (int i = 0; i < 200; ++i) {
                auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES (?, ?)"),
                                           {QString(2000, QLatin1Char('x')), i});
                if (!r)
                    return r.error();
            }
            return {};
        });
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("db.full"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM product")).toInt(), 0);
        QVERIFY(db.value()->integrityCheck());
    }

    void failedBodyRollsBack()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("rb.sqlite")));
        QVERIFY(db.ok());
        const Status s = db.value()->write([](QSqlDatabase& c) -> Status {
            if (auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES ('a', 1)")); !r)
                return r.error();
            // NOT NULL violation: the first insert must vanish too.
            auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES (?, NULL)"),
                                       {QStringLiteral("b")});
            return r ? Status() : Status(r.error());
        });
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("db.constraint"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM product")).toInt(), 0);
        // And the connection is usable afterwards (no transaction left open).
        QVERIFY(db.value()->write([](QSqlDatabase& c) -> Status {
            auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES ('c', 1)"));
            return r ? Status() : Status(r.error());
        }));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT count(*) FROM product")).toInt(), 1);
    }

    void newerSchemaRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("newer.sqlite"));
        {
            auto db = Database::open(path);
            QVERIFY(db.ok());
            QVERIFY(db.value()->write([](QSqlDatabase& c) -> Status {
                auto r = SqlStatement::run(
                    c, QStringLiteral(
                           "INSERT INTO gh_schema_version (version, applied_at, description) VALUES (99, 0, 'x')"));
                return r ? Status() : Status(r.error());
            }));
        }
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db.schema.newer"));
    }

    void missingFileWithoutCreate()
    {
        QTemporaryDir dir;
        Database::Options o;
        o.createIfMissing = false;
        auto db = Database::open(dir.filePath(QStringLiteral("none.sqlite")), o);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, QStringLiteral("db.not_found"));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("none.sqlite"))));
    }

    void oneConnectionPerThread()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("threads.sqlite")));
        QVERIFY(db.ok());
        std::shared_ptr<Database> shared = db.value();
        QList<QThread*> threads;
        QAtomicInt failures = 0;
        QMutex namesMutex;
        QSet<QString> names;
        for (int t = 0; t < 4; ++t) {
            threads << QThread::create([&, t] {
                auto c = shared->connection();
                if (c) {
                    QMutexLocker lock(&namesMutex);
                    names.insert(c.value().connectionName());
                }
                for (int i = 0; i < 25; ++i) {
                    const Status s = shared->write([&](QSqlDatabase& conn) -> Status {
                        auto r =
                            SqlStatement::run(conn, QStringLiteral("INSERT INTO product (name, price) VALUES (?, ?)"),
                                              {QStringLiteral("t%1-%2").arg(t).arg(i), i});
                        return r ? Status() : Status(r.error());
                    });
                    if (!s)
                        failures.fetchAndAddRelaxed(1);
                }
            });
            threads.last()->start();
        }
        for (QThread* th : threads) {
            QVERIFY(th->wait(30000));
            delete th;
        }
        QCOMPARE(failures.loadRelaxed(), 0);
        QCOMPARE(names.size(), 4);
        QCOMPARE(scalar(*shared, QStringLiteral("SELECT count(*) FROM product")).toInt(), 100);
    }

    void backupToIsConsistentAndPrivate()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("src.sqlite")));
        QVERIFY(db.ok());
        const QString target = dir.filePath(QStringLiteral("copy.sqlite"));
        QVERIFY(db.value()->backupTo(target));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        const Status again = db.value()->backupTo(target);
        QVERIFY(!again);
        QCOMPARE(again.error().code, QStringLiteral("db.backup"));
        auto copy = Database::open(target);
        QVERIFY(copy.ok());
        QCOMPARE(copy.value()->databaseId(), db.value()->databaseId());
        QVERIFY(copy.value()->integrityCheck());
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
