// The window's frame: the start page names the database as plain text, offers the remote option with
// its profile and URL fields, the inspector works without a session, the message bar is dismissable, and the
// last connection (never a secret) is remembered in QSettings; the message bar's colours follow the palette.
#include "GuiFixture.h"

#include "products/ProductsPage.h"
#include "tasks/TasksPage.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
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

    // File > Import/Export tasks/products: a (non-native) file dialog, then the page's slot; the actions are
    // off while a transfer runs and for a role without the permission.
    void fileMenuTransfers()
    {
        GuiFixture f;
        f.createFirstAdmin();
        auto action = [&f](const char* name) { return f.window().findChild<QAction*>(QString::fromLatin1(name)); };
        for (const char* name :
             {"importTasksAction", "exportTasksAction", "importProductsAction", "exportProductsAction"}) {
            QVERIFY2(action(name), name);
            QVERIFY2(action(name)->isEnabled(), name);
        }
        auto chooseFile = [&f](const QString& path) {
            QFileDialog* dialog = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT(
                (dialog = f.window().findChild<QFileDialog*>(QStringLiteral("transferFileDialog"))) != nullptr,
                kGuiTimeout);
            QVERIFY(dialog->testOption(QFileDialog::DontUseNativeDialog));
            dialog->selectFile(path);
            static_cast<QDialog*>(dialog)->accept(); // QFileDialog::accept is protected
        };

        const QString in = QDir(f.dir()).filePath(QStringLiteral("in.csv"));
        {
            QFile file(in);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("title\nFrom the menu\nAnd another\n");
        }
        auto* tasks = f.find<ui::TasksPage>("tasksPage");
        QVERIFY(tasks);
        QSignalSpy tasksDone(tasks, &ui::TasksPage::transferFinished);
        action("importTasksAction")->trigger();
        chooseFile(in);
        // The import runs off the GUI thread and reports through the event loop: still running here, and
        // every transfer action waits for it.
        QVERIFY(tasksDone.isEmpty());
        QVERIFY(!action("importTasksAction")->isEnabled());
        QVERIFY(!action("exportProductsAction")->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(tasksDone.size(), 1, kGuiTimeout);
        QVERIFY(tasksDone.first().at(0).toBool());
        QCOMPARE(tasksDone.first().at(1).toLongLong(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(action("importTasksAction")->isEnabled(), kGuiTimeout);

        const QString out = QDir(f.dir()).filePath(QStringLiteral("out.csv"));
        action("exportTasksAction")->trigger();
        chooseFile(out);
        QTRY_COMPARE_WITH_TIMEOUT(tasksDone.size(), 2, kGuiTimeout);
        QVERIFY(tasksDone.last().at(0).toBool());
        QFile exported(out);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray csv = exported.readAll();
        QVERIFY(csv.contains("From the menu") && csv.contains("And another"));

        auto* products = f.find<ui::ProductsPage>("productsPage");
        QVERIFY(products);
        QSignalSpy productsDone(products, &ui::ProductsPage::transferFinished);
        action("exportProductsAction")->trigger();
        chooseFile(QDir(f.dir()).filePath(QStringLiteral("products.csv")));
        QTRY_COMPARE_WITH_TIMEOUT(productsDone.size(), 1, kGuiTimeout);
        QVERIFY(productsDone.first().at(0).toBool());

        // A viewer may export but not import; logged out, nothing.
        auto created =
            f.window().backend()->createUser(QStringLiteral("vera"), kUserPassword, {QStringLiteral("viewer")});
        QTRY_VERIFY_WITH_TIMEOUT(created.isFinished(), kGuiTimeout);
        QVERIFY(created.result().ok());
        f.logout();
        QVERIFY(!action("exportTasksAction")->isEnabled());
        f.login(QStringLiteral("vera"), kUserPassword);
        QVERIFY(f.waitForSession(true));
        QVERIFY(!action("importTasksAction")->isEnabled());
        QVERIFY(!action("importProductsAction")->isEnabled());
        QVERIFY(action("exportTasksAction")->isEnabled());
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
