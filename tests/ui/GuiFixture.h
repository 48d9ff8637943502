#pragma once

// A real MainWindow on a fresh database in a temporary directory, with a cheap hash policy and a lockout
// after 3 failures, QSettings and QStandardPaths in test mode, no keychain. Helpers drive widgets by object name.
//
// Every test executable that includes this header runs in its own home: before main() (so before QApplication,
// fontconfig or any QSettings), HOME, XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME point into a fresh
// temporary folder. Test mode alone puts QSettings under ~/.qttest, which GUI tests running at the same time
// (ctest -j, or several build dirs) would share, lock file included.
#include "common/MessageBar.h"
#include "mainwindow/MainWindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace gatehouse::test {

// The test's private home; lives until the process exits (then removed).
inline const QTemporaryDir& guiTestHome()
{
    static const QTemporaryDir home(QDir::tempPath() + QStringLiteral("/gatehouse-gui-XXXXXX"));
    return home;
}

inline bool isolateGuiTest()
{
    const QTemporaryDir& home = guiTestHome();
    if (!home.isValid())
        return false;
    const auto set = [&home](const char* variable, const char* sub) {
        const QString path = home.filePath(QString::fromLatin1(sub));
        QDir().mkpath(path);
        qputenv(variable, QFile::encodeName(path));
    };
    set("HOME", "home");
    set("XDG_CONFIG_HOME", "config");
    set("XDG_DATA_HOME", "data");
    set("XDG_CACHE_HOME", "cache");
    return true;
}

// Runs during static initialisation, before QTEST_MAIN's QApplication.
inline const bool kGuiTestIsolated = isolateGuiTest();

inline const QString kAdminPassword = QStringLiteral("correct-admin-horse-battery");
inline const QString kUserPassword = QStringLiteral("correct-user-horse-battery");

// Upper bound for anything a GUI test waits on; QTRY_* returns as soon as the condition holds.
inline constexpr int kGuiTimeout = 30000;

class GuiFixture
{
public:
    // Cheap hashes keep most tests fast; the latency test passes the real 600,000-iteration policy.
    explicit GuiFixture(const core::password::HashPolicy& hashPolicy = core::password::HashPolicy::pbkdf2Sha256(1000))
    {
        QStandardPaths::setTestModeEnabled(true);
        ui::MainWindow::Options o;
        o.databasePath = m_dir.filePath(QStringLiteral("gatehouse.sqlite"));
        o.hashPolicy = hashPolicy;
        o.lockout.threshold = 3;
        o.durableDatabase = false;
        o.restoreLastConnection = false;
        o.nativeFileDialogs = false;
        o.noKeychain = true; // never the person's keychain (nor a D-Bus round trip) in a test
        m_window = std::make_unique<ui::MainWindow>(o);
        m_window->show();
        // Generous: the first GUI test of a ctest -j batch starts on a cold, busy machine.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->backend() != nullptr, kGuiTimeout);
    }

    ui::MainWindow& window() { return *m_window; }
    QString dir() const { return m_dir.path(); }

    template <typename T>
    T* find(const char* name) const
    {
        return m_window->findChild<T*>(QString::fromLatin1(name));
    }

    void type(const char* name, const QString& text)
    {
        auto* edit = find<QLineEdit>(name);
        QVERIFY2(edit, name);
        edit->clear();
        QTest::keyClicks(edit, text);
    }

    void click(const char* name)
    {
        auto* button = find<QAbstractButton>(name);
        QVERIFY2(button, name);
        QVERIFY2(button->isVisible(), name);
        QVERIFY2(button->isEnabled(), name);
        button->click();
    }

    QString message() const
    {
        auto* bar = find<ui::MessageBar>("messageBar");
        return bar ? bar->text() : QString();
    }

    bool tabVisible(const char* pageName) const
    {
        auto* tabs = find<QTabWidget>("mainTabWidget");
        auto* page = find<QWidget>(pageName);
        return tabs && page && tabs->isTabVisible(tabs->indexOf(page));
    }

    // Waits until the form is ready for input (first-run check done).
    bool waitForAccountForm()
    {
        return QTest::qWaitFor(
            [this] {
                auto* u = find<QLineEdit>("usernameLineEdit");
                return u && u->isEnabled() &&
                       (find<QAbstractButton>("loginPushButton")->isVisible() ||
                        find<QAbstractButton>("createAdminPushButton")->isVisible());
            },
            kGuiTimeout);
    }

    bool waitForSession(bool loggedIn)
    {
        return QTest::qWaitFor([this, loggedIn] { return m_window->session().isValid() == loggedIn; }, kGuiTimeout);
    }

