// LocalBackend's whole-file imports through the Backend interface: one transaction (a bad row imports
// nothing), progress on the future, cancel rolls back, core's permission check; and the filtered audit log.
#include "backend/LocalBackend.h"
#include "store/Database.h"
#include "store/InMemorySigningKeyStore.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;
using Format = services::ImportExportService::Format;

namespace {

const QString kAdminPw = QStringLiteral("correct-admin-horse-battery");
const QString kUserPw = QStringLiteral("correct-user-horse-battery");

template <typename T>
bool waitFinished(const QFuture<T>& f, int ms = 60000)
{
    return QTest::qWaitFor([&] { return f.isFinished(); }, ms);
}

template <typename T>
T await(QFuture<T> f)
{
    if (!waitFinished(f))
        qFatal("a backend future did not finish");
    return f.result();
}

QByteArray taskCsv(int rows)
{
    QByteArray out = "title,completed,description\n";
    out.reserve(rows * 32);
    for (int i = 1; i <= rows; ++i)
        out += "Task " + QByteArray::number(i) + (i % 2 ? ",true," : ",no,") + "row " + QByteArray::number(i) + '\n';
    return out;
}

} // namespace

class TestLocalBackendTransfer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    store::InMemorySigningKeyStore m_keys;
    int m_n = 0;

    std::unique_ptr<LocalBackend> makeAdmin()
    {
        store::Database::Options o;
        o.durable = false;
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("t%1.sqlite").arg(++m_n)), o);
        if (!db)
            return {};
        services::ServiceContext ctx;
        ctx.db = db.value();
        ctx.keys = &m_keys;
        ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(1000);
        auto b = std::make_unique<LocalBackend>(ctx);
        if (!await(b->createFirstAdmin(QStringLiteral("root"), kAdminPw)).ok())
            return {};
        return b;
    }
    static qint64 taskCount(LocalBackend& b)
    {
        auto r = await(b.listTasks({}));
        return r.ok() ? r.value().total : -1;
    }
    static qint64 productCount(LocalBackend& b)
    {
        auto r = await(b.listProducts({}));
        return r.ok() ? r.value().total : -1;
    }

