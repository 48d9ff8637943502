// Local-mode store figures (printed, never pass/fail): with 1,000,000 tasks, the first page of a filtered,
// sorted list and a substring search through TaskService, beside the same SQL run by the sqlite3 shell on
// the same file in the same run (ratio printed); importing 100,000 tasks from CSV; peak memory.
// Usage: bench_store [--tasks N] [benchmark options]
#include "common/Clock.h"
#include "services/AccountService.h"
#include "services/ImportExportService.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/SqlStatement.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdio>
#include <memory>

using namespace gatehouse::core;
using namespace gatehouse::core::services;

namespace {

struct World
{
    QTemporaryDir dir;
    QString path;
    std::shared_ptr<store::Database> db;
    std::unique_ptr<AccountService> accounts;
    std::unique_ptr<TaskService> tasks;
    Principal admin;
    ServiceContext ctx;
};

World* g_world = nullptr;
int g_tasks = 1000000;

ServiceContext contextFor(const std::shared_ptr<store::Database>& db)
{
    ServiceContext ctx;
    ctx.db = db;
    ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(1000);
    return ctx;
}

bool buildWorld(World& w)
{
    w.path = w.dir.filePath(QStringLiteral("bench.sqlite"));
    auto db = store::Database::open(w.path);
    if (!db)
        return false;
    w.db = db.value();
    w.ctx = contextFor(w.db);
    w.accounts = std::make_unique<AccountService>(w.ctx);
    w.tasks = std::make_unique<TaskService>(w.ctx);
    auto admin = w.accounts->createFirstAdmin(QStringLiteral("admin"), QStringLiteral("benchmark-admin-pw"));
    if (!admin)
        return false;
    w.admin = admin.value();
    QElapsedTimer t;
    t.start();
    const Status s = w.db->write([&](QSqlDatabase& c) -> Status {
        QSqlQuery task(c), extra(c);
        task.prepare(QStringLiteral("INSERT INTO task (id, title, completed) VALUES (?, ?, ?)"));
        extra.prepare(QStringLiteral("INSERT INTO gh_task (task_id, owner_id, description, created_at, updated_at) "
                                     "VALUES (?, ?, '', ?, ?)"));
        static const char* words[] = {"buy", "call", "write", "fix", "plan", "review", "send", "clean", "book", "test"};
        for (int i = 1; i <= g_tasks; ++i) {
            task.bindValue(0, i);
            task.bindValue(
                1,
                QStringLiteral("%1 item %2 note-%3").arg(QLatin1String(words[i % 10])).arg(i * 7919 % g_tasks).arg(i));
            task.bindValue(2, i % 3 == 0 ? 1 : 0);
            if (!task.exec())
                return Error::make(QStringLiteral("bench"), QStringLiteral("insert failed"));
            extra.bindValue(0, i);
            extra.bindValue(1, w.admin.userId());
            extra.bindValue(2, 1700000000 + i);
            extra.bindValue(3, 1700000000 + i);
            if (!extra.exec())
                return Error::make(QStringLiteral("bench"), QStringLiteral("insert failed"));
        }
        return {};
    });
    if (!s)
        return false;
    auto c = w.db->connection();
    (void)store::SqlStatement::run(c.value(), QStringLiteral("ANALYZE"));
    std::printf("built %d tasks in %lld ms\n", g_tasks, t.elapsed());
    return true;
}

void BM_FilteredSortedFirstPage(benchmark::State& state)
{
    TaskQuery q;
    q.completed = false;
    q.sort = TaskQuery::Sort::Title;
    q.perPage = 50;
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page || page.value().items.size() != 50)
            state.SkipWithError("list failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_FilteredSortedFirstPage)->Unit(benchmark::kMillisecond)->Iterations(20);

// The same page with the count capped at 10000 ("10000+"), as a list view would ask.
void BM_FilteredSortedFirstPageCappedCount(benchmark::State& state)
{
    TaskQuery q;
    q.completed = false;
    q.sort = TaskQuery::Sort::Title;
    q.perPage = 50;
    q.countCap = 10000;
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page || page.value().items.size() != 50)
            state.SkipWithError("list failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_FilteredSortedFirstPageCappedCount)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_SubstringSearch(benchmark::State& state)
{
    TaskQuery q;
    q.search = QStringLiteral("note-77777");
    q.perPage = 50;
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page || page.value().items.isEmpty())
            state.SkipWithError("search failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_SubstringSearch)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ImportCsv100k(benchmark::State& state)
{
    QByteArray csv = "title,completed,description\n";
    for (int i = 0; i < 100000; ++i)
        csv += "imported task " + QByteArray::number(i) + "," + (i % 2 ? "true" : "false") + ",\"from, a CSV\"\n";
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("import.sqlite")));
        ServiceContext ctx = contextFor(db.value());
        AccountService accounts(ctx);
        auto admin = accounts.createFirstAdmin(QStringLiteral("admin"), QStringLiteral("benchmark-admin-pw"));
        ImportExportService io(ctx);
        state.ResumeTiming();
        auto report = io.importTasks(admin.value(), csv, ImportExportService::Format::Csv);
        if (!report || report.value().imported != 100000)
            state.SkipWithError("import failed");
    }
}
BENCHMARK(BM_ImportCsv100k)->Unit(benchmark::kMillisecond)->Iterations(3);

// The sqlite3 shell on the same file: the same two statements TaskService runs (count, then the page).
double shellMs(const QString& path, const QString& sql, int repeat)
{
    QString script = QStringLiteral(".timer on\n");
    for (int i = 0; i < repeat; ++i)
        script += sql + QLatin1Char('\n');
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {path});
    if (!p.waitForStarted(5000))
        return -1;
    p.write(script.toUtf8());
    p.closeWriteChannel();
    p.waitForFinished(600000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    static const QRegularExpression re(QStringLiteral("Run Time: real ([0-9.]+)"));
    double total = 0;
    int n = 0;
    for (auto it = re.globalMatch(out); it.hasNext(); ++n)
        total += it.next().captured(1).toDouble();
    return n ? total * 1000.0 / repeat : -1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--tasks") == 0)
            g_tasks = QByteArray(argv[i + 1]).toInt();
    }
    World world;
    if (!buildWorld(world)) {
        std::fprintf(stderr, "cannot build the benchmark database\n");
        return 1;
    }
    g_world = &world;
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();

