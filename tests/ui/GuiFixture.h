#pragma once

// A real MainWindow on a fresh database in a temporary directory, with a cheap hash policy and a lockout
// after 3 failures, QSettings and QStandardPaths in test mode. Helpers drive widgets by object name.
#include "common/MessageBar.h"
#include "mainwindow/MainWindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace gatehouse::test {

inline const QString kAdminPassword = QStringLiteral("correct-admin-horse-battery");
inline const QString kUserPassword = QStringLiteral("correct-user-horse-battery");

class GuiFixture
{
public:
    GuiFixture()
    {
        QStandardPaths::setTestModeEnabled(true);
        ui::MainWindow::Options o;
        o.databasePath = m_dir.filePath(QStringLiteral("gatehouse.sqlite"));
        o.hashPolicy = core::password::HashPolicy::pbkdf2Sha256(1000);
        o.lockout.threshold = 3;
        o.durableDatabase = false;
        o.restoreLastConnection = false;
        m_window = std::make_unique<ui::MainWindow>(o);
        QSignalSpy ready(m_window.get(), &ui::MainWindow::backendReady);
        m_window->show();
        if (!m_window->backend())
            ready.wait(10000);
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
            10000);
    }

    bool waitForSession(bool loggedIn)
    {
        return QTest::qWaitFor([this, loggedIn] { return m_window->session().isValid() == loggedIn; }, 10000);
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

} // namespace gatehouse::test
