// Start page flows on the real window: first-run admin, registration, failed and successful login, the
// lockout message, the forced password change after an admin reset; a remembered local session restored
// by a second window.
#include "GuiFixture.h"

#include "common/PasswordLineEdit.h"
#include "remote/CredentialStore.h"
#include "store/InMemorySigningKeyStore.h"

#include <QCheckBox>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

// A window on `path` whose sessions are remembered in `store`, signed with `keys` (both outlive it, as the
// keychain does the app).
std::unique_ptr<ui::MainWindow> rememberingWindow(const QString& path, core::remote::CredentialStore* store,
                                                  core::store::SigningKeyStore* keys)
{
    ui::MainWindow::Options o;
    o.databasePath = path;
    o.hashPolicy = core::password::HashPolicy::pbkdf2Sha256(1000);
    o.durableDatabase = false;
    o.restoreLastConnection = false;
    o.credentialStore = store;
    o.signingKeys = keys;
    auto w = std::make_unique<ui::MainWindow>(o);
    w->show();
    return w;
}

void typeInto(ui::MainWindow& w, const char* name, const QString& text)
{
    auto* edit = w.findChild<QLineEdit*>(QString::fromLatin1(name));
    QVERIFY2(edit, name);
    edit->clear();
    QTest::keyClicks(edit, text);
}

} // namespace

class TestLoginFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstRunCreatesAdmin()
    {
        GuiFixture f;
        f.createFirstAdmin();
        QVERIFY(f.window().session().roles.contains(QStringLiteral("admin")));
        QVERIFY(f.message().contains(QStringLiteral("root")));
        QVERIFY(f.tabVisible("tasksPage"));
        QVERIFY(f.tabVisible("adminTabWidget"));
        QVERIFY(!f.tabVisible("startPage"));
    }

    void mismatchedConfirmationIsInline()
    {
        GuiFixture f;
        QVERIFY(f.waitForAccountForm());
        f.type("usernameLineEdit", QStringLiteral("root"));
        f.type("passwordLineEdit", kAdminPassword);
        f.type("confirmPasswordLineEdit", QStringLiteral("something-else-entirely"));
        f.click("createAdminPushButton");
        QVERIFY(f.message().contains(QStringLiteral("differ")));
        QVERIFY(!f.window().session().isValid());
    }

    void passwordShowHide()
    {
        GuiFixture f;
        QVERIFY(f.waitForAccountForm());
        auto* pw = f.find<ui::PasswordLineEdit>("passwordLineEdit");
        QCOMPARE(pw->echoMode(), QLineEdit::Password);
        f.click("showPasswordCheckBox");
        QCOMPARE(pw->echoMode(), QLineEdit::Normal);
        f.click("showPasswordCheckBox");
        QCOMPARE(pw->echoMode(), QLineEdit::Password);
    }

    void registerGetsUserRole()
    {
        GuiFixture f;
        f.createFirstAdmin();
        f.logout();
        QVERIFY(f.message().contains(QStringLiteral("logged out")));
        f.click("switchModePushButton");
        QVERIFY(f.find<QAbstractButton>("registerPushButton")->isVisible());
        f.type("usernameLineEdit", QStringLiteral("bob"));
        f.type("passwordLineEdit", kUserPassword);
        f.type("confirmPasswordLineEdit", kUserPassword);
        f.click("registerPushButton");
        QVERIFY(f.waitForSession(true));
        QCOMPARE(f.window().session().roles, QStringList{QStringLiteral("user")});
        QVERIFY(f.tabVisible("tasksPage"));
        QVERIFY(!f.tabVisible("adminTabWidget"));
    }

    void failedThenSuccessfulLoginThenLockout()
    {
        GuiFixture f;
        f.createFirstAdmin();
        f.logout();
        f.login(QStringLiteral("root"), QStringLiteral("not-the-password"));
        QTRY_VERIFY_WITH_TIMEOUT(f.message().contains(QStringLiteral("Wrong username or password")), 10000);
        QVERIFY(!f.window().session().isValid());
        // The password field is cleared after a failure; the username stays.
        QVERIFY(f.find<QLineEdit>("passwordLineEdit")->text().isEmpty());
        QCOMPARE(f.find<QLineEdit>("usernameLineEdit")->text(), QStringLiteral("root"));

        f.login(QStringLiteral("root"), kAdminPassword);
        QVERIFY(f.waitForSession(true));
        f.logout();

        for (int i = 0; i < 3; ++i) {
            f.login(QStringLiteral("root"), QStringLiteral("wrong-again-%1").arg(i));
            QVERIFY(f.waitForAccountForm());
        }
        f.login(QStringLiteral("root"), kAdminPassword);
        QTRY_VERIFY_WITH_TIMEOUT(f.message().contains(QStringLiteral("locked")), 10000);
        QVERIFY(f.message().contains(QStringLiteral("Try again in")));
        QVERIFY(f.message().contains(QStringLiteral("seconds")));
        QVERIFY(!f.window().session().isValid());
    }

    void rememberedLocalSessionRestoresInASecondWindow()
    {
        QStandardPaths::setTestModeEnabled(true);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("gatehouse.sqlite"));
        core::remote::MemoryCredentialStore store;
        core::store::InMemorySigningKeyStore keys;
        {
            auto w = rememberingWindow(path, &store, &keys);
            auto* create = w->findChild<QAbstractButton*>(QStringLiteral("createAdminPushButton"));
            QTRY_VERIFY_WITH_TIMEOUT(create->isVisible() && create->isEnabled(), 10000);
            typeInto(*w, "usernameLineEdit", QStringLiteral("root"));
            typeInto(*w, "passwordLineEdit", kAdminPassword);
            typeInto(*w, "confirmPasswordLineEdit", kAdminPassword);
            create->click();
            QTRY_VERIFY_WITH_TIMEOUT(w->session().isValid(), 10000);
            QCOMPARE(store.size(), 0); // a new admin is not remembered
            w->findChild<QAction*>(QStringLiteral("logoutAction"))->trigger();
            auto* login = w->findChild<QAbstractButton*>(QStringLiteral("loginPushButton"));
            QTRY_VERIFY_WITH_TIMEOUT(!w->session().isValid() && login->isVisible() && login->isEnabled(), 10000);
            typeInto(*w, "usernameLineEdit", QStringLiteral("root"));
            typeInto(*w, "passwordLineEdit", kAdminPassword);
            w->findChild<QCheckBox*>(QStringLiteral("rememberCheckBox"))->setChecked(true);
            login->click();
            QTRY_VERIFY_WITH_TIMEOUT(w->session().isValid(), 10000);
            QVERIFY(w->session().rememberError.code.isEmpty());
            QCOMPARE(store.size(), 1);
            auto* bar = w->findChild<ui::MessageBar*>(QStringLiteral("messageBar"));
            QVERIFY(!bar->text().contains(QStringLiteral("end when Gatehouse closes")));
        }
        // The next start: the window restores the session without anyone typing.
        auto w = rememberingWindow(path, &store, &keys);
        QTRY_VERIFY_WITH_TIMEOUT(w->session().isValid(), 10000);
        QVERIFY(w->session().remembered);
        QCOMPARE(w->session().username, QStringLiteral("root"));
        auto* bar = w->findChild<ui::MessageBar*>(QStringLiteral("messageBar"));
        QVERIFY(bar->text().contains(QStringLiteral("restored")));
        // Logging out forgets it.
        w->findChild<QAction*>(QStringLiteral("logoutAction"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 0, 10000);
    }
};

QTEST_MAIN(TestLoginFlow)
#include "tst_loginflow.moc"