    // Peers: what TaskService sends, typed into the sqlite3 shell (values inlined).
    const QString from = QStringLiteral(
        " FROM task t LEFT JOIN gh_task g ON g.task_id = t.id LEFT JOIN \"user\" u ON u.id = g.owner_id");
    const QString page =
        QStringLiteral("SELECT count(*) FROM task t LEFT JOIN gh_task g ON g.task_id = t.id WHERE (t.completed = 0 OR "
                       "t.completed IS NULL); "
                       "SELECT t.id, t.title, t.completed, g.description, u.username") +
        from +
        QStringLiteral(
            " WHERE (t.completed = 0 OR t.completed IS NULL) ORDER BY t.title ASC, t.id ASC LIMIT 50 OFFSET 0;");
    const QString search =
        QStringLiteral("SELECT count(*) FROM task t LEFT JOIN gh_task g ON g.task_id = t.id WHERE (t.title LIKE "
                       "'%note-77777%' ESCAPE '\\' "
                       "OR g.description LIKE '%note-77777%' ESCAPE '\\'); SELECT t.id, t.title") +
        from +
        QStringLiteral(
            " WHERE (t.title LIKE '%note-77777%' ESCAPE '\\' OR g.description LIKE '%note-77777%' ESCAPE '\\') "
            "ORDER BY t.id LIMIT 50;");
    auto timeOurs = [&](const TaskQuery& q, int repeat) {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < repeat; ++i)
            (void)world.tasks->list(world.admin, q);
        return double(t.nsecsElapsed()) / 1e6 / repeat;
    };
    TaskQuery pq;
    pq.completed = false;
    pq.sort = TaskQuery::Sort::Title;
    TaskQuery sq;
    sq.search = QStringLiteral("note-77777");
    const double oursPage = timeOurs(pq, 10), shellPage = shellMs(world.path, page, 10);
    const double oursSearch = timeOurs(sq, 3), shellSearch = shellMs(world.path, search, 3);
    std::printf("\n%d tasks                          Gatehouse   sqlite3 shell   ratio\n", g_tasks);
    std::printf("filtered+sorted first page       %8.2f ms  %10.2f ms   %5.2fx  (target < 50 ms, < 1.5x)\n", oursPage,
                shellPage, shellPage > 0 ? oursPage / shellPage : 0.0);
    std::printf("substring search                 %8.2f ms  %10.2f ms   %5.2fx  (target < 200 ms, < 1.5x)\n",
                oursSearch, shellSearch, shellSearch > 0 ? oursSearch / shellSearch : 0.0);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak memory (max RSS): %.1f MiB\n", usage.ru_maxrss / 1024.0);
    return 0;
}
