// The window's frame: the start page names the database as plain text, offers the remote option with
// its profile and URL fields, the inspector works without a session, the message bar is dismissable, and the
// last connection (never a secret) is remembered in QSettings; the message bar's colours follow the palette.
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
        o.noKeychain = true;
        ui::MainWindow w(o);
        QSignalSpy ready(&w, &ui::MainWindow::backendReady);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // Not ready.wait(): the database may open while the window is being exposed, and wait() only sees a
        // later emission (this timed out under a busy ctest -j).
        QTRY_VERIFY2_WITH_TIMEOUT(ready.count() > 0,
                                  qPrintable(w.findChild<QLabel*>(QStringLiteral("messageBarLabel"))->text()),
                                  kGuiTimeout);
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

    void messageBarColoursFollowThePalette_data()
    {
        QTest::addColumn<QColor>("window");
        QTest::addColumn<QColor>("text");
        QTest::newRow("light") << QColor(0xef, 0xef, 0xef) << QColor(Qt::black);
        QTest::newRow("dark") << QColor(0x2b, 0x2b, 0x2e) << QColor(0xe6, 0xe6, 0xe6);
        QTest::newRow("dark, dim text") << QColor(0x20, 0x20, 0x20) << QColor(0x50, 0x50, 0x50);
    }

    void messageBarColoursFollowThePalette()
    {
        QFETCH(QColor, window);
        QFETCH(QColor, text);
        QPalette palette;
        palette.setColor(QPalette::Window, window);
        palette.setColor(QPalette::WindowText, text);
        const bool darkTheme = window.lightnessF() < 0.5;
        for (auto kind : {ui::MessageBar::Kind::Information, ui::MessageBar::Kind::Positive,
                          ui::MessageBar::Kind::Warning, ui::MessageBar::Kind::Error}) {
            const QColor bg = ui::MessageBar::background(kind, palette);
            // Dark under a dark theme, light under a light one; readable either way (WCAG AA).
            QCOMPARE(bg.lightnessF() < 0.5, darkTheme);
            QVERIFY(bg != window); // the kind still shows
            QVERIFY(ui::MessageBar::contrastRatio(ui::MessageBar::foreground(kind, palette), bg) >= 4.5);
        }
        // The widget itself: a palette change reaches the label's text colour.
        ui::MessageBar bar;
        bar.setPalette(palette);
        bar.showMessage(ui::MessageBar::Kind::Error, QStringLiteral("Wrong password"));
        auto* label = bar.findChild<QLabel*>(QStringLiteral("messageBarLabel"));
        QCOMPARE(label->palette().color(QPalette::WindowText),
                 ui::MessageBar::foreground(ui::MessageBar::Kind::Error, palette));
        QPalette inverted = palette;
        inverted.setColor(QPalette::Window, text);
        inverted.setColor(QPalette::WindowText, window);
        bar.setPalette(inverted);
        QCOMPARE(label->palette().color(QPalette::WindowText),
                 ui::MessageBar::foreground(ui::MessageBar::Kind::Error, inverted));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
