// The window's frame: the start page names the database as plain text, offers the remote option with
// its profile and URL fields, the inspector works without a session, the message bar is dismissable, and the
// last connection (never a secret) is remembered in QSettings.
#include "GuiFixture.h"

#include <QSettings>

using namespace gatehouse;
using namespace gatehouse::test;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void startPageShowsConnection()
    {
        QTemporaryDir dir;
        ui::MainWindow::Options o;
        o.databasePath = dir.filePath(QStringLiteral("<b>db<i>.sqlite"));
        o.hashPolicy = core::password::HashPolicy::pbkdf2Sha256(1000);
        o.durableDatabase = false;
        o.restoreLastConnection = false;
        ui::MainWindow w(o);
        QSignalSpy ready(&w, &ui::MainWindow::backendReady);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(ready.wait(10000), qPrintable(w.findChild<QLabel*>(QStringLiteral("messageBarLabel"))->text()));
        auto* path = w.findChild<QLabel*>(QStringLiteral("defaultDatabasePathLabel"));
        QVERIFY(path);
        QCOMPARE(path->textFormat(), Qt::PlainText);
        QVERIFY(path->text().contains(QStringLiteral("<b>db<i>")));
        auto* remote = w.findChild<QAbstractButton*>(QStringLiteral("remoteRadioButton"));
        QVERIFY(remote && remote->isEnabled());
        QVERIFY(w.findChild<QComboBox*>(QStringLiteral("remoteProfileComboBox"))->count() >= 4);
        QVERIFY(w.findChild<QLineEdit*>(QStringLiteral("remoteUrlLineEdit")));
        QVERIFY(QSettings()
                    .value(QStringLiteral("connection/lastDatabase"))
                    .toString()
                    .endsWith(QStringLiteral("<b>db<i>.sqlite")));
        // Nothing secret in the settings file.
        const QStringList keys = QSettings().allKeys();
        for (const QString& k : keys)
            QVERIFY2(!k.contains(QStringLiteral("password")) && !k.contains(QStringLiteral("token")), qPrintable(k));
    }

    void inspectorWithoutSession()
    {
        GuiFixture f;
        QVERIFY(f.tabVisible("inspectorPage"));
        QVERIFY(!f.tabVisible("tasksPage"));
        QVERIFY(!f.tabVisible("adminTabWidget"));
    }

    void messageBarIsDismissable()
    {
        GuiFixture f;
        QVERIFY(f.waitForAccountForm());
        f.click("createAdminPushButton"); // empty fields: an inline warning, no dialog
        QVERIFY(!f.message().isEmpty());
        QVERIFY(!QApplication::activeModalWidget());
        f.click("messageBarCloseToolButton");
        QVERIFY(f.message().isEmpty());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
