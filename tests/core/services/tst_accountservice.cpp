// AccountService on a real SQLite file: first admin, password policy, login errors and work, lockout
// persisted across a restart, rehash, tokens, admin actions, last-admin protection, and the audit trail.
#include "ServiceFixture.h"

#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "password/PasswordHasher.h"
#include "store/SqlStatement.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <algorithm>

using namespace gatehouse::test;
using gatehouse::core::store::SqlStatement;

namespace {

QString storedHash(store::Database& db, const QString& username)
{
    auto c = db.connection();
    auto v =
        SqlStatement::scalar(c.value(), QStringLiteral("SELECT password FROM \"user\" WHERE username = ?"), {username});
    return v ? v.value().toString() : QString();
}

qint64 medianNs(QList<qint64> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

} // namespace

class TestAccountService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstAdminOnlyOnEmptyDatabase()
    {
        ServiceFixture f;
        QCOMPARE(f.accounts().needsFirstAdmin().value(), true);
        auto weak = f.accounts().createFirstAdmin(QStringLiteral("root"), QStringLiteral("short"));
        QVERIFY(!weak);
        QCOMPARE(weak.error().code, QStringLiteral("password.too_short"));
        auto admin = f.accounts().createFirstAdmin(QStringLiteral("root"), pw("root"));
        QVERIFY(admin.ok());
        QCOMPARE(f.accounts().needsFirstAdmin().value(), false);
        auto second = f.accounts().createFirstAdmin(QStringLiteral("other"), pw("other"));
        QVERIFY(!second);
        QCOMPARE(second.error().code, QStringLiteral("setup.not_empty"));
        auto roles = f.roles().rolesOf(admin.value(), admin.value().userId());
        QCOMPARE(roles.value(), QStringList{QStringLiteral("admin")});
    }

    // An adopted Flask database has users but no admin: one of them proves their password and claims it.
    void existingUserClaimsAdminOnce()
    {
        ServiceFixture f;
        QCOMPARE(f.accounts().needsAdminClaim().value(), false); // empty: createFirstAdmin instead
        auto flaskUser = f.accounts().registerUser(QStringLiteral("flaskuser"), pw("flask"));
        QVERIFY(flaskUser.ok());
        QVERIFY(f.accounts().registerUser(QStringLiteral("other"), pw("other")).ok());
        QCOMPARE(f.accounts().needsAdminClaim().value(), true);
        QCOMPARE(f.accounts().claimFirstAdmin(QStringLiteral("flaskuser"), pw("wrong")).error().code,
                 QStringLiteral("auth.invalid"));
        auto admin = f.accounts().claimFirstAdmin(QStringLiteral("flaskuser"), pw("flask"));
        QVERIFY2(admin.ok(), qPrintable(admin.ok() ? QString() : admin.error().code));
        QVERIFY(f.roles().rolesOf(admin.value(), admin.value().userId()).value().contains(QStringLiteral("admin")));
        QCOMPARE(f.accounts().needsAdminClaim().value(), false);
        QCOMPARE(f.accounts().claimFirstAdmin(QStringLiteral("other"), pw("other")).error().code,
                 QStringLiteral("setup.has_admin"));
        AuditLog::Query q;
        q.action = QStringLiteral("setup.claim_admin");
        QCOMPARE(f.audit().list(admin.value(), q).value().size(), 1);
    }