private Q_SLOTS:
    void importTasksInOneGoWithProgress()
    {
        auto b = makeAdmin();
        QVERIFY(b);
        auto f = b->importTasks(taskCsv(1000), Format::Csv, {});
        QVERIFY(waitFinished(f));
        QVERIFY(!f.isCanceled());
        const auto r = f.result();
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().code));
        QCOMPARE(r.value().imported, 1000);
        QVERIFY(r.value().errors.isEmpty());
        QCOMPARE(f.progressMaximum(), 1000);
        QCOMPARE(f.progressValue(), 1000);
        QCOMPARE(taskCount(*b), 1000);
        services::TaskQuery done;
        done.completed = true;
        QCOMPARE(await(b->listTasks(done)).value().total, 500);
    }

    void badRowRejectsTheWholeFile()
    {
        auto b = makeAdmin();
        QByteArray csv = taskCsv(300);
        csv += ",true,no title\n";
        csv += "ok,maybe,\n";
        const auto r = await(b->importTasks(csv, Format::Csv, {}));
        QVERIFY(r.ok());
        QCOMPARE(r.value().imported, 0);
        QCOMPARE(r.value().errors.size(), 2);
        QCOMPARE(r.value().errors.at(0).row, 301);
        QCOMPARE(r.value().errors.at(1).field, QStringLiteral("completed"));
        QCOMPARE(taskCount(*b), 0);
    }

    void importProductsAndJson()
    {
        auto b = makeAdmin();
        const auto r = await(b->importProducts("name,price\nWidget,1.5\nGadget,20\n", Format::Csv, {}));
        QVERIFY(r.ok());
        QCOMPARE(r.value().imported, 2);
        QCOMPARE(productCount(*b), 2);
        const auto j = await(b->importTasks(R"([{"title":"A"},{"title":"B","completed":true}])", Format::Json, {}));
        QVERIFY(j.ok());
        QCOMPARE(j.value().imported, 2);
        QCOMPARE(await(b->importProducts("name\nx\n", Format::Csv, {})).error().code, QStringLiteral("import.format"));
    }

    void cancelRollsBack()
    {
        auto b = makeAdmin();
        // Large enough that the import is still running when its first progress shows.
        auto f = b->importTasks(taskCsv(200000), Format::Csv, {});
        QVERIFY(QTest::qWaitFor([&] { return f.progressValue() > 0 || f.isFinished(); }, 60000));
        QVERIFY2(!f.isFinished(), "the import finished before it could be cancelled");
        f.cancel();
        QVERIFY(waitFinished(f));
        QVERIFY(f.isCanceled());
        QCOMPARE(f.resultCount(), 0);
        QCOMPARE(taskCount(*b), 0);
        // The backend goes on working after a cancelled import.
        QCOMPARE(await(b->importTasks(taskCsv(10), Format::Csv, {})).value().imported, 10);
        QCOMPARE(taskCount(*b), 10);
    }

    void tokenCancelRollsBackAndAnswers()
    {
        auto b = makeAdmin();
        auto cancel = std::make_shared<ImportCancel>();
        auto f = b->importTasks(taskCsv(200000), Format::Csv, cancel);
        QVERIFY(QTest::qWaitFor([&] { return f.progressValue() > 0 || f.isFinished(); }, 60000));
        QVERIFY2(!f.isFinished(), "the import finished before it could be cancelled");
        QVERIFY(cancel->request());
        // An answer, not a silent cancelled future: the import says it rolled back.
        const auto r = await(f);
        QCOMPARE(r.error().code, QStringLiteral("import.cancelled"));
        QCOMPARE(taskCount(*b), 0);
    }

    void cancelOnceCommittingIsRefusedAndTheRowsReported()
    {
        // A cancel that arrives while the import commits, made deterministic: the commit has begun first.
        auto cancel = std::make_shared<ImportCancel>();
        QVERIFY(cancel->beginCommit());
        QVERIFY(!cancel->request());
        QVERIFY(!cancel->isRequested());
        auto b = makeAdmin();
        const auto r = await(b->importTasks(taskCsv(500), Format::Csv, cancel));
        QVERIFY(r.ok());
        QCOMPARE(r.value().imported, 500);
        QCOMPARE(taskCount(*b), 500);
        // The other order: a cancel first wins over the commit, and asking twice changes nothing.
        auto early = std::make_shared<ImportCancel>();
        QVERIFY(early->request());
        QVERIFY(early->request());
        QVERIFY(!early->beginCommit());
        QCOMPARE(await(b->importProducts("name,price\nWidget,1\n", Format::Csv, early)).error().code,
                 QStringLiteral("import.cancelled"));
        QCOMPARE(productCount(*b), 0);
    }

    void cancelBeforeStartImportsNothing()
    {
        auto b = makeAdmin();
        auto blocker = b->importTasks(taskCsv(20000), Format::Csv, {}); // keeps the single worker busy
        auto f = b->importProducts("name,price\nWidget,1\n", Format::Csv, {});
        f.cancel();
        QVERIFY(waitFinished(blocker));
        QVERIFY(waitFinished(f));
        QVERIFY(f.isCanceled());
        QCOMPARE(productCount(*b), 0);
        QCOMPARE(taskCount(*b), 20000);
    }

    void plainUserCannotImportProducts()
    {
        auto b = makeAdmin();
        QVERIFY(await(b->createUser(QStringLiteral("alice"), kUserPw, {QStringLiteral("user")})).ok());
        QVERIFY(await(b->logout()).ok());
        QVERIFY(await(b->login(QStringLiteral("alice"), kUserPw, false)).ok());
        const auto denied = await(b->importProducts("name,price\nWidget,1\n", Format::Csv, {}));
        QVERIFY(!denied.ok());
        QCOMPARE(denied.error().code, QStringLiteral("perm.denied"));
        // task.create is the user role's: the import is allowed and the tasks are alice's.
        const auto own = await(b->importTasks("title\nmine\n", Format::Csv, {}));
        QVERIFY(own.ok());
        QCOMPARE(own.value().imported, 1);
        QCOMPARE(productCount(*b), 0);
        QVERIFY(await(b->logout()).ok());
        const auto none = await(b->importTasks("title\nx\n", Format::Csv, {}));
        QCOMPARE(none.error().code, QStringLiteral("auth.required"));
    }

    void tenThousandRowsQuickly()
    {
        auto b = makeAdmin();
        QElapsedTimer t;
        t.start();
        const auto r = await(b->importTasks(taskCsv(10000), Format::Csv, {}));
        const qint64 ms = t.elapsed();
        QVERIFY(r.ok());
        QCOMPARE(r.value().imported, 10000);
        qInfo("10,000 tasks imported in %lld ms", ms);
        QVERIFY2(ms < 20000, "the bulk import should take well under a second per 10,000 rows");
    }

    void auditSearchFiltersTheWholeLog()
    {
        auto b = makeAdmin();
        QVERIFY(await(b->createUser(QStringLiteral("alice"), kUserPw, {QStringLiteral("user")})).ok());
        QVERIFY(await(b->createUser(QStringLiteral("bob"), kUserPw, {QStringLiteral("user")})).ok());
        services::AuditLog::Query q;
        q.action = QStringLiteral("user.");
        q.limit = 100;
        auto all = await(b->searchAuditLog(q));
        QVERIFY(all.ok());
        QVERIFY(all.value().size() >= 2);
        for (const auto& e : all.value())
            QVERIFY(e.action.startsWith(QStringLiteral("user.")));
        q.outcome = QStringLiteral("denied");
        QCOMPARE(await(b->searchAuditLog(q)).value().size(), 0);
        q.outcome = QStringLiteral("ok");
        q.actorName = QStringLiteral("root");
        QCOMPARE(await(b->searchAuditLog(q)).value().size(), all.value().size());
        q.actorName = QStringLiteral("RO"); // part of the name, any ASCII case
        QCOMPARE(await(b->searchAuditLog(q)).value().size(), all.value().size());
        q.actorName = QStringLiteral("nobody");
        QCOMPARE(await(b->searchAuditLog(q)).value().size(), 0);
        q.actorName = QStringLiteral("%"); // a literal percent sign, not a wildcard
        QCOMPARE(await(b->searchAuditLog(q)).value().size(), 0);
        services::AuditLog::Query text;
        text.text = QStringLiteral("ALIC"); // the target of alice's creation
        const auto byText = await(b->searchAuditLog(text));
        QVERIFY(byText.ok());
        QVERIFY(!byText.value().isEmpty());
        for (const auto& e : byText.value())
            QVERIFY((e.target + e.detail + e.actor + e.action).contains(QStringLiteral("alic"), Qt::CaseInsensitive));
        services::AuditLog::Query page;
        page.limit = 1;
        page.offset = 1;
        const auto second = await(b->searchAuditLog(page));
        QCOMPARE(second.value().size(), 1);
        QCOMPARE(second.value().first().id, await(b->auditLog(2)).value().at(1).id);
        services::AuditLog::Query late;
        late.since = all.value().first().at + 1;
        QCOMPARE(await(b->searchAuditLog(late)).value().size(), 0);
        services::AuditLog::Query early;
        early.until = all.value().first().at + 1;
        QVERIFY(await(b->searchAuditLog(early)).value().size() >= 2);
    }
};

QTEST_GUILESS_MAIN(TestLocalBackendTransfer)
#include "tst_localbackend_transfer.moc"
