// The HTTP layer against real misbehaving servers on loopback: every fault ends in its stable error code,
// in bounded time, and credentials never leave their origin.
#include "TestServer.h"

#include "net/HttpClient.h"
#include "net/HttpJob.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QTest>
#include <QUrlQuery>

using namespace gatehouse::core;
using namespace gatehouse::core::net;

#define RUN_JOB(client, request, out)                                                                                  \
    std::optional<HttpResult> out;                                                                                     \
    {                                                                                                                  \
        HttpJob* job_ = (client).send(request);                                                                        \
        QObject::connect(job_, &HttpJob::finished, [&out](const HttpResult& res_) { out.emplace(res_); });             \
    }                                                                                                                  \
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000)

namespace {
QString codeOf(const HttpResult& r)
{
    return r.ok() ? QStringLiteral("ok") : r.error().code + QLatin1Char(' ') + r.error().message;
}
} // namespace

class TestHttpFaults : public QObject
{
    Q_OBJECT

private:
    HttpRequest get(const QUrl& url)
    {
        HttpRequest r;
        r.url = url;
        r.timeoutMs = 5000;
        return r;
    }

    std::unique_ptr<TestServer> m_server;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>(QStringLiteral("fault_server.py"));
        QVERIFY2(m_server->start(), qPrintable(m_server->lastError()));
    }

    void cleanupTestCase() { m_server.reset(); }

    void okJson()
    {
        HttpClient client(&m_nam);
        RUN_JOB(client, get(m_server->url(QStringLiteral("/ok"))), r);
        QVERIFY2(r->ok(), qPrintable(codeOf(*r)));
        QCOMPARE(r->value().status, 200);
        QCOMPARE(r->value().json.object().value(QStringLiteral("ok")).toBool(), true);
    }

    void serverDown()
    {
        TestServer down(QStringLiteral("fault_server.py"));
        QVERIFY(down.start());
        const QUrl url = down.url(QStringLiteral("/ok"));
        down.kill();
        HttpClient client(&m_nam);
        RUN_JOB(client, get(url), r);
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, QStringLiteral("network.unreachable"));
    }

    void killedMidRequest()
    {
        TestServer dying(QStringLiteral("fault_server.py"));
        QVERIFY(dying.start());
        HttpClient client(&m_nam);
        RUN_JOB(client, get(dying.url(QStringLiteral("/die"))), r);
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, QStringLiteral("network.unreachable"));
    }

    void slowerThanTimeout()
    {
        HttpClient client(&m_nam);
        HttpRequest req = get(m_server->url(QStringLiteral("/slow?s=3")));
        req.timeoutMs = 400;
        QElapsedTimer t;
        t.start();
        RUN_JOB(client, req, r);
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, QStringLiteral("network.timeout"));
        QVERIFY(t.elapsed() < 2500);
    }

    void malformedJson()
    {
        HttpClient client(&m_nam);
        RUN_JOB(client, get(m_server->url(QStringLiteral("/malformed"))), r);
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, QStringLiteral("http.not_json"));
    }

    void bodyOverTheCap_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("streamed 10 MB") << QStringLiteral("/big?mb=10");
        QTest::newRow("announced 10 MB") << QStringLiteral("/big-announced");
    }

    void bodyOverTheCap()
    {
        QFETCH(QString, path);
        HttpClient client(&m_nam);
        HttpRequest req = get(m_server->url(path));
        req.maxResponseBytes = 1024 * 1024;
        RUN_JOB(client, req, r);
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, QStringLiteral("http.too_large"));
    }

    void html500()
    {
        HttpClient client(&m_nam);
        RUN_JOB(client, get(m_server->url(QStringLiteral("/html500"))), r);
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, QStringLiteral("http.5xx"));
        QCOMPARE(r->error().where, QStringLiteral("500"));
    }

    void statusCodes_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where");
        QTest::newRow("403") << 403 << QStringLiteral("http.403") << QString();
        QTest::newRow("404") << 404 << QStringLiteral("http.404") << QString();
        QTest::newRow("409") << 409 << QStringLiteral("http.409") << QString();
        QTest::newRow("422") << 422 << QStringLiteral("http.422") << QString();
        QTest::newRow("429") << 429 << QStringLiteral("http.429") << QStringLiteral("7");
        QTest::newRow("503") << 503 << QStringLiteral("http.5xx") << QStringLiteral("503");
    }

    void statusCodes()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, where);
        HttpClient client(&m_nam);
        RUN_JOB(client, get(m_server->url(QStringLiteral("/status?code=%1").arg(status))), r);
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, code);
        QCOMPARE(r->error().where, where);
        QVERIFY(r->error().message.contains(QStringLiteral("status %1").arg(status)));
    }

    void redirectToAnotherOriginDropsCredentials()
    {
        TestServer other(QStringLiteral("fault_server.py"));
        QVERIFY(other.start());
        HttpClient client(&m_nam);
        QVERIFY(client.cookies().setCookie(m_server->url(QStringLiteral("/")), "sid=profile-cookie; Path=/").ok());
        HttpRequest req = get(m_server->url(QStringLiteral("/redirect")));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("to"), other.url(QStringLiteral("/record-cross")).toString());
        QUrl u = req.url;
        u.setQuery(q);
        req.url = u;
        req.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer secret-token-value")));
        req.headers.append(qMakePair(QByteArray("X-CSRF-TOKEN"), QByteArray("csrf-value")));
        RUN_JOB(client, req, r);
        QVERIFY2(r->ok(), qPrintable(codeOf(*r)));

        RUN_JOB(client, get(other.url(QStringLiteral("/recorded"))), recorded);
        QVERIFY(recorded->ok());
        const QJsonArray requests = recorded->value().json.object().value(QStringLiteral("requests")).toArray();
        QCOMPARE(requests.size(), 1);
        const QJsonObject headers = requests.at(0).toObject().value(QStringLiteral("headers")).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            QVERIFY2(it.key().compare(QStringLiteral("Authorization"), Qt::CaseInsensitive) != 0,
                     "Authorization leaked");
            QVERIFY2(it.key().compare(QStringLiteral("Cookie"), Qt::CaseInsensitive) != 0, "Cookie leaked");
            QVERIFY2(it.key().compare(QStringLiteral("X-CSRF-TOKEN"), Qt::CaseInsensitive) != 0, "CSRF header leaked");
            QVERIFY(!it.value().toString().contains(QStringLiteral("secret-token-value")));
        }
        // The log shows both hops, the second marked as sent without credentials.
        const auto& entries = client.trafficLog().entries();
        QVERIFY(entries.size() >= 2);
        QCOMPARE(entries.at(entries.size() - 3).status, 302);
        QVERIFY(entries.at(entries.size() - 2).credentialsDropped);
    }

    void sameOriginRedirectKeepsAuthorization()
    {
        HttpClient client(&m_nam);
        HttpRequest req = get(m_server->url(QStringLiteral("/redirect?to=/record-same")));
        req.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer same-origin-token")));
        RUN_JOB(client, req, r);
        QVERIFY(r->ok());
        RUN_JOB(client, get(m_server->url(QStringLiteral("/recorded"))), recorded);
        bool seen = false;
        for (const auto& v : recorded->value().json.object().value(QStringLiteral("requests")).toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("path")).toString() == QLatin1String("/record-same"))
                seen =
                    o.value(QStringLiteral("headers")).toObject().value(QStringLiteral("Authorization")).toString() ==
                    QLatin1String("Bearer same-origin-token");
        }
        QVERIFY(seen);
    }

    void trafficLogRedacts()
    {
        HttpClient client(&m_nam);
        HttpRequest req = get(m_server->url(QStringLiteral("/ok")));
        req.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer abc.def.ghi")));
        RUN_JOB(client, req, r);
        QVERIFY(r->ok());
        QCOMPARE(client.trafficLog().entries().size(), 1);
        const TrafficEntry& e = client.trafficLog().entries().first();
        QCOMPARE(e.status, 200);
        QCOMPARE(e.method, QByteArray("GET"));
        const HeaderList shown = TrafficLog::displayHeaders(e.requestHeaders);
        bool sawAuth = false;
        for (const auto& h : shown) {
            QVERIFY(!h.second.contains("abc.def.ghi"));
            if (h.first == "Authorization") {
                sawAuth = true;
                QVERIFY(h.second.startsWith("Bearer "));
            }
        }
        QVERIFY(sawAuth);
        bool revealed = false;
        for (const auto& h : TrafficLog::displayHeaders(e.requestHeaders, true))
            revealed = revealed || h.second == "Bearer abc.def.ghi";
        QVERIFY(revealed);
    }

    void selfSignedTls()
    {
        TestServer tls(QStringLiteral("minimal_pyjwt_app.py"), {QStringLiteral("--https")});
        QVERIFY2(tls.start(), qPrintable(tls.lastError()));
        const auto certs = QSslCertificate::fromPath(tls.certPath());
        QCOMPARE(certs.size(), 1);
        const QByteArray digest = certs.first().digest(QCryptographicHash::Sha256);

        // Unpinned: refused, and the refusal names the fingerprint the person would be asked to accept.
        HttpClient unpinned(&m_nam);
        RUN_JOB(unpinned, get(tls.url(QStringLiteral("/dashboard"))), refused);
        QVERIFY(!refused->ok());
        QCOMPARE(refused->error().code, QStringLiteral("network.tls"));
        QCOMPARE(refused->error().where, fingerprintText(digest));

        // Pinned to another certificate: still refused.
        HttpClient wrongPin(&m_nam);
        wrongPin.pinCertificate(originOf(tls.url()), QCryptographicHash::hash("other", QCryptographicHash::Sha256));
        RUN_JOB(wrongPin, get(tls.url(QStringLiteral("/dashboard"))), wrong);
        QCOMPARE(wrong->error().code, QStringLiteral("network.tls"));

        // Pinned: the TLS connection is accepted and we reach the app (which wants a token).
        QNetworkAccessManager freshNam; // no cached TLS session from the refused attempts
        HttpClient pinned(&freshNam);
        pinned.pinCertificate(originOf(tls.url()), digest);
        RUN_JOB(pinned, get(tls.url(QStringLiteral("/dashboard"))), accepted);
        QVERIFY(!accepted->ok());
        QCOMPARE(accepted->error().code, QStringLiteral("http.401.invalid"));
    }
};

QTEST_GUILESS_MAIN(TestHttpFaults)
#include "tst_http_faults.moc"