    void passwordPolicy_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("code");
        QTest::newRow("11 chars") << QStringLiteral("abcdefghijk") << QStringLiteral("password.too_short");
        QTest::newRow("12 chars") << QStringLiteral("abcdefghijkl") << QString();
        QTest::newRow("129 chars") << QString(129, QLatin1Char('x')) << QStringLiteral("password.too_long");
        QTest::newRow("128 chars") << QString(128, QLatin1Char('x')) << QString();
        // 12 code points, 24 UTF-16 units: counted as 12.
        QTest::newRow("emoji 12") << QString::fromUtf8("😀😁😂🤣😃😄😅😆😉😊😋😎") << QString();
        QTest::newRow("emoji 11") << QString::fromUtf8("😀😁😂🤣😃😄😅😆😉😊😋")
                                  << QStringLiteral("password.too_short");
        QTest::newRow("common") << QStringLiteral("password1234") << QStringLiteral("password.common");
        QTest::newRow("common case") << QStringLiteral("PassWord1234") << QStringLiteral("password.common");
        QTest::newRow("same as name") << QStringLiteral("alice-the-admin")
                                      << QStringLiteral("password.same_as_username");
        QTest::newRow("spaces ok") << QStringLiteral("    spaces   are fine ") << QString();
    }
    void passwordPolicy()
    {
        QFETCH(QString, password);
        QFETCH(QString, code);
        ServiceFixture f;
        auto id = f.accounts().registerUser(QStringLiteral("alice-the-admin"), password);
        if (code.isEmpty()) {
            QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().code + id.error().message));
        } else {
            QVERIFY(!id);
            QCOMPARE(id.error().code, code);
            QVERIFY(!id.error().message.contains(password)); // never echoed
        }
    }

    void adminMayLowerMinimumToEight()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        QCOMPARE(f.accounts().setPasswordMinLength(admin, 7).error().code, QStringLiteral("password.policy"));
        QVERIFY(f.accounts().setPasswordMinLength(admin, 8));
        QVERIFY(f.accounts().registerUser(QStringLiteral("bob"), QStringLiteral("x7#kq2!m")).ok());
        const Principal bob = f.accounts().login(QStringLiteral("bob"), QStringLiteral("x7#kq2!m")).value().principal;
        const Status denied = f.accounts().setPasswordMinLength(bob, 20);
        QCOMPARE(denied.error().code, QStringLiteral("perm.denied"));
        QCOMPARE(f.accounts().passwordMinLength().value(), 8);
    }

    void duplicateAndInvalidUsernames()
    {
        ServiceFixture f;
        QVERIFY(f.accounts().registerUser(QStringLiteral("carol"), pw("c")).ok());
        QCOMPARE(f.accounts().registerUser(QStringLiteral("carol"), pw("d")).error().code,
                 QStringLiteral("user.exists"));
        QCOMPARE(f.accounts().registerUser(QString(), pw("d")).error().code, QStringLiteral("user.invalid_name"));
        QCOMPARE(f.accounts().registerUser(QStringLiteral(" carol"), pw("d")).error().code,
                 QStringLiteral("user.invalid_name"));
        QCOMPARE(f.accounts().registerUser(QStringLiteral("a\nb"), pw("d")).error().code,
                 QStringLiteral("user.invalid_name"));
        QCOMPARE(f.accounts().registerUser(QString(81, QLatin1Char('u')), pw("d")).error().code,
                 QStringLiteral("user.invalid_name"));
    }

    void unknownUserAndWrongPasswordLookAlike()
    {
        ServiceFixture f;
        QVERIFY(f.accounts().registerUser(QStringLiteral("dave"), pw("dave")).ok());
        const quint64 before = f.accounts().verificationCount();
        auto unknown = f.accounts().login(QStringLiteral("nobody"), pw("dave"));
        QCOMPARE(f.accounts().verificationCount(), before + 1); // the dummy hash was verified
        auto wrong = f.accounts().login(QStringLiteral("dave"), pw("wrong"));
        QCOMPARE(f.accounts().verificationCount(), before + 2);
        QVERIFY(!unknown && !wrong);
        QCOMPARE(unknown.error().code, QStringLiteral("auth.invalid"));
        QCOMPARE(wrong.error().code, unknown.error().code);
        QCOMPARE(wrong.error().message, unknown.error().message);
        QCOMPARE(wrong.error().where, unknown.error().where);
    }

    // Unknown user and wrong password must cost the same work: exactly one password verification of the
    // policy's cost each (the unknown user against a dummy hash). The work is asserted, not the wall
    // time: timings on a shared machine are printed for information only.
    void loginTimingDoesNotRevealUsers()
    {
        ServiceFixture f(password::HashPolicy::pbkdf2Sha256(20000));
        const Principal admin = f.admin();
        auto erin = f.accounts().registerUser(QStringLiteral("erin"), pw("erin"));
        QVERIFY(erin.ok());
        (void)f.accounts().login(QStringLiteral("warmup"), pw("x")); // makes the dummy hash
        QList<qint64> unknown, wrong;
        for (int i = 0; i < 7; ++i) {
            QVERIFY(f.accounts().unlock(admin, erin.value())); // stay clear of the lockout
            QElapsedTimer t;
            quint64 before = f.accounts().verificationCount();
            t.start();
            const auto u = f.accounts().login(QStringLiteral("nobody%1").arg(i), pw("x"));
            unknown << t.nsecsElapsed();
            QCOMPARE(f.accounts().verificationCount() - before, quint64(1));
            before = f.accounts().verificationCount();
            t.restart();
            const auto w = f.accounts().login(QStringLiteral("erin"), pw("x"));
            wrong << t.nsecsElapsed();
            QCOMPARE(f.accounts().verificationCount() - before, quint64(1));
            // The same error, word for word.
            QCOMPARE(u.error().code, w.error().code);
            QCOMPARE(u.error().message, w.error().message);
        }
        qInfo("login median: unknown user %.2f ms, wrong password %.2f ms (ratio %.2f; information only)",
              medianNs(unknown) / 1e6, medianNs(wrong) / 1e6, double(medianNs(unknown)) / double(medianNs(wrong)));
    }

    void lockoutGrowsAndSurvivesRestart()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        QVERIFY(f.accounts().registerUser(QStringLiteral("frank"), pw("frank")).ok());
        for (int i = 0; i < 4; ++i)
            QCOMPARE(f.accounts().login(QStringLiteral("frank"), pw("bad")).error().code,
                     QStringLiteral("auth.invalid"));
        // The 5th failure locks for 30 s.
        QCOMPARE(f.accounts().login(QStringLiteral("frank"), pw("bad")).error().code, QStringLiteral("auth.invalid"));
        auto locked = f.accounts().login(QStringLiteral("frank"), pw("frank"));
        QCOMPARE(locked.error().code, QStringLiteral("account.locked"));

        f.reopen(); // a restart: the lock is in the file
        QCOMPARE(f.accounts().login(QStringLiteral("frank"), pw("frank")).error().code,
                 QStringLiteral("account.locked"));
        f.clock().advance(31);
        // The 6th failure locks for 60 s.
        QCOMPARE(f.accounts().login(QStringLiteral("frank"), pw("bad")).error().code, QStringLiteral("auth.invalid"));
        f.clock().advance(31);
        QCOMPARE(f.accounts().login(QStringLiteral("frank"), pw("frank")).error().code,
                 QStringLiteral("account.locked"));
        f.clock().advance(30);
        auto ok = f.accounts().login(QStringLiteral("frank"), pw("frank"));
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().code));
        auto users = f.accounts().findUser(admin, QStringLiteral("frank"));
        QVERIFY(users.ok());
        QCOMPARE(users.value().failedLogins, 0);
        QCOMPARE(users.value().lockedUntil, 0);
    }

    void adminUnlocks()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto id = f.accounts().registerUser(QStringLiteral("gina"), pw("gina"));
        for (int i = 0; i < 5; ++i)
            (void)f.accounts().login(QStringLiteral("gina"), pw("bad"));
        QVERIFY(f.accounts().findUser(admin, QStringLiteral("gina")).value().lockedUntil > f.clock().nowSeconds());
        QVERIFY(f.accounts().unlock(admin, id.value()));
        QVERIFY(f.accounts().login(QStringLiteral("gina"), pw("gina")).ok());
    }

    void rehashOnLoginWhenBelowPolicy()
    {
        ServiceFixture f;
        auto id = f.accounts().registerUser(QStringLiteral("hank"), pw("hank"));
        QVERIFY(id.ok());
        // A legacy werkzeug sha256$salt$hex hash, as werkzeug 2.2 wrote with method="sha256".
        const QString legacy =
            QStringLiteral("sha256$salt123$") +
            QString::fromLatin1(
                QMessageAuthenticationCode::hash(pw("hank").toUtf8(), QByteArray("salt123"), QCryptographicHash::Sha256)
                    .toHex());
        QVERIFY(f.db().write([&](QSqlDatabase& c) -> Status {
            auto r = SqlStatement::run(c, QStringLiteral("UPDATE \"user\" SET password = ? WHERE id = ?"),
                                       {legacy, id.value()});
            return r ? Status() : Status(r.error());
        }));
        auto login = f.accounts().login(QStringLiteral("hank"), pw("hank"));
        QVERIFY(login.ok());
        QVERIFY(login.value().hashUpgraded);
        const QString now = storedHash(f.db(), QStringLiteral("hank"));
        QVERIFY2(now.startsWith(QLatin1String("pbkdf2:sha256:1000$")), qPrintable(now.left(20)));
        QVERIFY(password::PasswordHasher::verify(pw("hank"), now).value());
        // A hash at the policy is left alone.
        auto again = f.accounts().login(QStringLiteral("hank"), pw("hank"));
        QVERIFY(!again.value().hashUpgraded);
        QCOMPARE(storedHash(f.db(), QStringLiteral("hank")), now);
    }

    void tokenIsSignedForThisDatabase()
    {
        ServiceFixture f;
        QVERIFY(f.accounts().registerUser(QStringLiteral("ivy"), pw("ivy")).ok());
        auto login = f.accounts().login(QStringLiteral("ivy"), pw("ivy"));
        QVERIFY(login.ok());
        const QByteArray token = login.value().token;
        QCOMPARE(token.count('.'), 2);
        auto p = f.accounts().verifyToken(token);
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().where));
        QCOMPARE(p.value().userId(), login.value().principal.userId());
        // Tampered, expired, and after the key is gone: refused.
        QByteArray tampered = token;
        tampered[tampered.size() - 3] = tampered.at(tampered.size() - 3) == 'A' ? 'B' : 'A';
        QCOMPARE(f.accounts().verifyToken(tampered).error().code, QStringLiteral("auth.token_invalid"));
        f.clock().advance(9 * 3600);
        QCOMPARE(f.accounts().verifyToken(token).error().code, QStringLiteral("auth.token_invalid"));
        f.clock().advance(-9 * 3600);
        QVERIFY(f.keys().remove(f.db().databaseId()));
        QCOMPARE(f.accounts().verifyToken(token).error().code, QStringLiteral("auth.token_invalid"));
    }

    // A session token (and the Principal it stands for) issued before a password change, an admin reset, a
    // disable or a delete stops working; the one renewed by the change works.
    void olderTokensStopWorking()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto id = f.accounts().registerUser(QStringLiteral("erin"), pw("erin"));
        QVERIFY(id.ok());
        auto first = f.accounts().login(QStringLiteral("erin"), pw("erin"));
        QVERIFY(first.ok());
        QVERIFY(f.accounts().verifyToken(first.value().token).ok());
        QVERIFY(f.tasks().list(first.value().principal, {}).ok());

        auto renewed = f.accounts().changePasswordAndRenew(first.value().principal, pw("erin"), pw("erin2"));
        QVERIFY2(renewed.ok(), qPrintable(renewed.ok() ? QString() : renewed.error().code));
        QCOMPARE(f.accounts().verifyToken(first.value().token).error().code, QStringLiteral("auth.session_invalid"));
        QCOMPARE(f.tasks().list(first.value().principal, {}).error().code, QStringLiteral("auth.session_invalid"));
        QVERIFY(renewed.value().token != first.value().token);
        QCOMPARE(f.accounts().verifyToken(renewed.value().token).value().userId(), id.value());
        QVERIFY(f.tasks().list(renewed.value().principal, {}).ok());
        // The plain changePassword ends the caller's own session as well.
        QVERIFY(f.accounts().changePassword(renewed.value().principal, pw("erin2"), pw("erin3")));
        QCOMPARE(f.accounts().verifyToken(renewed.value().token).error().code, QStringLiteral("auth.session_invalid"));

        auto beforeReset = f.accounts().login(QStringLiteral("erin"), pw("erin3"));
        QVERIFY(beforeReset.ok());
        QVERIFY(f.accounts().resetPassword(admin, id.value(), pw("temporary")));
        QCOMPARE(f.accounts().verifyToken(beforeReset.value().token).error().code,
                 QStringLiteral("auth.session_invalid"));

        auto beforeDisable = f.accounts().login(QStringLiteral("erin"), pw("temporary"));
        QVERIFY(beforeDisable.ok());
        QVERIFY(f.accounts().setDisabled(admin, id.value(), true));
        QVERIFY(f.accounts().setDisabled(admin, id.value(), false));
        // Enabling again does not revive it.
        QCOMPARE(f.accounts().verifyToken(beforeDisable.value().token).error().code,
                 QStringLiteral("auth.session_invalid"));
        QCOMPARE(f.tasks().list(beforeDisable.value().principal, {}).error().code,
                 QStringLiteral("auth.session_invalid"));

        // Deleted, and the id reused by a new account of the same name: the old token stays dead.
        auto beforeDelete = f.accounts().login(QStringLiteral("erin"), pw("temporary"));
        QVERIFY(beforeDelete.ok());
        QVERIFY(f.accounts().verifyToken(beforeDelete.value().token).ok());
        QVERIFY(f.accounts().deleteUser(admin, id.value()));
        auto again = f.accounts().registerUser(QStringLiteral("erin"), pw("erin"));
        QCOMPARE(again.value(), id.value()); // SQLite reused the rowid
        QCOMPARE(f.accounts().verifyToken(beforeDelete.value().token).error().code,
                 QStringLiteral("auth.session_invalid"));
        QVERIFY(f.accounts().verifyToken(f.accounts().login(QStringLiteral("erin"), pw("erin")).value().token).ok());
    }

    // A correctly signed token without the credential epoch claim (issued before schema 4) is refused.
    void tokenWithoutEpochRefused()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto secret = f.keys().loadOrCreate(f.db().databaseId());
        QVERIFY(secret.ok());
        auto key = jwt::JwtKey::fromHmacSecret(secret.value());
        QVERIFY(key.ok());
        const qint64 now = f.clock().nowSeconds();
        QJsonObject payload{{QStringLiteral("iss"), QStringLiteral("gatehouse-local")},
                            {QStringLiteral("aud"), f.db().databaseId()},
                            {QStringLiteral("sub"), QString::number(admin.userId())},
                            {QStringLiteral("name"), admin.username()},
                            {QStringLiteral("iat"), now},
                            {QStringLiteral("exp"), now + 3600}};
        auto token = jwt::JwtEncoder::sign(jwt::Algorithm::HS256, payload, key.value());
        QVERIFY(token.ok());
        QCOMPARE(f.accounts().verifyToken(token.value()).error().code, QStringLiteral("auth.token_invalid"));
        // With the claim (the value login() would put there) the same token is accepted.
        payload.insert(QStringLiteral("gh_cep"), admin.credentialEpoch());
        token = jwt::JwtEncoder::sign(jwt::Algorithm::HS256, payload, key.value());
        QVERIFY(f.accounts().verifyToken(token.value()).ok());
    }

    void changePasswordAndForcedReset()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto id = f.accounts().registerUser(QStringLiteral("jack"), pw("jack"));
        Principal jack = f.accounts().login(QStringLiteral("jack"), pw("jack")).value().principal;
        QCOMPARE(f.accounts().changePassword(jack, pw("nope"), pw("new")).error().code,
                 QStringLiteral("password.wrong_current"));
        QCOMPARE(f.accounts().changePassword(jack, pw("jack"), QStringLiteral("password1234")).error().code,
                 QStringLiteral("password.common"));
        QVERIFY(f.accounts().changePassword(jack, pw("jack"), pw("new")));
        QCOMPARE(f.accounts().login(QStringLiteral("jack"), pw("jack")).error().code, QStringLiteral("auth.invalid"));
        QVERIFY(f.accounts().login(QStringLiteral("jack"), pw("new")).ok());

        QVERIFY(f.accounts().resetPassword(admin, id.value(), pw("temporary")));
        auto login = f.accounts().login(QStringLiteral("jack"), pw("temporary"));
        QVERIFY(login.ok());
        QVERIFY(login.value().mustChangePassword);
        QVERIFY(f.accounts().changePassword(login.value().principal, pw("temporary"), pw("mine")));
        QVERIFY(!f.accounts().login(QStringLiteral("jack"), pw("mine")).value().mustChangePassword);
        // A plain user cannot reset anyone.
        auto other = f.accounts().registerUser(QStringLiteral("kim"), pw("kim"));
        jack = f.accounts().login(QStringLiteral("jack"), pw("mine")).value().principal;
        QCOMPARE(f.accounts().resetPassword(jack, other.value(), pw("evil")).error().code,
                 QStringLiteral("perm.denied"));
    }

    void disableEnableDelete()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto id = f.accounts().registerUser(QStringLiteral("liam"), pw("liam"));
        const Principal liam = f.accounts().login(QStringLiteral("liam"), pw("liam")).value().principal;
        QVERIFY(f.accounts().setDisabled(admin, id.value(), true));
        QCOMPARE(f.accounts().login(QStringLiteral("liam"), pw("liam")).error().code,
                 QStringLiteral("account.disabled"));
        // A wrong password on a disabled account says nothing about the account.
        QCOMPARE(f.accounts().login(QStringLiteral("liam"), pw("bad")).error().code, QStringLiteral("auth.invalid"));
        // An existing session stops working at once.
        QCOMPARE(f.tasks().list(liam, {}).error().code, QStringLiteral("auth.session_invalid"));
        QVERIFY(f.accounts().setDisabled(admin, id.value(), false));
        QVERIFY(f.accounts().login(QStringLiteral("liam"), pw("liam")).ok());
        QVERIFY(f.accounts().deleteUser(admin, id.value()));
        QCOMPARE(f.accounts().login(QStringLiteral("liam"), pw("liam")).error().code, QStringLiteral("auth.invalid"));
        QCOMPARE(f.accounts().deleteUser(admin, id.value()).error().code, QStringLiteral("user.not_found"));
        auto c = f.db().connection();
        QCOMPARE(SqlStatement::scalar(c.value(), QStringLiteral("SELECT count(*) FROM gh_account WHERE user_id = ?"),
                                      {id.value()})
                     .value()
                     .toInt(),
                 0);
    }

    void lastAdminIsProtected()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        QCOMPARE(f.accounts().deleteUser(admin, admin.userId()).error().code, QStringLiteral("admin.last"));
        QCOMPARE(f.accounts().setDisabled(admin, admin.userId(), true).error().code, QStringLiteral("admin.last"));
        QCOMPARE(f.roles().unassign(admin, admin.userId(), QStringLiteral("admin")).error().code,
                 QStringLiteral("admin.last"));
        // With a second admin, the first may go; then the second is the last.
        const Principal second = f.userWithRole(QStringLiteral("second"), QStringLiteral("admin"));
        QVERIFY(second.isValid());
        QVERIFY(f.roles().unassign(second, admin.userId(), QStringLiteral("admin")));
        QCOMPARE(f.accounts().deleteUser(second, second.userId()).error().code, QStringLiteral("admin.last"));
        // A disabled admin does not count.
        QVERIFY(f.roles().assign(second, admin.userId(), QStringLiteral("admin")));
        auto a2 = f.accounts().login(QStringLiteral("root"), pw("root"));
        QVERIFY(f.accounts().setDisabled(second, admin.userId(), true));
        QCOMPARE(f.accounts().setDisabled(second, second.userId(), true).error().code, QStringLiteral("admin.last"));
        QCOMPARE(f.roles().deleteRole(second, QStringLiteral("admin")).error().code, QStringLiteral("role.builtin"));
    }

    void userManagerCannotTouchAdmins()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        QVERIFY(f.roles()
                    .createRole(admin, QStringLiteral("helpdesk"),
                                {QStringLiteral("user.view"), QStringLiteral("user.manage")})
                    .ok());
        const Principal desk = f.userWithRole(QStringLiteral("desk"), QStringLiteral("helpdesk"));
        QVERIFY(desk.isValid());
        auto plain = f.accounts().registerUser(QStringLiteral("plain"), pw("plain"));
        QCOMPARE(f.accounts().resetPassword(desk, admin.userId(), pw("takeover")).error().code,
                 QStringLiteral("perm.denied"));
        // "plain" holds task permissions desk lacks: also refused (no managing beyond one's rights).
        QCOMPARE(f.accounts().setDisabled(desk, plain.value(), true).error().code, QStringLiteral("perm.denied"));
        QCOMPARE(f.roles().assign(desk, desk.userId(), QStringLiteral("admin")).error().code,
                 QStringLiteral("perm.denied"));
    }

    void auditRecordsEventsWithoutSecrets()
    {
        ServiceFixture f;
        const Principal admin = f.admin();
        auto id = f.accounts().registerUser(QStringLiteral("mia"), pw("mia"));
        (void)f.accounts().login(QStringLiteral("mia"), pw("wrong-one"));
        (void)f.accounts().login(QStringLiteral("ghost"), pw("ghost"));
        auto ok = f.accounts().login(QStringLiteral("mia"), pw("mia"));
        (void)f.accounts().deleteUser(ok.value().principal, admin.userId());
        // Only audit.view may read it.
        QCOMPARE(f.audit().list(ok.value().principal, {}).error().code, QStringLiteral("perm.denied"));
        QVERIFY(f.accounts().resetPassword(admin, id.value(), pw("tempsecret")));
        auto entries = f.audit().list(admin, {});
        QVERIFY(entries.ok());
        QStringList lines;
        for (const AuditEntry& e : entries.value())
            lines
                << QStringLiteral("%1|%2|%3|%4|%5|%6").arg(e.actor, e.action, e.target, e.outcome, e.detail).arg(e.at);
        const QString all = lines.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("|auth.login|mia|failed|wrong password|")), qPrintable(all));
        QVERIFY(all.contains(QStringLiteral("|auth.login|ghost|failed|unknown user|")));
        QVERIFY(all.contains(QStringLiteral("mia|auth.login|mia|ok||")));
        QVERIFY(all.contains(QStringLiteral("root|user.reset_password|mia|ok|must change password|")));
        QVERIFY(all.contains(QStringLiteral("mia|user.delete|root|denied|perm.denied|")));
        QVERIFY(all.contains(QStringLiteral("setup.first_admin")));
        for (const char* secret : {"wrong-one", "ghost-horse", "mia-horse", "tempsecret", "pbkdf2", "eyJ"})
            QVERIFY2(!all.contains(QString::fromLatin1(secret)), secret);
        QVERIFY(!all.contains(QString::fromLatin1(ok.value().token)));
    }
};

QTEST_GUILESS_MAIN(TestAccountService)
#include "tst_accountservice.moc"
