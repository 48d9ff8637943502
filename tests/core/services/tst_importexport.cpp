// CSV/JSON import and export: the CSV reader, round trips of awkward text, row-level error reports with
// nothing imported, permissions, and password hashes only on request.
#include "ServiceFixture.h"

#include "services/Csv.h"
#include "services/ImportExportService.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace gatehouse::test;
using Format = ImportExportService::Format;

class TestImportExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvParse_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected"); // rows joined by '|', cells by '^'
        QTest::addColumn<QString>("error");
        QTest::newRow("plain") << QByteArray("a,b\n1,2\n") << QStringLiteral("a^b|1^2") << QString();
        QTest::newRow("crlf no final eol") << QByteArray("a,b\r\n1,2") << QStringLiteral("a^b|1^2") << QString();
        QTest::newRow("quoted comma") << QByteArray("\"x,y\",z\n") << QStringLiteral("x,y^z") << QString();
        QTest::newRow("doubled quote") << QByteArray("\"say \"\"hi\"\"\"\n") << QStringLiteral("say \"hi\"")
                                       << QString();
        QTest::newRow("newline inside") << QByteArray("\"l1\nl2\",b\n") << QStringLiteral("l1\nl2^b") << QString();
        QTest::newRow("empty cells") << QByteArray(",\n") << QStringLiteral("^") << QString();
        QTest::newRow("empty quoted") << QByteArray("\"\"\n") << QString() << QString();
        QTest::newRow("quoted bom char") << QByteArray("\"\xEF\xBB\xBF\"") << QString(QChar(0xFEFF)) << QString();
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "a\n")
                             << QStringLiteral("a") << QString();
        QTest::newRow("blank lines") << QByteArray("a\n\n\nb\n") << QStringLiteral("a|b") << QString();
        QTest::newRow("utf8") << QByteArray("\xC3\xA9,\xF0\x9F\x98\x80\n") << QString::fromUtf8("é^😀") << QString();
        QTest::newRow("unterminated") << QByteArray("\"abc\n") << QString() << QStringLiteral("csv.quote");
        QTest::newRow("stray quote") << QByteArray("ab\"c\n") << QString() << QStringLiteral("csv.quote");
        QTest::newRow("text after quote") << QByteArray("\"ab\"c\n") << QString() << QStringLiteral("csv.quote");
        QTest::newRow("bad utf8") << QByteArray("\xC3\x28\n") << QString() << QStringLiteral("csv.utf8");
    }
    void csvParse()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        QFETCH(QString, error);
        auto rows = Csv::parse(input);
        if (!error.isEmpty()) {
            QVERIFY(!rows);
            QCOMPARE(rows.error().code, error);
            return;
        }
        QVERIFY(rows.ok());
        QStringList joined;
        for (const QStringList& r : rows.value())
            joined << r.join(QLatin1Char('^'));
        QCOMPARE(joined.join(QLatin1Char('|')), expected);
        // and writing it back reads the same
        QCOMPARE(Csv::parse(Csv::format(rows.value())).value(), rows.value());
    }

    void tasksRoundTrip_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("csv") << int(Format::Csv);
        QTest::newRow("json") << int(Format::Json);
    }
    void tasksRoundTrip()
    {
        QFETCH(int, format);
        ServiceFixture f;
        const Principal admin = f.admin();
        ImportExportService io(f.context());
        const QStringList titles = {QStringLiteral("plain"), QStringLiteral("comma, \"quotes\""),
                                    QStringLiteral("=cmd|' /C calc'!A0"), QString::fromUtf8("multi\nline ✓"),
                                    QStringLiteral("<script>alert(1)</script>")};
        for (const QString& t : titles)
            QVERIFY(f.tasks().create(admin, t, t + QStringLiteral(" desc")).ok());
        QVERIFY(f.tasks().setCompleted(admin, 2, true).ok());
        auto exported = io.exportTasks(admin, Format(format));
        QVERIFY(exported.ok());

        ServiceFixture g;
        const Principal admin2 = g.admin();
        ImportExportService io2(g.context());
        // The export has id/owner/timestamps; an import takes title, completed, description only.
        QByteArray importable;
        if (Format(format) == Format::Csv) {
            QList<QStringList> rows = Csv::parse(exported.value()).value();
            QList<QStringList> out;
            for (const QStringList& r : rows)
                out << QStringList{r.at(1), r.at(2), r.at(3)};
            importable = Csv::format(out);
        } else {
            QJsonArray in = QJsonDocument::fromJson(exported.value()).array(), out;
            for (const QJsonValue& v : in) {
                QJsonObject o = v.toObject();
                for (const char* k : {"id", "owner", "created_at", "updated_at"})
                    o.remove(QLatin1String(k));
                out.append(o);
            }
            importable = QJsonDocument(out).toJson();
        }
        auto report = io2.importTasks(admin2, importable, Format(format));
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().code + report.error().where));
        QCOMPARE(report.value().errors.size(), 0);
        QCOMPARE(report.value().imported, titles.size());
        auto page = g.tasks().list(admin2, {});
        QCOMPARE(page.value().total, titles.size());
        for (int i = 0; i < titles.size(); ++i) {
            QCOMPARE(page.value().items.at(i).title, titles.at(i));
            QCOMPARE(page.value().items.at(i).description, titles.at(i) + QStringLiteral(" desc"));
            QCOMPARE(page.value().items.at(i).completed, i == 1);
            QCOMPARE(page.value().items.at(i).ownerId, admin2.userId());
        }
    }

    void badRowsRejectTheWholeFile()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        ImportExportService io(f.context());
        const QByteArray csv = "title,completed\r\nok one,false\r\n,true\r\nfine,maybe\r\ntoo,many,cells\r\nlast,1\r\n";
        auto report = io.importTasks(admin, csv, Format::Csv);
        QVERIFY(report.ok());
        QCOMPARE(report.value().imported, 0);
        QStringList where;
        for (const auto& e : report.value().errors)
            where << QStringLiteral("%1:%2:%3").arg(e.row).arg(e.field, e.code);
        QCOMPARE(where,
                 (QStringList{QStringLiteral("2:title:task.invalid_title"),
                              QStringLiteral("3:completed:import.boolean"), QStringLiteral("4::import.columns")}));
        QCOMPARE(f.tasks().list(admin, {}).value().total, 0);

        QCOMPARE(io.importTasks(admin, "name\nx\n", Format::Csv).error().code, QStringLiteral("import.format"));
        QCOMPARE(io.importTasks(admin, "completed\ntrue\n", Format::Csv).error().code, QStringLiteral("import.format"));
        QCOMPARE(io.importTasks(admin, "{\"title\": 1}", Format::Json).error().code, QStringLiteral("import.format"));
        QCOMPARE(io.importTasks(admin, "[{\"title\": \"x\", \"owner\": 3}]", Format::Json).error().code,
                 QStringLiteral("import.format"));
        auto products = io.importProducts(admin, "name,price\nlamp,12.5\nfree,-1\nbad,abc\n", Format::Csv);
        QCOMPARE(products.value().errors.size(), 2);
        QCOMPARE(f.products().list(admin, {}).value().total, 0);
        auto good = io.importProducts(
            admin, "[{\"name\":\"lamp\",\"price\":12.5},{\"name\":\"cable\",\"price\":\"3\"}]", Format::Json);
        QCOMPARE(good.value().imported, 2);
        QCOMPARE(f.products().list(admin, {}).value().items.at(1).price, 3.0);
    }

    void permissionsAndHashes()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        ImportExportService io(f.context());
        const Principal viewer = f.userWithRole(QStringLiteral("viewer1"), QStringLiteral("viewer"));
        const Principal user = f.userWithRole(QStringLiteral("user1"), QStringLiteral("user"));
        const Principal manager = f.userWithRole(QStringLiteral("manager1"), QStringLiteral("manager"));
        QVERIFY(f.tasks().create(admin, QStringLiteral("admin's")).ok());
        QVERIFY(f.tasks().create(user, QStringLiteral("user's")).ok());
        QCOMPARE(io.importTasks(viewer, "title\nx\n", Format::Csv).error().code, QStringLiteral("perm.denied"));
        QCOMPARE(io.importProducts(user, "name,price\nx,1\n", Format::Csv).error().code, QStringLiteral("perm.denied"));
        const QByteArray own = io.exportTasks(user, Format::Csv).value();
        QVERIFY(own.contains("user's") && !own.contains("admin's"));
        QVERIFY(io.exportTasks(manager, Format::Csv).value().contains("admin's"));

        QCOMPARE(io.exportUsers(user, Format::Csv, false).error().code, QStringLiteral("perm.denied"));
        const QByteArray plain = io.exportUsers(manager, Format::Json, false).value();
        QVERIFY(plain.contains("manager1") && !plain.contains("pbkdf2") && !plain.contains("password_hash"));
        QCOMPARE(io.exportUsers(manager, Format::Csv, true).error().code, QStringLiteral("perm.denied"));
        const QByteArray withHashes = io.exportUsers(admin, Format::Csv, true).value();
        QVERIFY(withHashes.contains("password_hash") && withHashes.contains("pbkdf2:sha256:1000$"));
        AuditLog::Query q;
        q.action = QStringLiteral("user.export");
        auto audit = f.audit().list(admin, q);
        QCOMPARE(audit.value().size(), 2);
        QCOMPARE(audit.value().first().detail, QStringLiteral("with password hashes"));
    }

    void importIsOneTransaction()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        ImportExportService io(f.context());
        QByteArray csv = "title,completed,description\n";
        const int n = 20000;
        for (int i = 0; i < n; ++i)
            csv += "task " + QByteArray::number(i) + "," + (i % 3 ? "false" : "true") + ",\"imported, in bulk\"\n";
        QElapsedTimer t;
        t.start();
        auto report = io.importTasks(admin, csv, Format::Csv);
        qInfo("imported %d tasks from CSV in %lld ms", n, t.elapsed());
        QCOMPARE(report.value().imported, n);
        TaskQuery q;
        q.completed = true;
        QCOMPARE(f.tasks().list(admin, q).value().total, qint64((n + 2) / 3));
        // Staged in batches: every row once, in file order, with consecutive ids, and indexed for search.
        q = {};
        q.perPage = 1;
        const Task first = f.tasks().list(admin, q).value().items.value(0);
        QCOMPARE(first.title, QStringLiteral("task 0"));
        QCOMPARE(first.description, QStringLiteral("imported, in bulk"));
        q.descending = true;
        const Task last = f.tasks().list(admin, q).value().items.value(0);
        QCOMPARE(last.title, QStringLiteral("task %1").arg(n - 1));
        QCOMPARE(last.id, first.id + n - 1);
        q = {};
        q.search = QStringLiteral("in bulk");
        QCOMPARE(f.tasks().list(admin, q).value().total, qint64(n));
        q.search = QStringLiteral("task 1999");
        QCOMPARE(f.tasks().list(admin, q).value().total, 11); // 1999 and 19990..19999
        // A second import (the staging table is gone) continues after the last id.
        QCOMPARE(io.importTasks(admin, "title\nlast one\n", Format::Csv).value().imported, 1);
        q = {};
        q.descending = true;
        q.perPage = 1;
        QCOMPARE(f.tasks().list(admin, q).value().items.value(0).id, last.id + 1);
        QVERIFY(f.db().integrityCheck());
    }

    void refusedCommitRollsBack()
    {
        // The last word inside the transaction (ImportCancel's veto point): false leaves nothing behind.
        ServiceFixture f;
        const Principal admin = f.admin();
        ImportExportService io(f.context());
        int asked = 0;
        ImportExportService::ImportControl refuse;
        refuse.beginCommit = [&asked] {
            ++asked;
            return false;
        };
        QCOMPARE(io.importTasks(admin, "title\na\nb\n", Format::Csv, refuse).error().code,
                 QStringLiteral("import.cancelled"));
        QCOMPARE(io.importProducts(admin, "name,price\nlamp,1\n", Format::Csv, refuse).error().code,
                 QStringLiteral("import.cancelled"));
        QCOMPARE(asked, 2);
        QCOMPARE(f.tasks().list(admin, {}).value().total, 0);
        auto exported = io.exportProducts(admin, Format::Csv);
        QVERIFY(exported.ok());
        QVERIFY2(!exported.value().contains("lamp"), exported.value().constData());
        // Allowed, the same files import, and the veto is asked once per import.
        ImportExportService::ImportControl allow;
        allow.beginCommit = [&asked] {
            ++asked;
            return true;
        };
        QCOMPARE(io.importTasks(admin, "title\na\nb\n", Format::Csv, allow).value().imported, 2);
        QCOMPARE(io.importProducts(admin, "name,price\nlamp,1\n", Format::Csv, allow).value().imported, 1);
        QCOMPARE(asked, 4);
        QCOMPARE(f.tasks().list(admin, {}).value().total, 2);
        QVERIFY(f.db().integrityCheck());
    }
};

QTEST_GUILESS_MAIN(TestImportExport)
#include "tst_importexport.moc"
