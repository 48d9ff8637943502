// The session lifecycle against the reference server and the apps in the shapes of the other profiles:
// login, proactive refresh with short-lived tokens, one refresh-and-retry on a 401, deny-listed logout,
// 429, cookie tokens with CSRF double submit, Flask-Login sessions, restore from a credential store.
#include "TestServer.h"

#include "net/HttpClient.h"
#include "net/HttpJob.h"
#include "remote/CredentialStore.h"
#include "remote/RemoteSession.h"

#include <QDateTime>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::net;
using namespace gatehouse::core::remote;

namespace {

QString codeOf(const HttpResult& r)
{
    return r.ok() ? QStringLiteral("ok") : r.error().code + QLatin1Char(' ') + r.error().message;
}

// A clock an hour behind: the proactive refresh is then due far in the future, so a test can watch the
// token expire for real and see the 401 path.
class LaggingClock final : public Clock
{
public:
    qint64 nowSeconds() const override { return QDateTime::currentSecsSinceEpoch() - 3600; }
};

} // namespace

#define CB(out) [&out](const HttpResult& res_) { out.emplace(res_); }
#define SCB(out) [&out](Status st_) { out.emplace(st_); }
#define WAIT(out) QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000)

class TestRemoteSession : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_nam;

    // GET with a bearer token, outside any session (to show what the server thinks of an old token).
    std::optional<HttpResult> rawGet(HttpClient& client, const QUrl& url, const QByteArray& token)
    {
        HttpRequest req;
        req.url = url;
        req.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + token));
        std::optional<HttpResult> out;
        HttpJob* job = client.send(req);
        connect(job, &HttpJob::finished, this, [&out](const HttpResult& r) { out.emplace(r); });
        QElapsedTimer t;
        t.start();
        QSignalSpy spy(job, &HttpJob::finished);
        spy.wait(20000);
        return out;
    }

