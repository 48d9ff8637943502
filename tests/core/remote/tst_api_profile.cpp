#include "remote/ApiProfile.h"
#include "remote/RemoteSession.h"

#include "common/Base64Url.h"

#include <QJsonDocument>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::remote;

class TestApiProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinsMatchTheProductTable()
    {
        const auto rest = ApiProfile::builtin(QStringLiteral("Gatehouse REST"));
        QVERIFY(rest);
        QCOMPARE(rest->login.path, QStringLiteral("/login"));
        QCOMPARE(rest->refresh.path, QStringLiteral("/refresh"));
        QCOMPARE(rest->logout.path, QStringLiteral("/logout"));
        QCOMPARE(rest->me.path, QStringLiteral("/me"));
        QCOMPARE(rest->refreshTokenField, QStringLiteral("refresh_token"));
        QCOMPARE(rest->tasksPath, QStringLiteral("/tasks"));
        QCOMPARE(rest->rolesPath, QStringLiteral("/roles"));
        QCOMPARE(rest->changePassword.path, QStringLiteral("/me/password"));
        QCOMPARE(rest->unlock.path, QStringLiteral("/users/{id}/unlock"));
        QCOMPARE(rest->auditPath, QStringLiteral("/audit"));

        const auto minimal = ApiProfile::builtin(QStringLiteral("flask-pyjwt-minimal"));
        QVERIFY(minimal);
        QCOMPARE(minimal->tokenField, QStringLiteral("token"));
        QCOMPARE(minimal->protectedPage.path, QStringLiteral("/dashboard"));
        QVERIFY(!minimal->refresh.isSet());
        QVERIFY(minimal->tasksPath.isEmpty());
        QVERIFY(!minimal->changePassword.isSet() && !minimal->unlock.isSet() && minimal->auditPath.isEmpty());

        const auto jwtExt = ApiProfile::builtin(QStringLiteral("Flask-JWT-Extended"));
        QVERIFY(jwtExt);
        QCOMPARE(jwtExt->login.path, QStringLiteral("/api/login"));
        QCOMPARE(jwtExt->protectedPage.path, QStringLiteral("/api/protected"));

        const auto cookies = ApiProfile::builtin(QStringLiteral("Flask-JWT-Extended (cookies)"));
        QVERIFY(cookies);
        QCOMPARE(cookies->tokenLocation, TokenLocation::Cookie);
        QCOMPARE(cookies->csrfCookie, QByteArray("csrf_access_token"));
        QCOMPARE(cookies->csrfHeader, QByteArray("X-CSRF-TOKEN"));

        const auto session = ApiProfile::builtin(QStringLiteral("Flask-Login session"));
        QVERIFY(session);
        QCOMPARE(session->tokenLocation, TokenLocation::Cookie);
        QCOMPARE(session->accessCookie, QByteArray("session"));
        QCOMPARE(session->logout.method, QByteArray("GET"));

        QVERIFY(!ApiProfile::builtin(QStringLiteral("nope")));
    }

    void adminEndpointsInUserProfiles()
    {
        const auto p = ApiProfile::fromJson(R"({"name": "Admin app", "login": {"path": "/login"},
            "change_password": {"method": "PUT", "path": "/account/password"},
            "unlock": {"path": "/admin/users/{id}/unlock"}, "resources": {"audit": "/admin/audit"}})");
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().code + QLatin1Char(' ') + p.error().where));
        QCOMPARE(p->changePassword.method, QByteArray("PUT"));
        QCOMPARE(p->unlock.method, QByteArray("POST"));
        QCOMPARE(p->unlock.path, QStringLiteral("/admin/users/{id}/unlock"));
        QCOMPARE(p->auditPath, QStringLiteral("/admin/audit"));
        const auto bad = ApiProfile::fromJson(R"({"name": "x", "login": {"path": "/login"},
            "change_password": {"path": "account/password"}})");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().where, QStringLiteral("change_password.path"));
    }

    void roundTripsThroughJson()
    {
        for (const ApiProfile& p : ApiProfile::builtins()) {
            const auto again = ApiProfile::fromJson(QJsonDocument(p.toJson()).toJson());
            QVERIFY2(again.ok(), qPrintable(p.name));
            QCOMPARE(again->toJson(), p.toJson());
        }
    }

    void userProfile()
    {
        const auto p = ApiProfile::fromJson(R"({"name": "My app", "login": {"method": "post", "path": "/auth/token"},
            "fields": {"username": "email", "password": "pass", "token": "data.jwt"},
            "token": {"location": "header", "header": "X-Auth-Token"},
            "resources": {"tasks": "/api/v1/todos"}})");
        QVERIFY(p.ok());
        QCOMPARE(p->login.method, QByteArray("POST"));
        QCOMPARE(p->usernameField, QStringLiteral("email"));
        QCOMPARE(p->tokenField, QStringLiteral("data.jwt"));
        QCOMPARE(p->tokenLocation, TokenLocation::Header);
        QCOMPARE(p->tokenHeader, QByteArray("X-Auth-Token"));
        QCOMPARE(p->tasksPath, QStringLiteral("/api/v1/todos"));
    }

    void invalidProfiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where");
        const QByteArray login = R"("login": {"path": "/login"})";
        QTest::newRow("not json") << QByteArray("{") << "profile.json"
                                  << "1";
        QTest::newRow("array") << QByteArray("[]") << "profile.json"
                               << "";
        QTest::newRow("no name") << "{" + login + "}"
                                 << "profile.name"
                                 << "name";
        QTest::newRow("name not string") << "{\"name\": 3, " + login + "}"
                                         << "profile.type"
                                         << "name";
        QTest::newRow("no login") << QByteArray(R"({"name": "x"})") << "profile.login"
                                  << "login";
        QTest::newRow("unknown key") << "{\"name\": \"x\", \"logn\": {}, " + login + "}"
                                     << "profile.unknown_key"
                                     << "logn";
        QTest::newRow("bad method") << QByteArray(R"({"name": "x", "login": {"method": "FETCH", "path": "/l"}})")
                                    << "profile.method"
                                    << "login.method";
        QTest::newRow("relative path") << QByteArray(R"({"name": "x", "login": {"path": "login"}})") << "profile.path"
                                       << "login.path";
        QTest::newRow("absolute URL") << QByteArray("{\"name\": \"x\", \"login\": {\"path\": \"/"
                                                    "/evil.example/login\"}}")
                                      << "profile.path"
                                      << "login.path";
        QTest::newRow("query in path (tokens never in URLs)")
            << QByteArray(R"({"name": "x", "login": {"path": "/login?token=1"}})") << "profile.path"
            << "login.path";
        QTest::newRow("unknown field") << "{\"name\": \"x\", " + login + ", \"fields\": {\"user\": \"u\"}}"
                                       << "profile.unknown_key"
                                       << "fields.user";
        QTest::newRow("empty username field") << "{\"name\": \"x\", " + login + ", \"fields\": {\"username\": \"\"}}"
                                              << "profile.field"
                                              << "fields";
        QTest::newRow("bad location") << "{\"name\": \"x\", " + login + ", \"token\": {\"location\": \"url\"}}"
                                      << "profile.location"
                                      << "token.location";
        QTest::newRow("header without name")
            << "{\"name\": \"x\", " + login + ", \"token\": {\"location\": \"header\"}}"
            << "profile.field"
            << "token.header";
        QTest::newRow("cookie without name")
            << "{\"name\": \"x\", " + login + ", \"token\": {\"location\": \"cookie\"}}"
            << "profile.field"
            << "token.cookie";
        QTest::newRow("bad cookie name") << "{\"name\": \"x\", " + login +
                                                ", \"token\": {\"location\": \"cookie\", \"cookie\": \"a b\"}}"
                                         << "profile.field"
                                         << "token.cookie";
        QTest::newRow("bad resource") << "{\"name\": \"x\", " + login + ", \"resources\": {\"tasks\": \"tasks\"}}"
                                      << "profile.path"
                                      << "resources.tasks";
    }

    void invalidProfiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, where);
        const auto p = ApiProfile::fromJson(json);
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, code);
        QCOMPARE(p.error().where, where);
        QVERIFY(!p.error().message.isEmpty());
    }

    void jwtExpiryIsReadWithoutVerifying()
    {
        const QByteArray payload = base64url::encode(R"({"sub":"1","exp":1700000000})");
        QCOMPARE(jwtExpiry("eyJhbGciOiJIUzI1NiJ9." + payload + ".sig"), std::optional<qint64>(1700000000));
        QCOMPARE(jwtExpiry("opaque-session-value"), std::nullopt);
        QCOMPARE(jwtExpiry("a." + base64url::encode(R"({"exp":"soon"})") + ".c"), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestApiProfile)
#include "tst_api_profile.moc"
