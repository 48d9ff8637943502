// Browses a database of many tasks (default 1,000,000; GATEHOUSE_BENCH_TASKS overrides) in the real window:
// scrolls the task view to the end in chunks, waiting for each screenful to load, and prints the process's
// peak memory (getrusage) and the time taken. A measuring program, not a CTest test: it asserts only that
// the rows arrive, never a time or a memory figure.
#include "BulkRows.h"
#include "GuiFixture.h"

#include "tasks/TaskTableModel.h"
#include "tasks/TasksPage.h"

#include <QElapsedTimer>
#include <QScrollBar>
#include <QTableView>

#include <sys/resource.h>

#include <cstdio>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

double peakMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // Linux reports KiB
}

} // namespace

class BenchTaskBrowse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scrollToTheEnd()
    {
        const qint64 rows = qEnvironmentVariableIsSet("GATEHOUSE_BENCH_TASKS")
                                ? qEnvironmentVariable("GATEHOUSE_BENCH_TASKS").toLongLong()
                                : 1000000;
        GuiFixture f;
        f.window().resize(1000, 700);
        f.createFirstAdmin();
        std::printf("peak after window and login: %.1f MiB\n", peakMiB());
        QElapsedTimer fill;
        fill.start();
        QCOMPARE(insertBulkRows(f.dir() + QStringLiteral("/gatehouse.sqlite"), QStringLiteral("task"), rows,
                                QStringLiteral("Task")),
                 QString());
        std::printf("inserted %lld tasks in %.1f s; peak %.1f MiB\n", rows, fill.elapsed() / 1000.0, peakMiB());

        auto* page = f.find<ui::TasksPage>("tasksPage");
        auto* model = page->model();
        auto* view = f.find<QTableView>("tasksTableView");
        QElapsedTimer browse;
        browse.start();
        page->reload();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && model->taskAt(0), 60000);
        std::printf("first page after %lld ms, count shown: %s\n", browse.elapsed(),
                    qPrintable(f.find<QLabel>("taskCountLabel")->text()));

        // Chunks of about 1% of the rows: set the scroll bar, wait until the top visible row is loaded.
        int steps = 0;
        QScrollBar* bar = view->verticalScrollBar();
        while (true) {
            const int chunk = std::max(1, int(rows / 100));
            bar->setValue(std::min(bar->maximum(), bar->value() + chunk));
            QTest::qWait(1);
            const int top = view->rowAt(0);
            QTRY_VERIFY_WITH_TIMEOUT(top < 0 || model->taskAt(top), 60000);
            ++steps;
            if (bar->value() >= bar->maximum()) {
                if (!model->totalIsLowerBound())
                    break;
                QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > bar->value() || !model->totalIsLowerBound(), 60000);
            }
        }
        const int last = model->rowCount() - 1;
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(last), 60000);
        QCOMPARE(qint64(model->rowCount()), rows);
        QCOMPARE(model->taskAt(last)->title, QStringLiteral("Task %1").arg(rows, 7, 10, QLatin1Char('0')));
        std::printf("scrolled to row %d of %lld in %d chunks, %lld ms; pages in memory: %d; count shown: %s\n",
                    last + 1, rows, steps, browse.elapsed(), model->cachedPageCount(),
                    qPrintable(f.find<QLabel>("taskCountLabel")->text()));
        std::printf("PEAK MEMORY (getrusage ru_maxrss): %.1f MiB (issue target < 150 MB)\n", peakMiB());
    }
};

QTEST_MAIN(BenchTaskBrowse)
#include "bench_taskbrowse.moc"
