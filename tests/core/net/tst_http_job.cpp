// HttpJob against a fake QNetworkAccessManager (no sockets): every typed error of the HTTP layer, the
// size cap announced and streamed, the timeout, and credentials dropped on a redirect to another origin.
#include "FakeNetwork.h"

#include "net/HttpClient.h"
#include "net/HttpJob.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTest>

#include <optional>

using namespace gatehouse::core;
using namespace gatehouse::core::net;
using fakenet::Canned;
using fakenet::FakeNam;
using fakenet::Seen;

Q_DECLARE_METATYPE(fakenet::Canned)

namespace {

struct Outcome
{
    std::optional<HttpResult> result;
};

HttpResult run(HttpClient& client, HttpRequest request)
{
    auto outcome = std::make_shared<Outcome>();
    HttpJob* job = client.send(request);
    QObject::connect(job, &HttpJob::finished, job, [outcome](const HttpResult& r) { outcome->result.emplace(r); });
    for (int i = 0; i < 2000 && !outcome->result; ++i)
        QTest::qWait(1);
    if (!outcome->result)
        return Error::make(QStringLiteral("test.hang"), QStringLiteral("the job never finished"));
    return *outcome->result;
}

HttpRequest get(const QString& url)
{
    HttpRequest r;
    r.url = QUrl(url);
    r.timeoutMs = 2000;
    return r;
}

} // namespace

class TestHttpJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void okJson()
    {
        FakeNam nam([](const Seen&) { return Canned::json(200, R"({"hello":"world"})"); });
        HttpClient client(&nam);
        const HttpResult r = run(client, get(QStringLiteral("http://api.test/x")));
        QVERIFY(r.ok());
        QCOMPARE(r.value().status, 200);
        QCOMPARE(r.value().json.object().value(QLatin1String("hello")).toString(), QStringLiteral("world"));
        QCOMPARE(nam.seen.size(), 1);
        QCOMPARE(nam.seen[0].method, QByteArray("GET"));
    }

    void typedErrors_data()
    {
        QTest::addColumn<Canned>("answer");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where");
        QTest::newRow("401 expired (WWW-Authenticate)")
            << Canned::json(401, R"({"message":"no"})")
                   .with("WWW-Authenticate",
                         R"(Bearer error="invalid_token", error_description="The token has expired")")
            << "http.401.expired"
            << "";
        QTest::newRow("401 expired (flask-jwt-extended msg)")
            << Canned::json(401, R"({"msg":"Token has expired"})") << "http.401.expired"
            << "";
        QTest::newRow("401 invalid") << Canned::json(401, R"({"message":"Signature verification failed"})")
                                     << "http.401.invalid"
                                     << "";
        QTest::newRow("403") << Canned::json(403, R"({"message":"forbidden"})") << "http.403"
                             << "";
        QTest::newRow("404") << Canned::json(404, "{}") << "http.404"
                             << "";
        QTest::newRow("409") << Canned::json(409, R"({"message":"exists"})") << "http.409"
                             << "";
        QTest::newRow("422") << Canned::json(422, R"({"message":"bad"})") << "http.422"
                             << "";
        QTest::newRow("429 + Retry-After")
            << Canned::json(429, R"({"message":"slow down"})").with("Retry-After", "17") << "http.429"
            << "17";
        QTest::newRow("423 locked + Retry-After")
            << Canned::json(423, R"({"message":"locked"})").with("Retry-After", "120") << "http.423"
            << "120";
        QTest::newRow("429 without Retry-After") << Canned::json(429, "{}") << "http.429"
                                                 << "";
        QTest::newRow("500 html") << Canned::html(500, "<html>Internal</html>") << "http.5xx"
                                  << "500";
        QTest::newRow("503") << Canned::json(503, "{}") << "http.5xx"
                             << "503";
        QTest::newRow("418") << Canned::json(418, "{}") << "http.4xx"
                             << "418";
        QTest::newRow("200 not JSON") << Canned::html(200, "<html>hi</html>") << "http.not_json"
                                      << "";
        QTest::newRow("200 truncated JSON") << Canned::json(200, R"({"a":)") << "http.not_json"
                                            << "";
        QTest::newRow("refused") << Canned::failure(QNetworkReply::ConnectionRefusedError) << "network.unreachable"
                                 << "";
        QTest::newRow("closed mid-answer")
            << Canned::failure(QNetworkReply::RemoteHostClosedError) << "network.unreachable"
            << "";
        QTest::newRow("tls handshake") << Canned::failure(QNetworkReply::SslHandshakeFailedError) << "network.tls"
                                       << "";
    }

    void typedErrors()
    {
        QFETCH(Canned, answer);
        QFETCH(QString, code);
        QFETCH(QString, where);
        FakeNam nam([answer](const Seen&) { return answer; });
        HttpClient client(&nam);
        const HttpResult r = run(client, get(QStringLiteral("http://api.test/x")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QCOMPARE(r.error().where, where);
        QVERIFY(!r.error().message.isEmpty());
        // The log has the hop with its code.
        QCOMPARE(client.trafficLog().entries().size(), 1);
        QCOMPARE(client.trafficLog().entries().last().errorCode, code);
    }

    void serverWordsAreQuoted()
    {
        FakeNam nam([](const Seen&) { return Canned::json(422, R"({"message":"title is required"})"); });
        HttpClient client(&nam);
        const HttpResult r = run(client, get(QStringLiteral("http://api.test/x")));
        QVERIFY(r.error().message.contains(QStringLiteral("title is required")));
    }

    void tooLarge_data()
    {
        QTest::addColumn<bool>("announced");
        QTest::addColumn<int>("chunk");
        QTest::newRow("Content-Length over the cap") << true << 0;
        QTest::newRow("streamed without Content-Length") << false << 4096;
    }

    void tooLarge()
    {
        QFETCH(bool, announced);
        QFETCH(int, chunk);
        FakeNam nam([&](const Seen&) {
            Canned c = Canned::json(200, QByteArray(64 * 1024, 'x'));
            c.announceSize = announced;
            c.chunk = chunk;
            return c;
        });
        HttpClient client(&nam);
        HttpRequest req = get(QStringLiteral("http://api.test/big"));
        req.maxResponseBytes = 10 * 1024;
        const HttpResult r = run(client, req);
        QCOMPARE(r.ok() ? QString() : r.error().code, QStringLiteral("http.too_large"));
    }

    void timeout()
    {
        FakeNam nam([](const Seen&) {
            Canned c;
            c.never = true;
            return c;
        });
        HttpClient client(&nam);
        HttpRequest req = get(QStringLiteral("http://api.test/slow"));
        req.timeoutMs = 50;
        QElapsedTimer t;
        t.start();
        const HttpResult r = run(client, req);
        QCOMPARE(r.ok() ? QString() : r.error().code, QStringLiteral("network.timeout"));
        QVERIFY(t.elapsed() < 1500);
    }

    void credentialsInUrlRefused()
    {
        FakeNam nam([](const Seen&) { return Canned::json(200, "{}"); });
        HttpClient client(&nam);
        const HttpResult r = run(client, get(QStringLiteral("http://user:secret@api.test/x")));
        QCOMPARE(r.ok() ? QString() : r.error().code, QStringLiteral("network.url"));
        QVERIFY(nam.seen.isEmpty());
    }

    void redirectToAnotherOriginDropsCredentials()
    {
        FakeNam nam([](const Seen& s) {
            if (s.url.host() == QLatin1String("api.test"))
                return Canned::json(302, "{}").with("Location", "http://elsewhere.test:8080/landing");
            return Canned::json(200, R"({"landed":true})");
        });
        HttpClient client(&nam);
        (void)client.cookies().setCookie(QUrl(QStringLiteral("http://api.test/")), "session=s3cret; Path=/");
        HttpRequest req = get(QStringLiteral("http://api.test/me"));
        req.headers = {{"Authorization", "Bearer tok3n"}, {"X-CSRF-TOKEN", "csrf"}, {"X-Trace", "keep"}};
        const HttpResult r = run(client, req);
        QVERIFY(r.ok());
        QCOMPARE(nam.seen.size(), 2);
        QCOMPARE(nam.seen[0].header("Authorization"), QByteArray("Bearer tok3n"));
        QVERIFY(nam.seen[0].header("Cookie").contains("session=s3cret"));
        const Seen& other = nam.seen[1];
        QCOMPARE(other.url.host(), QStringLiteral("elsewhere.test"));
        QVERIFY(!other.has("Authorization"));
        QVERIFY(!other.has("Cookie"));
        QVERIFY(!other.has("X-CSRF-TOKEN"));
        QCOMPARE(other.header("X-Trace"), QByteArray("keep"));
        QVERIFY(client.trafficLog().entries().last().credentialsDropped);
    }

    void redirectBackDoesNotRestoreCredentials()
    {
        // api.test -> elsewhere.test -> api.test: once dropped, credentials stay dropped for the call.
        FakeNam nam([](const Seen& s) {
            if (s.url.host() == QLatin1String("api.test") && s.path() == QLatin1String("/me"))
                return Canned::json(302, "{}").with("Location", "http://elsewhere.test/bounce");
            if (s.url.host() == QLatin1String("elsewhere.test"))
                return Canned::json(302, "{}").with("Location", "http://api.test/final");
            return Canned::json(200, "{}");
        });
        HttpClient client(&nam);
        HttpRequest req = get(QStringLiteral("http://api.test/me"));
        req.headers = {{"Authorization", "Bearer tok3n"}};
        QVERIFY(run(client, req).ok());
        QCOMPARE(nam.seen.size(), 3);
        QVERIFY(!nam.seen[1].has("Authorization"));
        QVERIFY(!nam.seen[2].has("Authorization"));
    }

    void sameOriginRedirectKeepsAuthorizationAndPostBecomesGet()
    {
        FakeNam nam([](const Seen& s) {
            if (s.path() == QLatin1String("/old"))
                return Canned::json(302, "{}").with("Location", "/new");
            return Canned::json(200, "{}");
        });
        HttpClient client(&nam);
        HttpRequest req = get(QStringLiteral("http://api.test/old"));
        req.method = "POST";
        req.body = R"({"a":1})";
        req.headers = {{"Authorization", "Bearer tok3n"}};
        QVERIFY(run(client, req).ok());
        QCOMPARE(nam.seen.size(), 2);
        QCOMPARE(nam.seen[1].method, QByteArray("GET"));
        QVERIFY(nam.seen[1].body.isEmpty());
        QCOMPARE(nam.seen[1].header("Authorization"), QByteArray("Bearer tok3n"));
    }

    void tooManyRedirects()
    {
        FakeNam nam([](const Seen&) { return Canned::json(302, "{}").with("Location", "/again"); });
        HttpClient client(&nam);
        HttpRequest req = get(QStringLiteral("http://api.test/loop"));
        req.maxRedirects = 3;
        const HttpResult r = run(client, req);
        QCOMPARE(r.ok() ? QString() : r.error().code, QStringLiteral("network.redirects"));
        QCOMPARE(nam.seen.size(), 4);
    }

    void setCookiesGoToTheJarAndTheLog()
    {
        FakeNam nam([](const Seen&) {
            return Canned::json(200, "{}")
                .with("Set-Cookie", "access_token_cookie=aaa; Path=/; HttpOnly")
                .with("Set-Cookie", "csrf_access_token=ccc; Path=/");
        });
        HttpClient client(&nam);
        QVERIFY(run(client, get(QStringLiteral("http://api.test/login"))).ok());
        QCOMPARE(client.cookies().cookiesFor(QUrl(QStringLiteral("http://api.test/"))).size(), 2);
        QCOMPARE(client.trafficLog().entries().last().setCookies.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHttpJob)
#include "tst_http_job.moc"