    void createFirstAdmin()
    {
        QVERIFY(waitForAccountForm());
        QVERIFY(find<QAbstractButton>("createAdminPushButton")->isVisible());
        type("usernameLineEdit", QStringLiteral("root"));
        type("passwordLineEdit", kAdminPassword);
        type("confirmPasswordLineEdit", kAdminPassword);
        click("createAdminPushButton");
        QVERIFY(waitForSession(true));
    }

    void logout()
    {
        auto* action = m_window->findChild<QAction*>(QStringLiteral("logoutAction"));
        QVERIFY(action);
        action->trigger();
        QVERIFY(waitForSession(false));
        QVERIFY(waitForAccountForm());
    }

    void login(const QString& user, const QString& password)
    {
        QVERIFY(waitForAccountForm());
        type("usernameLineEdit", user);
        type("passwordLineEdit", password);
        click("loginPushButton");
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ui::MainWindow> m_window;
};

// Remote mode: a window with injected options (credential store, no keychain, restoring the last
// connection), QSettings in a private folder so the last connection and pinned certificates written here
// never meet another test's. Connects through the start page's widgets, as a person would.
class RemoteGuiFixture
{
public:
    struct Setup
    {
        core::remote::CredentialStore* store = nullptr;
        bool noKeychain = false;
        bool restoreLastConnection = false;
        QString settingsDir; // empty: a fresh temporary folder
    };

    explicit RemoteGuiFixture(const Setup& setup)
    {
        QStandardPaths::setTestModeEnabled(true);
        m_settingsDir = setup.settingsDir.isEmpty() ? m_dir.filePath(QStringLiteral("settings")) : setup.settingsDir;
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir);
        ui::MainWindow::Options o;
        o.databasePath = m_dir.filePath(QStringLiteral("gatehouse.sqlite"));
        o.hashPolicy = core::password::HashPolicy::pbkdf2Sha256(1000);
        o.durableDatabase = false;
        o.restoreLastConnection = setup.restoreLastConnection;
        o.credentialStore = setup.store;
        o.noKeychain = setup.noKeychain;
        m_window = std::make_unique<ui::MainWindow>(o);
        m_window->show();
    }

    ui::MainWindow& window() { return *m_window; }
    QString settingsDir() const { return m_settingsDir; }

    template <typename T>
    T* find(const char* name) const
    {
        return m_window->findChild<T*>(QString::fromLatin1(name));
    }

    QString message() const
    {
        auto* bar = find<ui::MessageBar>("messageBar");
        return bar && bar->isVisible() ? bar->text() : QString();
    }

    // Chooses remote mode with `profile` and `url` and presses Connect; true once the back end is ready.
    bool connectTo(const QString& profile, const QUrl& url)
    {
        const QString origin = url.toString();
        return beginConnect(profile, url) && QTest::qWaitFor(
                                                 [this, origin] {
                                                     return m_window->backend() &&
                                                            m_window->backend()->describe().contains(origin) &&
                                                            find<QLineEdit>("usernameLineEdit")->isEnabled();
                                                 },
                                                 kGuiTimeout);
    }

    // The same, without waiting for the connection (a self-signed server stops at its fingerprint).
    bool beginConnect(const QString& profile, const QUrl& url)
    {
        auto* remote = find<QAbstractButton>("remoteRadioButton");
        auto* combo = find<QComboBox>("remoteProfileComboBox");
        auto* edit = find<QLineEdit>("remoteUrlLineEdit");
        if (!remote || !combo || !edit || combo->findText(profile) < 0)
            return false;
        // The local default database opens first; the connection box is busy until then.
        if (!QTest::qWaitFor([this] { return find<QAbstractButton>("openDatabasePushButton")->isEnabled(); },
                             kGuiTimeout))
            return false;
        remote->click();
        combo->setCurrentIndex(combo->findText(profile));
        edit->clear();
        QTest::keyClicks(edit, url.toString());
        find<QAbstractButton>("openDatabasePushButton")->click();
        return true;
    }

    void type(const char* name, const QString& text)
    {
        auto* edit = find<QLineEdit>(name);
        QVERIFY2(edit, name);
        edit->clear();
        QTest::keyClicks(edit, text);
    }

    void click(const char* name)
    {
        auto* button = find<QAbstractButton>(name);
        QVERIFY2(button, name);
        QVERIFY2(button->isVisible(), name);
        QVERIFY2(button->isEnabled(), name);
        button->click();
    }

    bool waitForSession(bool loggedIn)
    {
        return QTest::qWaitFor([this, loggedIn] { return m_window->session().isValid() == loggedIn; }, kGuiTimeout);
    }

    bool tabVisible(const char* pageName) const
    {
        auto* tabs = find<QTabWidget>("mainTabWidget");
        auto* page = find<QWidget>(pageName);
        return tabs && page && tabs->isTabVisible(tabs->indexOf(page));
    }

private:
    QTemporaryDir m_dir;
    QString m_settingsDir;
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace gatehouse::test
