// Start page flows on the real window: first-run admin, registration, failed and successful login, the
// lockout message, the forced password change after an admin reset.
#include "GuiFixture.h"

#include "common/PasswordLineEdit.h"

using namespace gatehouse;
using namespace gatehouse::test;

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
};

QTEST_MAIN(TestLoginFlow)
#include "tst_loginflow.moc"
