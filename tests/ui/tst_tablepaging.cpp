// The task and product tables page through the back end: rows past 500 are reachable, only a few pages
// are in memory, and a count that stopped at its cap reads "10,000+" until scrolling counts further.
#include "BulkRows.h"
#include "GuiFixture.h"

#include "products/ProductTableModel.h"
#include "products/ProductsPage.h"
#include "tasks/TaskTableModel.h"
#include "tasks/TasksPage.h"

#include <QScrollBar>
#include <QTableView>

using namespace gatehouse;
using namespace gatehouse::test;

class TestTablePaging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tasksPagePastFiveHundredAndCountGrows()
    {
        GuiFixture f;
        f.createFirstAdmin();
        const qint64 rows = 10050;
        QCOMPARE(insertBulkRows(f.dir() + QStringLiteral("/gatehouse.sqlite"), QStringLiteral("task"), rows,
                                QStringLiteral("Task")),
                 QString());
        auto* page = f.find<ui::TasksPage>("tasksPage");
        auto* model = page->model();
        page->reload();
        // The first count stops at the cap and says so.
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 10000, 10000);
        QVERIFY(model->totalIsLowerBound());
        auto* count = f.find<QLabel>("taskCountLabel");
        QCOMPARE(count->text(), ui::TasksPage::tr("%1+ tasks").arg(QLocale().toString(10000)));
        QVERIFY(model->taskAt(0));
        QVERIFY(!model->taskAt(600)); // not loaded until looked at

        // Row 600's page arrives when it is asked for.
        QCOMPARE(model->index(600, 0).data().toString(), ui::TaskTableModel::tr("Loading\u2026"));
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(600), 10000);
        QCOMPARE(model->taskAt(600)->title, QStringLiteral("Task 0000601"));

        // Scrolling to the end counts further, then shows the last rows.
        auto* view = f.find<QTableView>("tasksTableView");
        view->setFocus();
        for (int i = 0; i < 3 && model->totalIsLowerBound(); ++i) {
            view->scrollToBottom();
            QTest::qWait(50);
            QTRY_VERIFY_WITH_TIMEOUT(model->canFetchMore({}) || !model->totalIsLowerBound(), 10000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), int(rows), 10000);
        QVERIFY(!model->totalIsLowerBound());
        QCOMPARE(count->text(), ui::TasksPage::tr("%1 tasks").arg(QLocale().toString(rows)));
        view->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(model->taskAt(int(rows) - 1), 10000);
        QCOMPARE(model->taskAt(int(rows) - 1)->title, QStringLiteral("Task %1").arg(rows, 7, 10, QLatin1Char('0')));
        // Only pages near what was looked at stay in memory.
        QVERIFY2(model->cachedPageCount() <= 16, qPrintable(QString::number(model->cachedPageCount())));
    }

    void productsPagePastFiveHundred()
    {
        GuiFixture f;
        f.createFirstAdmin();
        QCOMPARE(insertBulkRows(f.dir() + QStringLiteral("/gatehouse.sqlite"), QStringLiteral("product"), 1234,
                                QStringLiteral("Product")),
                 QString());
        auto* page = f.find<ui::ProductsPage>("productsPage");
        f.find<QTabWidget>("mainTabWidget")->setCurrentWidget(page);
        auto* model = page->model();
        page->reload();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1234, 10000);
        f.find<QTableView>("productsTableView")->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(model->productAt(1233), 10000);
        QCOMPARE(model->productAt(1233)->name, QStringLiteral("Product 0001234"));
        QVERIFY(!model->productAt(700));
    }
};

QTEST_MAIN(TestTablePaging)
#include "tst_tablepaging.moc"
