// An admin creates a user and assigns a role in Users & Roles; that user logs in and sees only what the
// role allows. Also the forced password change after a reset.
#include "GuiFixture.h"

#include <QTableWidget>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

int rowOf(QTableWidget* table, const QString& username)
{
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0) && table->item(r, 0)->text() == username)
            return r;
    }
    return -1;
}

} // namespace

class TestAdminFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createUserAssignRoleAndLogInAsThem()
    {
        GuiFixture f;
        f.createFirstAdmin();
        auto* tabs = f.find<QTabWidget>("mainTabWidget");
        tabs->setCurrentWidget(f.find<QWidget>("adminTabWidget"));
        auto* users = f.find<QTableWidget>("usersTableWidget");
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(users, QStringLiteral("root")) >= 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(f.find<QComboBox>("newUserRoleComboBox")->count() >= 4, 10000);

        f.type("newUsernameLineEdit", QStringLiteral("vera"));
        f.type("newUserPasswordLineEdit", kUserPassword);
        f.find<QComboBox>("newUserRoleComboBox")->setCurrentText(QStringLiteral("user"));
        f.click("createUserPushButton");
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(users, QStringLiteral("vera")) >= 0, 10000);

        // Make vera a viewer instead of a user.
        users->selectRow(rowOf(users, QStringLiteral("vera")));
        f.find<QComboBox>("roleComboBox")->setCurrentText(QStringLiteral("viewer"));
        f.click("assignRolePushButton");
        QTRY_VERIFY_WITH_TIMEOUT(
            users->item(rowOf(users, QStringLiteral("vera")), 1)->text().contains(QStringLiteral("viewer")), 10000);
        users->selectRow(rowOf(users, QStringLiteral("vera")));
        f.find<QComboBox>("roleComboBox")->setCurrentText(QStringLiteral("user"));
        f.click("unassignRolePushButton");
        QTRY_COMPARE_WITH_TIMEOUT(users->item(rowOf(users, QStringLiteral("vera")), 1)->text(),
                                  QStringLiteral("viewer"), 10000);

        f.logout();
        f.login(QStringLiteral("vera"), kUserPassword);
        QVERIFY(f.waitForSession(true));
        QCOMPARE(f.window().session().roles, QStringList{QStringLiteral("viewer")});
        QVERIFY(f.tabVisible("tasksPage"));
        QVERIFY(f.tabVisible("productsPage"));
        QVERIFY(!f.tabVisible("adminTabWidget"));
        QVERIFY(!f.find<QWidget>("addTaskPushButton")->isVisible());
        QVERIFY(!f.find<QWidget>("deleteTaskPushButton")->isVisible());
        QVERIFY(!f.find<QWidget>("completeTaskPushButton")->isVisible());
        tabs->setCurrentWidget(f.find<QWidget>("productsPage"));
        QVERIFY(!f.find<QWidget>("addProductPushButton")->isVisible());
        QVERIFY(!f.find<QWidget>("deleteProductPushButton")->isVisible());
        // Core agrees.
        auto future = f.window().backend()->createTask(QStringLiteral("sneaky"), QString());
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 10000);
        QCOMPARE(future.result().error().code, QStringLiteral("perm.denied"));
    }

    void resetPasswordForcesChange()
    {
        GuiFixture f;
        f.createFirstAdmin();
        auto* tabs = f.find<QTabWidget>("mainTabWidget");
        tabs->setCurrentWidget(f.find<QWidget>("adminTabWidget"));
        auto* users = f.find<QTableWidget>("usersTableWidget");
        f.type("newUsernameLineEdit", QStringLiteral("carl"));
        f.type("newUserPasswordLineEdit", kUserPassword);
        f.click("createUserPushButton");
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(users, QStringLiteral("carl")) >= 0, 10000);
        users->selectRow(rowOf(users, QStringLiteral("carl")));
        f.type("temporaryPasswordLineEdit", QStringLiteral("temporary-pass-12345"));
        f.click("resetPasswordPushButton");
        QTRY_VERIFY_WITH_TIMEOUT(
            users->item(rowOf(users, QStringLiteral("carl")), 2)->text().contains(QStringLiteral("must change")),
            10000);

        f.logout();
        f.login(QStringLiteral("carl"), QStringLiteral("temporary-pass-12345"));
        QTRY_VERIFY_WITH_TIMEOUT(f.find<QWidget>("changePasswordPushButton")->isVisible(), 10000);
        QVERIFY(!f.tabVisible("tasksPage"));
        f.type("currentPasswordLineEdit", QStringLiteral("temporary-pass-12345"));
        f.type("newPasswordLineEdit", kUserPassword);
        f.type("repeatNewPasswordLineEdit", kUserPassword);
        f.click("changePasswordPushButton");
        QTRY_VERIFY_WITH_TIMEOUT(f.tabVisible("tasksPage"), 10000);
        QVERIFY(!f.window().session().mustChangePassword);
    }
};

QTEST_MAIN(TestAdminFlow)
#include "tst_adminflow.moc"
