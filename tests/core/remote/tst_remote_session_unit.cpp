// RemoteSession against a fake network (no sockets): refresh-and-retry exactly once, the session's end
// with its reason, one refresh shared by concurrent 401s, the proactive refresh, and flask-jwt-extended's
// CSRF double submit for cookie-carried JWTs.
#include "../net/FakeNetwork.h"

#include "common/Clock.h"
#include "net/HttpClient.h"
#include "remote/ApiProfile.h"
#include "remote/CredentialStore.h"
#include "remote/RemoteSession.h"

#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace gatehouse::core;
using namespace gatehouse::core::remote;
using fakenet::Canned;
using fakenet::FakeNam;
using fakenet::Seen;

namespace {

constexpr qint64 kNow = 1'900'000'000;

QByteArray loginBody(const QByteArray& access, const QByteArray& refresh)
{
    return R"({"access_token":")" + access + R"(","refresh_token":")" + refresh + R"(","expires_in":900})";
}

QStringList paths(const FakeNam& nam)
{
    QStringList out;
    for (const Seen& s : nam.seen)
        out.append(s.path());
    return out;
}

template <typename T>
bool waitFor(const std::optional<T>& v)
{
    for (int i = 0; i < 2000 && !v; ++i)
        QTest::qWait(1);
    return v.has_value();
}

net::HttpResult sendAndWait(RemoteSession& session, const QByteArray& method, const QString& path,
                            const QByteArray& body = {})
{
    std::optional<net::HttpResult> out;
    session.send(method, path, body, [&out](const net::HttpResult& r) { out.emplace(r); });
    if (!waitFor(out))
        return Error::make(QStringLiteral("test.hang"), QStringLiteral("no answer"));
    return *out;
}

bool loginAndWait(RemoteSession& session, bool remember = false)
{
    std::optional<net::HttpResult> out;
    session.login(QStringLiteral("ada"), QStringLiteral("pw"), remember,
                  [&out](const net::HttpResult& r) { out.emplace(r); });
    return waitFor(out) && out->ok();
}

} // namespace

class TestRemoteSessionUnit : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{kNow};
    ApiProfile rest() const { return *ApiProfile::builtin(QStringLiteral("Gatehouse REST")); }

