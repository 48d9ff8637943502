// Local-mode store figures (printed, never pass/fail): with 1,000,000 tasks, the first page of a filtered,
// sorted list and a substring search through TaskService, beside the same SQL run by the sqlite3 shell on
// the same file in the same run (ratios printed, on CPU time: wall time on a shared machine measures the
// neighbours); importing 100,000 tasks from CSV with its peak memory.
// Usage: bench_store [--tasks N] [benchmark options]
#include "common/Clock.h"
#include "services/AccountService.h"
#include "services/ImportExportService.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/SqlStatement.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
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
const qint64 kCountCap = 10000;
const QString kSearch = QStringLiteral("note-77777");

ServiceContext contextFor(const std::shared_ptr<store::Database>& db)
{
    ServiceContext ctx;
    ctx.db = db;
    ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(1000);
    return ctx;
}

// Wall and CPU (user + system) milliseconds.
struct Cost
{
    double wallMs = 0;
    double cpuMs = 0;
};

double cpuMsNow()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

double maxRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;
}

// The resident set now (VmRSS), for the growth an operation causes.
double rssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression re(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    const auto m = re.match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toDouble() / 1024.0 : 0;
}

template <typename F>
Cost measure(int repeat, F&& f)
{
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuMsNow();
    for (int i = 0; i < repeat; ++i)
        f();
    return Cost{double(t.nsecsElapsed()) / 1e6 / repeat, (cpuMsNow() - cpu0) / repeat};
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
    // Generated in SQL, one INSERT ... SELECT per table; the triggers maintain the search index (one
    // statement each: FTS5 flushes its pending data per statement).
    const QString numbers =
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) ").arg(g_tasks);
    const QString title = QStringLiteral("(CASE i % 10 WHEN 0 THEN 'buy' WHEN 1 THEN 'call' WHEN 2 THEN 'write' WHEN 3 "
                                         "THEN 'fix' WHEN 4 THEN 'plan' "
                                         "WHEN 5 THEN 'review' WHEN 6 THEN 'send' WHEN 7 THEN 'clean' WHEN 8 THEN "
                                         "'book' ELSE 'test' END) || ' item ' "
                                         "|| (i * 7919 % %1) || ' note-' || i")
                              .arg(g_tasks);
    const Cost cost = measure(1, [&] {
        const Status s = w.db->write([&](QSqlDatabase& c) -> Status {
            // One task in ten has a description (indexed too). gh_task first, as the import does (the task
            // trigger then finds each row there).
            for (const QString& sql :
                 {QStringLiteral("PRAGMA defer_foreign_keys = ON"),
                  numbers + QStringLiteral("INSERT INTO gh_task (task_id, owner_id, description, created_at, "
                                           "updated_at) SELECT i, %1, CASE WHEN i % 10 = 0 THEN 'details for task ' "
                                           "|| i ELSE '' END, 1700000000 + i, 1700000000 + i FROM n")
                                .arg(w.admin.userId()),
                  numbers + QStringLiteral("INSERT INTO task (id, title, completed) SELECT i, ") + title +
                      QStringLiteral(", i % 3 = 0 FROM n")}) {
                if (auto r = store::SqlStatement::run(c, sql, {}, QStringLiteral("bench")); !r)
                    return r.error();
            }
            return {};
        });
        if (!s)
            std::fprintf(stderr, "%s\n", qPrintable(s.error().message));
    });
    auto c = w.db->connection();
    (void)store::SqlStatement::run(c.value(), QStringLiteral("ANALYZE"));
    std::printf("built %d tasks (search index by triggers) in %.0f ms wall, %.0f ms CPU; file %.0f MiB\n", g_tasks,
                cost.wallMs, cost.cpuMs, QFileInfo(w.path).size() / 1048576.0);
    return true;
}

TaskQuery pageQuery(qint64 cap)
{
    TaskQuery q;
    q.completed = false;
    q.sort = TaskQuery::Sort::Title;
    q.perPage = 50;
    q.countCap = cap;
    return q;
}

TaskQuery searchQuery(qint64 cap)
{
    TaskQuery q;
    q.search = kSearch;
    q.perPage = 50;
    q.countCap = cap;
    return q;
}

