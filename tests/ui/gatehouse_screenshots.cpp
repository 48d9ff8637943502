// Not a test: drives the real window on a throw-away demo database and asks ImageMagick's `import` to
// capture the whole X screen at each step (run under Xvfb: DISPLAY=:55 gatehouse_screenshots OUTDIR).
// Steps are chained with timers; the window is never blocked by anything but `import` itself.
#include "inspector/InspectorPage.h"
#include "mainwindow/MainWindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QProcess>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>

using namespace gatehouse;

namespace {

void shoot(const QString& file)
{
    QProcess::execute(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), file});
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse-screenshots"));
    QStandardPaths::setTestModeEnabled(true);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    QTemporaryDir dir;
    ui::MainWindow::Options o;
    o.databasePath = dir.filePath(QStringLiteral("demo.sqlite"));
    o.hashPolicy = core::password::HashPolicy::pbkdf2Sha256(1000);
    o.restoreLastConnection = false;
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
    steps << std::pair{1500, [&] { shoot(QDir(out).filePath(QStringLiteral("gatehouse-login.png"))); }};
    steps << std::pair{200, [&] {
                           edit("passwordLineEdit", pw);
                           click("loginPushButton");
                       }};
    steps << std::pair{1500, [&] { shoot(QDir(out).filePath(QStringLiteral("gatehouse-tasks.png"))); }};
    steps << std::pair{200, [&] { tabs->setCurrentWidget(find("adminTabWidget")); }};
    steps << std::pair{1500, [&] { shoot(QDir(out).filePath(QStringLiteral("gatehouse-admin.png"))); }};
    steps << std::pair{200, [&] {
                           if (auto* t = qobject_cast<QTabWidget*>(find("adminTabWidget")))
                               t->setCurrentIndex(1);
                       }};
    steps << std::pair{1500, [&] { shoot(QDir(out).filePath(QStringLiteral("gatehouse-roles.png"))); }};
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
    steps << std::pair{3000, [&] { shoot(QDir(out).filePath(QStringLiteral("gatehouse-inspector.png"))); }};
    steps << std::pair{
        200, [&] {
            qobject_cast<ui::InspectorPage*>(find("inspectorPage"))
                ->setText(QStringLiteral("HTTP/1.1 200 OK\nSet-Cookie: session=eyJ1c2VyIjoiYm9iIn0.ZxYz.abc; Path=/\n"
                                         "Set-Cookie: csrf=1a2b3c; Secure; SameSite=Strict\n"
                                         "Set-Cookie: theme=dark; Max-Age=31536000; Secure; HttpOnly; SameSite=Lax\n"));
        }};
    steps << std::pair{1200, [&] { shoot(QDir(out).filePath(QStringLiteral("gatehouse-cookies.png"))); }};
    steps << std::pair{200, [&] { QApplication::quit(); }};

    int delay = 0;
    for (const auto& [wait, step] : steps) {
        delay += wait;
        QTimer::singleShot(delay, &app, step);
    }
    return QApplication::exec();
}