private Q_SLOTS:
    void refreshAndRetryExactlyOnce()
    {
        const QByteArray a1 = fakenet::tokenWithExp(kNow + 900, "a1");
        const QByteArray a2 = fakenet::tokenWithExp(kNow + 900, "a2");
        FakeNam nam([&](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, loginBody(a1, "r1"));
            if (s.path() == QLatin1String("/refresh")) {
                if (s.header("Authorization") != "Bearer r1")
                    return Canned::json(401, R"({"message":"bad refresh"})");
                return Canned::json(200, R"({"access_token":")" + a2 + R"("})");
            }
            if (s.header("Authorization") == "Bearer " + a2)
                return Canned::json(200, R"({"items":[]})");
            return Canned::json(401, R"({"msg":"Token has expired"})");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock);
        QSignalSpy ended(&session, &RemoteSession::sessionEnded);
        QVERIFY(loginAndWait(session));
        const net::HttpResult r = sendAndWait(session, "GET", QStringLiteral("/tasks?page=1"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().code));
        QCOMPARE(paths(nam), (QStringList{QStringLiteral("/login"), QStringLiteral("/tasks"),
                                          QStringLiteral("/refresh"), QStringLiteral("/tasks")}));
        QCOMPARE(nam.seen[1].header("Authorization"), "Bearer " + a1);
        QCOMPARE(nam.seen[3].header("Authorization"), "Bearer " + a2);
        QCOMPARE(session.accessToken(), a2);
        QCOMPARE(ended.count(), 0);
        for (const Seen& s : nam.seen)
            QVERIFY(!s.url.toString().contains(QLatin1String("a1")) && !s.url.toString().contains(QLatin1String("r1")));
    }

    void stillUnauthorizedAfterRetryEndsTheSession()
    {
        FakeNam nam([&](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, loginBody("a1", "r1"));
            if (s.path() == QLatin1String("/refresh"))
                return Canned::json(200, R"({"access_token":"a2"})");
            return Canned::json(401, R"({"message":"Token has been revoked"})");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock);
        QSignalSpy ended(&session, &RemoteSession::sessionEnded);
        QVERIFY(loginAndWait(session));
        const net::HttpResult r = sendAndWait(session, "GET", QStringLiteral("/tasks"));
        QCOMPARE(r.ok() ? QString() : r.error().code, QStringLiteral("http.401.invalid"));
        QCOMPARE(nam.count(QStringLiteral("/refresh")), 1);
        QCOMPARE(nam.count(QStringLiteral("/tasks")), 2);
        QCOMPARE(ended.count(), 1);
        const Error reason = ended.at(0).at(0).value<Error>();
        QCOMPARE(reason.code, QStringLiteral("auth.expired"));
        QCOMPARE(reason.where, QStringLiteral("http.401.invalid"));
        QVERIFY(!session.isLoggedIn());
        QVERIFY(session.accessToken().isEmpty());
    }

    void refusedRefreshEndsTheSession()
    {
        FakeNam nam([&](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, loginBody("a1", "r1"));
            return Canned::json(401, R"({"msg":"Token has expired"})");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock);
        QSignalSpy ended(&session, &RemoteSession::sessionEnded);
        QVERIFY(loginAndWait(session));
        const net::HttpResult r = sendAndWait(session, "GET", QStringLiteral("/tasks"));
        QCOMPARE(r.ok() ? QString() : r.error().code, QStringLiteral("http.401.expired"));
        QCOMPARE(paths(nam),
                 (QStringList{QStringLiteral("/login"), QStringLiteral("/tasks"), QStringLiteral("/refresh")}));
        QCOMPARE(ended.count(), 1);
        QVERIFY(!session.isLoggedIn());
    }

    void withoutRefreshA401GoesBackToLogin()
    {
        FakeNam nam([&](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, R"({"token":"t1"})");
            return Canned::json(401, R"({"message":"Token has expired!"})");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, *ApiProfile::builtin(QStringLiteral("Flask + PyJWT (minimal)")),
                              QUrl(QStringLiteral("http://api.test")), m_clock);
        QSignalSpy ended(&session, &RemoteSession::sessionEnded);
        QVERIFY(loginAndWait(session));
        const net::HttpResult r = sendAndWait(session, "GET", QStringLiteral("/dashboard"));
        QCOMPARE(r.ok() ? QString() : r.error().code, QStringLiteral("http.401.expired"));
        QCOMPARE(nam.seen.size(), 2);
        QCOMPARE(ended.count(), 1);
    }

    void concurrentUnauthorizedCallsShareOneRefresh()
    {
        const QByteArray a2 = fakenet::tokenWithExp(kNow + 900, "a2");
        FakeNam nam([&](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, loginBody("a1", "r1"));
            if (s.path() == QLatin1String("/refresh"))
                return Canned::json(200, R"({"access_token":")" + a2 + R"("})");
            if (s.header("Authorization") == "Bearer " + a2)
                return Canned::json(200, "{}");
            return Canned::json(401, R"({"msg":"Token has expired"})");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock);
        QVERIFY(loginAndWait(session));
        std::optional<net::HttpResult> one, two;
        session.send("GET", QStringLiteral("/tasks"), {}, [&](const net::HttpResult& r) { one.emplace(r); });
        session.send("GET", QStringLiteral("/products"), {}, [&](const net::HttpResult& r) { two.emplace(r); });
        QVERIFY(waitFor(one) && waitFor(two));
        QVERIFY(one->ok() && two->ok());
        QCOMPARE(nam.count(QStringLiteral("/refresh")), 1);
    }

    void otherErrorsPassThroughWithoutRetry_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("403") << 403 << "http.403";
        QTest::newRow("404") << 404 << "http.404";
        QTest::newRow("409") << 409 << "http.409";
        QTest::newRow("422") << 422 << "http.422";
        QTest::newRow("429") << 429 << "http.429";
        QTest::newRow("500") << 500 << "http.5xx";
    }

    void otherErrorsPassThroughWithoutRetry()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        FakeNam nam([&](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, loginBody("a1", "r1"));
            return Canned::json(status, R"({"message":"no"})").with("Retry-After", "5");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock);
        QVERIFY(loginAndWait(session));
        const net::HttpResult r = sendAndWait(session, "POST", QStringLiteral("/tasks"), R"({"title":"x"})");
        QCOMPARE(r.ok() ? QString() : r.error().code, code);
        if (status == 429)
            QCOMPARE(r.error().where, QStringLiteral("5"));
        QCOMPARE(nam.seen.size(), 2);
        QVERIFY(session.isLoggedIn());
    }

    void proactiveRefreshBeforeExp()
    {
        // A token that expires in a second is due for refresh at once; a 15-minute one 60 s before exp.
        int refreshes = 0;
        FakeNam nam([&](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, loginBody(fakenet::tokenWithExp(kNow + 1, "short"), "r1"));
            ++refreshes;
            return Canned::json(200, R"({"access_token":")" + fakenet::tokenWithExp(kNow + 900, "long") + R"("})");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock);
        QSignalSpy refreshed(&session, &RemoteSession::refreshed);
        QVERIFY(loginAndWait(session));
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 2000);
        QCOMPARE(refreshes, 1);
        QCOMPARE(nam.seen.last().path(), QStringLiteral("/refresh"));
        QCOMPARE(session.expiresAt(), kNow + 900);
        QCOMPARE(session.refreshDueAt(), kNow + 900 - 60);
    }

    void loginWithoutTokenIsNoToken()
    {
        FakeNam nam([](const Seen&) { return Canned::json(200, R"({"status":"ok"})"); });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock);
        std::optional<net::HttpResult> out;
        session.login(QStringLiteral("ada"), QStringLiteral("pw"), false,
                      [&out](const net::HttpResult& r) { out.emplace(r); });
        QVERIFY(waitFor(out));
        QCOMPARE(out->ok() ? QString() : out->error().code, QStringLiteral("auth.no_token"));
        QVERIFY(!session.isLoggedIn());
    }

    void cookieJwtsEchoCsrfOnStateChangingCalls()
    {
        FakeNam nam([](const Seen& s) {
            if (s.path() == QLatin1String("/api/login"))
                return Canned::json(200, R"({"login":true})")
                    .with("Set-Cookie", "access_token_cookie=acc1; Path=/api/; HttpOnly")
                    .with("Set-Cookie", "csrf_access_token=csrfA; Path=/")
                    .with("Set-Cookie", "refresh_token_cookie=ref1; Path=/api/refresh; HttpOnly")
                    .with("Set-Cookie", "csrf_refresh_token=csrfR; Path=/");
            if (s.path() == QLatin1String("/api/refresh"))
                return Canned::json(200, R"({"refresh":true})")
                    .with("Set-Cookie", "access_token_cookie=acc2; Path=/api/; HttpOnly")
                    .with("Set-Cookie", "csrf_access_token=csrfB; Path=/");
            if (s.header("Cookie").contains("access_token_cookie=acc1") && s.path() == QLatin1String("/api/expire"))
                return Canned::json(401, R"({"msg":"Token has expired"})");
            return Canned::json(200, "{}");
        });
        net::HttpClient client(&nam, m_clock);
        RemoteSession session(&client, *ApiProfile::builtin(QStringLiteral("Flask-JWT-Extended (cookies)")),
                              QUrl(QStringLiteral("http://api.test")), m_clock);
        QVERIFY(loginAndWait(session));

        QVERIFY(sendAndWait(session, "GET", QStringLiteral("/api/protected")).ok());
        const Seen get = nam.seen.last();
        QVERIFY(get.header("Cookie").contains("access_token_cookie=acc1"));
        QVERIFY(!get.has("X-CSRF-TOKEN"));
        QVERIFY(!get.has("Authorization"));

        QVERIFY(sendAndWait(session, "POST", QStringLiteral("/api/items"), R"({"a":1})").ok());
        QCOMPARE(nam.seen.last().header("X-CSRF-TOKEN"), QByteArray("csrfA"));

        // A 401 on a state-changing call: the refresh echoes the refresh CSRF cookie, the retry the new one.
        QVERIFY(sendAndWait(session, "DELETE", QStringLiteral("/api/expire")).ok());
        const int n = int(nam.seen.size());
        const Seen refresh = nam.seen[n - 2];
        QCOMPARE(refresh.path(), QStringLiteral("/api/refresh"));
        QCOMPARE(refresh.header("X-CSRF-TOKEN"), QByteArray("csrfR"));
        QVERIFY(refresh.header("Cookie").contains("refresh_token_cookie=ref1"));
        QCOMPARE(nam.seen[n - 1].header("X-CSRF-TOKEN"), QByteArray("csrfB"));
        QVERIFY(nam.seen[n - 1].header("Cookie").contains("access_token_cookie=acc2"));
    }

    void logoutWipesAndForgets()
    {
        FakeNam nam([](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, loginBody("a1", "r1"));
            return Canned::json(200, "{}");
        });
        net::HttpClient client(&nam, m_clock);
        MemoryCredentialStore store;
        RemoteSession session(&client, rest(), QUrl(QStringLiteral("http://api.test")), m_clock, &store);
        QVERIFY(loginAndWait(session, true));
        QTRY_COMPARE(store.size(), 1);
        QCOMPARE(store.rememberedUsername(session.origin()), QStringLiteral("ada"));
        std::optional<Status> out;
        session.logout([&out](Status s) { out.emplace(s); });
        QVERIFY(waitFor(out));
        QVERIFY(out->ok());
        QCOMPARE(nam.seen.last().path(), QStringLiteral("/logout"));
        QCOMPARE(nam.seen.last().header("Authorization"), QByteArray("Bearer a1"));
        QCOMPARE(store.size(), 0);
        QVERIFY(store.rememberedUsername(session.origin()).isEmpty());
        QVERIFY(!session.isLoggedIn());
        QVERIFY(session.accessToken().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRemoteSessionUnit)
#include "tst_remote_session_unit.moc"
