#include "mainwindow/MainWindow.h"

#include <QApplication>
#include <QLabel>
#include <QTest>

using gatehouse::ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsWhatIsComingAndTheDatabase()
    {
        MainWindow w(QStringLiteral("/tmp/<b>db</b>.sqlite"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* coming = w.findChild<QLabel*>(QStringLiteral("comingLabel"));
        QVERIFY(coming);
        QVERIFY(coming->text().contains(QStringLiteral("inspector")));
        auto* db = w.findChild<QLabel*>(QStringLiteral("databaseLabel"));
        QVERIFY(db);
        // A path is user-supplied text: shown as plain text, never as rich text.
        QCOMPARE(db->textFormat(), Qt::PlainText);
        QVERIFY(db->text().contains(QStringLiteral("<b>db</b>")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
