// Not a test: drives the real window on a throw-away demo database and asks ImageMagick's `import` to
// capture the whole X screen at each step (run under Xvfb: DISPLAY=:55 gatehouse_screenshots OUTDIR).
// Steps are chained with timers; the window is never blocked by anything but `import` itself.
// With --dark: the Fusion style under a dark palette, files named *-dark.png, local steps only.
// The remote steps start the reference server twice (HTTPS with its self-signed certificate, for the
// start page's fingerprint; then the Flask-Login app, for the cookie round trip in "Current session").
#include "TestServer.h"

#include "backend/RemoteBackend.h"
#include "inspector/InspectorPage.h"
#include "mainwindow/MainWindow.h"
#include "session/SessionPage.h"
#include "session/TrafficLogModel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPalette>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>
#include <string_view>

using namespace gatehouse;

namespace {

void shoot(const QString& file)
{
    QProcess::execute(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), file});
}

// A dark Fusion palette as a desktop's dark theme would hand it to the app.
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2e), base(0x1e, 0x1e, 0x20), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x38));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xc9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x45, 0x45, 0x48));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3a, 0x3d));
    p.setColor(QPalette::Mid, QColor(0x25, 0x25, 0x27));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x1a));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x7a, 0x7a, 0x7a));
    return p;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse-screenshots"));
    QStandardPaths::setTestModeEnabled(true);
    QStringList args = QApplication::arguments().mid(1);
    const bool dark = args.removeAll(QStringLiteral("--dark")) > 0;
    if (dark) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }
    const QString out = args.isEmpty() ? QDir::currentPath() : args.first();
    // "gatehouse-tasks" -> OUT/gatehouse-tasks.png, or gatehouse-tasks-dark.png with --dark.
    const auto png = [&out, dark](const char* name) {
        return QDir(out).filePath(QString::fromLatin1(name) +
                                  (dark ? QStringLiteral("-dark.png") : QStringLiteral(".png")));
    };
    QTemporaryDir dir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("settings")));
    TestServer rest(QStringLiteral("gatehouse_server.py"), {QStringLiteral("--https")});
    TestServer cookies(QStringLiteral("flask_login_app.py"));
    if (!rest.start() || !cookies.start()) {
        qWarning("the test servers did not start: %s %s", qPrintable(rest.lastError()),
                 qPrintable(cookies.lastError()));
        return 1;
    }
    ui::MainWindow::Options o;
    o.databasePath = dir.filePath(QStringLiteral("demo.sqlite"));
    o.hashPolicy = core::password::HashPolicy::pbkdf2Sha256(1000);
    o.restoreLastConnection = false;
    o.noKeychain = true;
    ui::MainWindow w(o);
    w.resize(1240, 760);
    w.move(20, 20);
    w.show();

    auto find = [&w](const char* name) { return w.findChild<QWidget*>(QString::fromLatin1(name)); };
    auto edit = [&](const char* name, const QString& text) {
        if (auto* e = qobject_cast<QLineEdit*>(find(name)))
            e->setText(text);
    };
    auto click = [&](const char* name) {
        if (auto* b = qobject_cast<QAbstractButton*>(find(name)))
            b->click();
    };
    auto* tabs = qobject_cast<QTabWidget*>(find("mainTabWidget"));
    const QString pw = QStringLiteral("correct-admin-horse-battery");

    QList<std::pair<int, std::function<void()>>> steps;
    steps << std::pair{1500, [&] {
                           edit("usernameLineEdit", QStringLiteral("root"));
                           edit("passwordLineEdit", pw);
                           edit("confirmPasswordLineEdit", pw);
                           click("createAdminPushButton");
                       }};
    steps << std::pair{1500, [&] {
                           auto* b = w.backend();
                           for (const char* t :
                                {"Rotate the JWT signing key", "Review the audit log", "<img src=x><b>hi</b>",
                                 "Set HttpOnly on the session cookie", "Write the onboarding guide"})
                               (void)b->createTask(QString::fromUtf8(t), QString());
                           (void)b->createProduct(QStringLiteral("Hardware key"), 49.0);
                           (void)b->createProduct(QStringLiteral("Support plan"), 199.0);
                           (void)b->createUser(QStringLiteral("alice"), pw, {QStringLiteral("manager")});
                           (void)b->createUser(QStringLiteral("bob"), pw, {QStringLiteral("user")});
                           (void)b->createUser(QStringLiteral("vera"), pw, {QStringLiteral("viewer")});
                           if (auto* a = w.findChild<QAction*>(QStringLiteral("logoutAction")))
                               a->trigger();
                       }};
    steps << std::pair{1500, [&] {
                           edit("usernameLineEdit", QStringLiteral("root"));
                           edit("passwordLineEdit", QStringLiteral("wrong"));
                           click("loginPushButton");
                       }};
    steps << std::pair{1500, [&] { shoot(png("gatehouse-login")); }};
    steps << std::pair{200, [&] {
                           edit("passwordLineEdit", pw);
                           click("loginPushButton");
                       }};
    steps << std::pair{1500, [&] { shoot(png("gatehouse-tasks")); }};
    // The File menu with its import/export actions, opened as a click would.
    steps << std::pair{200, [&] {
                           if (QMenu* file = w.menuBar()->actions().first()->menu())
                               file->popup(w.menuBar()->mapToGlobal(
                                   w.menuBar()->actionGeometry(w.menuBar()->actions().first()).bottomLeft()));
                       }};
    steps << std::pair{800, [&] { shoot(png("gatehouse-file-menu")); }};
    steps << std::pair{200, [&] {
                           if (QMenu* file = w.menuBar()->actions().first()->menu())
                               file->close();
                       }};
    steps << std::pair{200, [&] { tabs->setCurrentWidget(find("adminTabWidget")); }};
    steps << std::pair{1500, [&] { shoot(png("gatehouse-admin")); }};
    steps << std::pair{200, [&] {
                           if (auto* t = qobject_cast<QTabWidget*>(find("adminTabWidget")))
                               t->setCurrentIndex(1);
                       }};
    steps << std::pair{1500, [&] { shoot(png("gatehouse-roles")); }};
    steps << std::pair{
        200, [&] {
            tabs->setCurrentWidget(find("inspectorPage"));
            // HS256, secret "secret", sub/name/iat/exp: a classic tutorial token.
            qobject_cast<ui::InspectorPage*>(find("inspectorPage"))
                ->setText(QStringLiteral(
                    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0Ijox"
                    "NTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"));
        }};
    steps << std::pair{
        1200, [&] {
            // The Flask panel has its own search box with the same names: use the JWT panel's.
            if (auto* b = find("jwtPanel")->findChild<QAbstractButton*>(QStringLiteral("startSearchPushButton")))
                b->click();
        }};
    steps << std::pair{3000, [&] { shoot(png("gatehouse-inspector")); }};
    steps << std::pair{
        200, [&] {
            qobject_cast<ui::InspectorPage*>(find("inspectorPage"))
                ->setText(QStringLiteral("HTTP/1.1 200 OK\nSet-Cookie: session=eyJ1c2VyIjoiYm9iIn0.ZxYz.abc; Path=/\n"
                                         "Set-Cookie: csrf=1a2b3c; Secure; SameSite=Strict\n"
                                         "Set-Cookie: theme=dark; Max-Age=31536000; Secure; HttpOnly; SameSite=Lax\n"));
        }};
    steps << std::pair{1200, [&] { shoot(png("gatehouse-cookies")); }};

    if (dark)
        steps << std::pair{200, [&] { QApplication::quit(); }};

    // Remote mode: the HTTPS reference server with its self-signed certificate.
    auto connectTo = [&](const QString& profile, const QUrl& url) {
        if (auto* a = w.findChild<QAction*>(QStringLiteral("logoutAction")))
            a->trigger();
        tabs->setCurrentWidget(find("startPage"));
        click("remoteRadioButton");
        if (auto* c = qobject_cast<QComboBox*>(find("remoteProfileComboBox")))
            c->setCurrentIndex(c->findText(profile));
        edit("remoteUrlLineEdit", url.toString());
        click("openDatabasePushButton");
    };
    auto registerAndLogin = [&](const QString& user) {
        click("switchModePushButton");
        edit("usernameLineEdit", user);
        edit("passwordLineEdit", pw);
        edit("confirmPasswordLineEdit", pw);
        click("registerPushButton");
    };
    steps << std::pair{300, [&] { connectTo(QStringLiteral("Gatehouse REST"), rest.url()); }};
    steps << std::pair{2500, [&] { shoot(png("gatehouse-remote-certificate")); }};
    steps << std::pair{200, [&] { click("trustCertificatePushButton"); }};
    steps << std::pair{2500, [&] { registerAndLogin(QStringLiteral("root")); }};
    // One at a time: the reference server's SQLite takes one writer.
    for (const char* t : {"Pin the staging certificate", "Rotate refresh tokens", "Review the 429 limits"})
        steps << std::pair{t == std::string_view("Pin the staging certificate") ? 2500 : 600,
                           [&w, t] { (void)w.backend()->createTask(QString::fromUtf8(t), QString()); }};
    steps << std::pair{600, [&] {
                           (void)w.backend()->createProduct(QStringLiteral("Staging certificate"), 0.0);
                           if (auto* a = w.findChild<QAction*>(QStringLiteral("logoutAction")))
                               a->trigger();
                       }};
    steps << std::pair{1500, [&] {
                           edit("usernameLineEdit", QStringLiteral("root"));
                           edit("passwordLineEdit", pw);
                       }};
    steps << std::pair{500, [&] { shoot(png("gatehouse-remote-login")); }};
    steps << std::pair{200, [&] { click("loginPushButton"); }};
    steps << std::pair{2500, [&] { shoot(png("gatehouse-remote-tasks")); }};

    // The Flask-Login app: a session cookie set at login and carried back on every request.
    steps << std::pair{200, [&] { connectTo(QStringLiteral("Flask-Login session"), cookies.url()); }};
    steps << std::pair{2500, [&] { registerAndLogin(QStringLiteral("alice")); }};
    steps << std::pair{2500, [&] {
                           // Another request that carries the cookie back.
                           if (auto* r = dynamic_cast<core::backend::RemoteBackend*>(w.backend()))
                               r->remoteSession().send("GET", QStringLiteral("/dashboard"), {},
                                                       [](const core::net::HttpResult&) {});
                           tabs->setCurrentWidget(find("sessionPage"));
                       }};
    steps << std::pair{1500, [&] {
                           if (auto* t = w.findChild<QTableWidget*>(QStringLiteral("sessionCookiesTableWidget")))
                               t->selectRow(0);
                           auto* page = qobject_cast<ui::SessionPage*>(find("sessionPage"));
                           auto* view = w.findChild<QTableView*>(QStringLiteral("requestLogTableView"));
                           if (page && view && page->trafficModel()->rowCount() > 0)
                               view->setCurrentIndex(
                                   page->trafficModel()->index(page->trafficModel()->rowCount() - 1, 0));
                       }};
    steps << std::pair{1200, [&] { shoot(png("gatehouse-session")); }};
    steps << std::pair{200, [&] { QApplication::quit(); }};

    int delay = 0;
    for (const auto& [wait, step] : steps) {
        delay += wait;
        QTimer::singleShot(delay, &app, step);
    }
    return QApplication::exec();
}