void BM_FilteredSortedFirstPageExactCount(benchmark::State& state)
{
    const TaskQuery q = pageQuery(0);
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page || page.value().items.size() != 50)
            state.SkipWithError("list failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_FilteredSortedFirstPageExactCount)->Unit(benchmark::kMillisecond)->Iterations(10);

// The same page with the count capped ("10000+"), as a list view asks.
void BM_FilteredSortedFirstPage(benchmark::State& state)
{
    const TaskQuery q = pageQuery(kCountCap);
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page || page.value().items.size() != 50 || !page.value().totalIsLowerBound)
            state.SkipWithError("list failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_FilteredSortedFirstPage)->Unit(benchmark::kMillisecond)->Iterations(20);

// Other filter+sort combinations a list view offers (no shell peer; figures only).
void BM_FirstPageCombos(benchmark::State& state)
{
    TaskQuery q = pageQuery(kCountCap);
    q.sort = TaskQuery::Sort(state.range(0));
    q.descending = state.range(1) != 0;
    q.completed = true;
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page || page.value().items.size() != 50)
            state.SkipWithError("list failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_FirstPageCombos)
    ->ArgNames({"sort", "desc"})
    ->Args({int(TaskQuery::Sort::Id), 1})
    ->Args({int(TaskQuery::Sort::Title), 0})
    ->Args({int(TaskQuery::Sort::Completed), 0})
    ->Args({int(TaskQuery::Sort::Created), 1})
    ->Args({int(TaskQuery::Sort::Updated), 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void BM_SubstringSearch(benchmark::State& state)
{
    const TaskQuery q = searchQuery(kCountCap);
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page || page.value().items.isEmpty())
            state.SkipWithError("search failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_SubstringSearch)->Unit(benchmark::kMillisecond)->Iterations(20);

// Two characters: below the trigram length, so a LIKE scan (the worst case of search).
void BM_ShortSearchLikeFallback(benchmark::State& state)
{
    TaskQuery q = searchQuery(kCountCap);
    q.search = QStringLiteral("-9");
    for (auto _ : state) {
        auto page = g_world->tasks->list(g_world->admin, q);
        if (!page)
            state.SkipWithError("search failed");
        benchmark::DoNotOptimize(page);
    }
}
BENCHMARK(BM_ShortSearchLikeFallback)->Unit(benchmark::kMillisecond)->Iterations(5);

QByteArray importCsv()
{
    QByteArray csv = "title,completed,description\n";
    for (int i = 0; i < 100000; ++i)
        csv += "imported task " + QByteArray::number(i) + "," + (i % 2 ? "true" : "false") + ",\"from, a CSV\"\n";
    return csv;
}

// One import into a fresh database with one admin; returns false when it did not import every row.
bool importOnce(const QByteArray& csv, Cost* cost)
{
    QTemporaryDir dir;
    auto db = store::Database::open(dir.filePath(QStringLiteral("import.sqlite")));
    if (!db)
        return false;
    ServiceContext ctx = contextFor(db.value());
    AccountService accounts(ctx);
    auto admin = accounts.createFirstAdmin(QStringLiteral("admin"), QStringLiteral("benchmark-admin-pw"));
    if (!admin)
        return false;
    ImportExportService io(ctx);
    bool ok = false;
    const Cost c = measure(1, [&] {
        auto report = io.importTasks(admin.value(), csv, ImportExportService::Format::Csv);
        ok = report && report.value().imported == 100000;
    });
    if (cost)
        *cost = c;
    return ok;
}

void BM_ImportCsv100k(benchmark::State& state)
{
    const QByteArray csv = importCsv();
    for (auto _ : state) {
        Cost c;
        if (!importOnce(csv, &c))
            state.SkipWithError("import failed");
        state.SetIterationTime(c.wallMs / 1e3);
    }
}
BENCHMARK(BM_ImportCsv100k)->Unit(benchmark::kMillisecond)->Iterations(3)->UseManualTime();

// The sqlite3 shell on the same file, output discarded: mean wall and CPU (user + sys) per repetition of
// `sql` (which may hold several statements).
Cost shellCost(const QString& path, const QString& sql, int repeat)
{
    QString script = QStringLiteral(".timer on\n.output /dev/null\n");
    for (int i = 0; i < repeat; ++i)
        script += sql + QLatin1Char('\n');
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {path});
    if (!p.waitForStarted(5000))
        return {-1, -1};
    p.write(script.toUtf8());
    p.closeWriteChannel();
    p.waitForFinished(600000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    static const QRegularExpression re(QStringLiteral("Run Time: real ([0-9.]+) user ([0-9.]+) sys ([0-9.]+)"));
    Cost total;
    int n = 0;
    for (auto it = re.globalMatch(out); it.hasNext(); ++n) {
        const auto m = it.next();
        total.wallMs += m.captured(1).toDouble() * 1e3;
        total.cpuMs += (m.captured(2).toDouble() + m.captured(3).toDouble()) * 1e3;
    }
    if (!n)
        return {-1, -1};
    return {total.wallMs / repeat, total.cpuMs / repeat};
}

void printRow(const char* what, const Cost& ours, const Cost& shell, const char* target)
{
    std::printf("%-34s %9.2f %9.2f   %9.2f %9.2f   %6.2fx  %s\n", what, ours.wallMs, ours.cpuMs, shell.wallMs,
                shell.cpuMs, shell.cpuMs > 0 ? ours.cpuMs / shell.cpuMs : 0.0, target);
}

// What TaskService sends for these queries, with the values inlined (kept in step with TaskService.cpp).
const QString kColumns = QStringLiteral(
    "SELECT t.id, t.title, coalesce(t.completed, 0), coalesce(g.description, ''), coalesce(g.owner_id, 0), "
    "coalesce(u.username, ''), coalesce(g.created_at, 0), coalesce(g.updated_at, 0) "
    "FROM task t LEFT JOIN gh_task g ON g.task_id = t.id LEFT JOIN \"user\" u ON u.id = g.owner_id");
const QString kCountFrom = QStringLiteral("SELECT 1 FROM task t LEFT JOIN gh_task g ON g.task_id = t.id");

QString countSql(const QString& where, qint64 cap)
{
    if (cap == 0)
        return QStringLiteral("SELECT count(*) FROM task t LEFT JOIN gh_task g ON g.task_id = t.id") + where +
               QLatin1Char(';');
    return QStringLiteral("SELECT count(*) FROM (") + kCountFrom + where + QStringLiteral(" LIMIT %1);").arg(cap);
}

void printSummary(World& world)
{
    const QString pageWhere = QStringLiteral(" WHERE 1 = 1 AND (t.completed = 0 OR t.completed IS NULL)");
    const QString pageSql = kColumns + pageWhere + QStringLiteral(" ORDER BY t.title ASC, t.id ASC LIMIT 50 OFFSET 0;");
    const QString match = QLatin1Char('"') + kSearch + QLatin1Char('"');
    const QString like = QStringLiteral("'%") + kSearch + QStringLiteral("%'");
    const QString searchWhere =
        QStringLiteral(" WHERE 1 = 1 AND t.id IN (SELECT rowid FROM gh_task_title_fts WHERE gh_task_title_fts MATCH "
                       "'%1' UNION ALL SELECT rowid FROM gh_task_description_fts WHERE gh_task_description_fts MATCH "
                       "'%1') AND (t.title LIKE %2 ESCAPE '\\' OR g.description LIKE %2 ESCAPE '\\')")
            .arg(match, like);
    const QString searchSql =
        kColumns + searchWhere + QStringLiteral(" ORDER BY t.id ASC, t.id ASC LIMIT 50 OFFSET 0;");
    // The search as it was before the index: a LIKE scan (for reference).
    const QString likeWhere =
        QStringLiteral(" WHERE 1 = 1 AND (t.title LIKE %1 ESCAPE '\\' OR g.description LIKE %1 ESCAPE '\\')").arg(like);
    const QString likeSql = kColumns + likeWhere + QStringLiteral(" ORDER BY t.id ASC, t.id ASC LIMIT 50 OFFSET 0;");

    auto ours = [&](const TaskQuery& q, int repeat) {
        return measure(repeat, [&] { (void)world.tasks->list(world.admin, q); });
    };
    TaskQuery likeQuery = searchQuery(0);
    const Cost oursPage = ours(pageQuery(kCountCap), 20);
    const Cost shellPage = shellCost(world.path, countSql(pageWhere, kCountCap) + pageSql, 20);
    const Cost oursPageExact = ours(pageQuery(0), 5);
    const Cost shellPageExact = shellCost(world.path, countSql(pageWhere, 0) + pageSql, 5);
    const Cost oursSearch = ours(searchQuery(kCountCap), 20);
    const Cost shellSearch = shellCost(world.path, countSql(searchWhere, kCountCap) + searchSql, 20);
    const Cost shellLike = shellCost(world.path, countSql(likeWhere, kCountCap) + likeSql, 3);

    std::printf("\n%d tasks (ms per query; ratio on CPU)  Gatehouse wall/CPU   sqlite3 shell wall/CPU   ratio\n",
                g_tasks);
    printRow("filtered+sorted first page, 10000+", oursPage, shellPage, "(target < 50 ms, < 1.5x)");
    printRow("  the same with an exact count", oursPageExact, shellPageExact, "");
    printRow("substring search (trigram index)", oursSearch, shellSearch, "(target < 200 ms, < 1.5x)");
    printRow("  shell's plain LIKE scan, for reference", oursSearch, shellLike, "(ratio: index vs scan)");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--tasks") == 0)
            g_tasks = QByteArray(argv[i + 1]).toInt();
    }
    // The import first, while the process is small, so its peak memory is its own.
    {
        const double rssBefore = rssMiB();
        const QByteArray csv = importCsv();
        Cost cost;
        const bool ok = importOnce(csv, &cost);
        std::printf("CSV import of 100000 tasks (%.1f MiB file): %s %.0f ms wall, %.0f ms CPU (target < 2 s); "
                    "peak RSS %.1f MiB (%.1f MiB above the process before)\n",
                    csv.size() / 1048576.0, ok ? "" : "FAILED", cost.wallMs, cost.cpuMs, maxRssMiB(),
                    maxRssMiB() - rssBefore);
    }
    World world;
    if (!buildWorld(world)) {
        std::fprintf(stderr, "cannot build the benchmark database\n");
        return 1;
    }
    g_world = &world;
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    printSummary(world);
    std::printf("peak memory of the whole run (max RSS): %.1f MiB\n", maxRssMiB());
    return 0;
}