private Q_SLOTS:
    void serverRefusesWeakSecretsOutsideTestMode_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::addColumn<bool>("starts");
        QTest::newRow("missing") << QString() << false;
        QTest::newRow("well-known") << QStringLiteral("supersecretkey") << false;
        QTest::newRow("short") << QStringLiteral("x7#kQ") << false;
        QTest::newRow("strong") << QStringLiteral("k3J9-vQ2x_8PzL4mN7rT1wY6") << true;
    }

    void serverRefusesWeakSecretsOutsideTestMode()
    {
        QFETCH(QString, secret);
        QFETCH(bool, starts);
        QTemporaryDir dir;
        QStringList env{QStringLiteral("GATEHOUSE_SERVER_TEST_MODE=0"),
                        QStringLiteral("GATEHOUSE_SERVER_DB=") + dir.filePath(QStringLiteral("s.sqlite"))};
        env.append(QStringLiteral("GATEHOUSE_SERVER_SECRET=") + secret);
        TestServer server(QStringLiteral("gatehouse_server.py"), {}, env);
        QCOMPARE(server.start(), starts);
        if (!starts) {
            QCOMPARE(server.process().exitCode(), 2);
            QVERIFY(server.lastError().contains(QStringLiteral("refusing to start")));
            if (!secret.isEmpty())
                QVERIFY(!server.lastError().contains(secret));
        }
    }

    void gatehouseRestLifecycle()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"), {},
                          {QStringLiteral("GATEHOUSE_ACCESS_TTL=3"), QStringLiteral("GATEHOUSE_LOGIN_LIMIT=3")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        const auto profile = ApiProfile::builtin(QStringLiteral("Gatehouse REST"));
        QVERIFY(profile);
        HttpClient client(&m_nam);
        MemoryCredentialStore store;
        RemoteSession session(&client, *profile, server.url(), SystemClock::instance(), &store);

        std::optional<HttpResult> reg;
        session.registerUser(QStringLiteral("alice"), QStringLiteral("correct horse"), CB(reg));
        WAIT(reg);
        QVERIFY2(reg->ok(), qPrintable(codeOf(*reg)));
        std::optional<HttpResult> login;
        session.login(QStringLiteral("alice"), QStringLiteral("correct horse"), true, CB(login));
        WAIT(login);
        QVERIFY2(login->ok(), qPrintable(codeOf(*login)));
        QVERIFY(session.isLoggedIn());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QVERIFY(session.expiresAt() >= now + 1 && session.expiresAt() <= now + 4);
        QVERIFY(session.refreshDueAt() > 0 && session.refreshDueAt() < session.expiresAt());
        QTRY_COMPARE(store.size(), 1);

        std::optional<HttpResult> me;
        session.send("GET", QStringLiteral("/me"), {}, CB(me));
        WAIT(me);
        QVERIFY2(me->ok(), qPrintable(codeOf(*me)));
        QCOMPARE(me->value().json.object().value(QStringLiteral("username")).toString(), QStringLiteral("alice"));

        // Proactive refresh before exp.
        const QByteArray first = session.accessToken();
        QSignalSpy refreshed(&session, &RemoteSession::refreshed);
        QVERIFY(refreshed.wait(6000));
        QVERIFY(session.accessToken() != first);
        std::optional<HttpResult> task;
        session.send("POST", QStringLiteral("/tasks"), R"({"title":"after refresh"})", CB(task));
        WAIT(task);
        QVERIFY2(task->ok(), qPrintable(codeOf(*task)));
        std::optional<HttpResult> tasks;
        session.send("GET", QStringLiteral("/tasks?q=after&page=1&per_page=10"), {}, CB(tasks));
        WAIT(tasks);
        QCOMPARE(tasks->value().json.object().value(QStringLiteral("total")).toInt(), 1);

        // Logout deny-lists the access token (and the refresh token): the old token is refused afterwards.
        const QByteArray old = session.accessToken();
        std::optional<Status> out;
        session.logout(SCB(out));
        WAIT(out);
        QVERIFY(out->ok());
        QVERIFY(!session.isLoggedIn());
        QVERIFY(session.accessToken().isEmpty());
        QTRY_COMPARE(store.size(), 0);
        const auto after = rawGet(client, server.url(QStringLiteral("/me")), old);
        QVERIFY(after && !after->ok());
        QCOMPARE(after->error().code, QStringLiteral("http.401.invalid"));
        QVERIFY(after->error().message.contains(QStringLiteral("revoked")));

        // Login rate limiting: 429 with Retry-After.
        for (int i = 0; i < 3; ++i) {
            std::optional<HttpResult> bad;
            session.login(QStringLiteral("alice"), QStringLiteral("wrong password"), false, CB(bad));
            WAIT(bad);
            QCOMPARE(bad->error().code, QStringLiteral("http.401.invalid"));
        }
        std::optional<HttpResult> limited;
        session.login(QStringLiteral("alice"), QStringLiteral("wrong password"), false, CB(limited));
        WAIT(limited);
        QCOMPARE(limited->error().code, QStringLiteral("http.429"));
        QVERIFY(limited->error().where.toInt() > 0);
    }

    void refreshAndRetryOn401()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"), {}, {QStringLiteral("GATEHOUSE_ACCESS_TTL=2")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        LaggingClock clock;
        HttpClient client(&m_nam, clock);
        RemoteSession session(&client, *ApiProfile::builtin(QStringLiteral("Gatehouse REST")), server.url(), clock);
        std::optional<HttpResult> reg;
        session.registerUser(QStringLiteral("bob"), QStringLiteral("long enough pw"), CB(reg));
        WAIT(reg);
        std::optional<HttpResult> login;
        session.login(QStringLiteral("bob"), QStringLiteral("long enough pw"), false, CB(login));
        WAIT(login);
        QVERIFY2(login->ok(), qPrintable(codeOf(*login)));
        const qint64 exp = session.expiresAt();
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > exp, 5000);
        QSignalSpy refreshed(&session, &RemoteSession::refreshed);
        std::optional<HttpResult> me;
        session.send("GET", QStringLiteral("/me"), {}, CB(me));
        WAIT(me);
        QVERIFY2(me->ok(), qPrintable(codeOf(*me)));
        QCOMPARE(refreshed.count(), 1);
    }

    void noRefreshMeansBackToLogin()
    {
        TestServer server(QStringLiteral("minimal_pyjwt_app.py"), {}, {QStringLiteral("APP_TOKEN_TTL=1")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        HttpClient client(&m_nam);
        RemoteSession session(&client, *ApiProfile::builtin(QStringLiteral("Flask + PyJWT (minimal)")), server.url());
        std::optional<HttpResult> reg;
        session.registerUser(QStringLiteral("carol"), QStringLiteral("pw-for-carol"), CB(reg));
        WAIT(reg);
        QVERIFY(reg->ok());
        std::optional<HttpResult> login;
        session.login(QStringLiteral("carol"), QStringLiteral("pw-for-carol"), false, CB(login));
        WAIT(login);
        QVERIFY2(login->ok(), qPrintable(codeOf(*login)));
        std::optional<HttpResult> dash;
        session.send("GET", QStringLiteral("/dashboard"), {}, CB(dash));
        WAIT(dash);
        QVERIFY2(dash->ok(), qPrintable(codeOf(*dash)));
        QVERIFY(
            dash->value().json.object().value(QStringLiteral("message")).toString().contains(QStringLiteral("carol")));
        const qint64 exp = session.expiresAt();
        QVERIFY(exp > 0);
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > exp, 4000);
        QSignalSpy ended(&session, &RemoteSession::sessionEnded);
        std::optional<HttpResult> expired;
        session.send("GET", QStringLiteral("/dashboard"), {}, CB(expired));
        WAIT(expired);
        QCOMPARE(expired->error().code, QStringLiteral("http.401.expired"));
        QCOMPARE(ended.count(), 1);
        const auto reason = ended.at(0).at(0).value<Error>();
        QCOMPARE(reason.code, QStringLiteral("auth.expired"));
        QCOMPARE(reason.where, QStringLiteral("http.401.expired"));
        QVERIFY(!session.isLoggedIn());
    }

    void jwtExtendedBodyTokens()
    {
        TestServer server(QStringLiteral("jwt_extended_app.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        HttpClient client(&m_nam);
        RemoteSession session(&client, *ApiProfile::builtin(QStringLiteral("Flask-JWT-Extended")), server.url());
        std::optional<HttpResult> reg;
        session.registerUser(QStringLiteral("dave"), QStringLiteral("pw-for-dave"), CB(reg));
        WAIT(reg);
        QVERIFY2(reg->ok(), qPrintable(codeOf(*reg)));
        std::optional<HttpResult> login;
        session.login(QStringLiteral("dave"), QStringLiteral("pw-for-dave"), false, CB(login));
        WAIT(login);
        QVERIFY2(login->ok(), qPrintable(codeOf(*login)));
        QVERIFY(session.canRefresh());
        const QByteArray first = session.accessToken();
        std::optional<Status> refreshed;
        session.refresh(SCB(refreshed));
        WAIT(refreshed);
        QVERIFY(refreshed->ok());
        QVERIFY(session.accessToken() != first);
        std::optional<HttpResult> prot;
        session.send("GET", QStringLiteral("/api/protected"), {}, CB(prot));
        WAIT(prot);
        QCOMPARE(prot->value().json.object().value(QStringLiteral("logged_in_as")).toString(), QStringLiteral("dave"));
        const QByteArray old = session.accessToken();
        std::optional<Status> out;
        session.logout(SCB(out));
        WAIT(out);
        QVERIFY(out->ok());
        const auto after = rawGet(client, server.url(QStringLiteral("/api/protected")), old);
        QVERIFY(after && !after->ok());
        QVERIFY(after->error().code.startsWith(QStringLiteral("http.401")));
    }

    void jwtExtendedCookiesWithCsrf()
    {
        TestServer server(QStringLiteral("jwt_extended_app.py"), {QStringLiteral("--cookies")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        HttpClient client(&m_nam);
        RemoteSession session(&client, *ApiProfile::builtin(QStringLiteral("Flask-JWT-Extended (cookies)")),
                              server.url());
        std::optional<HttpResult> reg;
        session.registerUser(QStringLiteral("erin"), QStringLiteral("pw-for-erin"), CB(reg));
        WAIT(reg);
        std::optional<HttpResult> login;
        session.login(QStringLiteral("erin"), QStringLiteral("pw-for-erin"), false, CB(login));
        WAIT(login);
        QVERIFY2(login->ok(), qPrintable(codeOf(*login)));
        QVERIFY(!session.accessToken().isEmpty());
        QVERIFY(session.expiresAt() > 0);

        // A state-changing call carries the CSRF double submit...
        std::optional<HttpResult> note;
        session.send("POST", QStringLiteral("/api/notes"), "{}", CB(note));
        WAIT(note);
        QVERIFY2(note->ok(), qPrintable(codeOf(*note)));
        const TrafficEntry& sent = client.trafficLog().entries().last();
        bool csrf = false;
        for (const auto& h : sent.requestHeaders)
            csrf = csrf || h.first.compare("X-CSRF-TOKEN", Qt::CaseInsensitive) == 0;
        QVERIFY(csrf);
        // ...which the server insists on: the same cookies without the header are refused.
        HttpRequest bare;
        bare.method = "POST";
        bare.url = server.url(QStringLiteral("/api/notes"));
        bare.body = "{}";
        std::optional<HttpResult> refused;
        connect(client.send(bare), &HttpJob::finished, this, [&refused](const HttpResult& r) { refused.emplace(r); });
        QTRY_VERIFY_WITH_TIMEOUT(refused.has_value(), 20000);
        QVERIFY(!refused->ok());
        QVERIFY(refused->error().message.contains(QStringLiteral("CSRF")));

        std::optional<Status> refreshed;
        session.refresh(SCB(refreshed));
        WAIT(refreshed);
        QVERIFY2(refreshed->ok(), qPrintable(refreshed->ok() ? QString() : refreshed->error().code));
        std::optional<Status> out;
        session.logout(SCB(out));
        WAIT(out);
        QVERIFY(out->ok());
        QVERIFY(client.cookies().allCookies().isEmpty());
    }

    void flaskLoginSessionAndRestore()
    {
        TestServer server(QStringLiteral("flask_login_app.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        const auto profile = *ApiProfile::builtin(QStringLiteral("Flask-Login session"));
        MemoryCredentialStore store;
        {
            HttpClient client(&m_nam);
            RemoteSession session(&client, profile, server.url(), SystemClock::instance(), &store);
            std::optional<HttpResult> reg;
            session.registerUser(QStringLiteral("frank"), QStringLiteral("pw-for-frank"), CB(reg));
            WAIT(reg);
            std::optional<HttpResult> login;
            session.login(QStringLiteral("frank"), QStringLiteral("pw-for-frank"), true, CB(login));
            WAIT(login);
            QVERIFY2(login->ok(), qPrintable(codeOf(*login)));
            std::optional<HttpResult> dash;
            session.send("GET", QStringLiteral("/dashboard"), {}, CB(dash));
            WAIT(dash);
            QVERIFY2(dash->ok(), qPrintable(codeOf(*dash)));
            QTRY_COMPARE(store.size(), 1);
        }
        // A new client (the app restarted) restores the remembered session cookie.
        HttpClient client(&m_nam);
        RemoteSession session(&client, profile, server.url(), SystemClock::instance(), &store);
        std::optional<Result<bool>> restored;
        session.restore(QStringLiteral("frank"), [&restored](Result<bool> r) { restored.emplace(r); });
        QTRY_VERIFY(restored.has_value());
        QVERIFY(restored->ok() && restored->value());
        std::optional<HttpResult> dash;
        session.send("GET", QStringLiteral("/dashboard"), {}, CB(dash));
        WAIT(dash);
        QVERIFY2(dash->ok(), qPrintable(codeOf(*dash)));
        QVERIFY(
            dash->value().json.object().value(QStringLiteral("message")).toString().contains(QStringLiteral("frank")));
        std::optional<Status> out;
        session.logout(SCB(out));
        WAIT(out);
        QVERIFY(out->ok());
        QTRY_COMPARE(store.size(), 0);
        std::optional<HttpResult> after;
        session.send("GET", QStringLiteral("/dashboard"), {}, CB(after));
        WAIT(after);
        QCOMPARE(after->error().code, QStringLiteral("auth.required"));
    }
};

QTEST_GUILESS_MAIN(TestRemoteSession)
#include "tst_remote_session.moc"
