#include "net/HttpErrors.h"
#include "net/HttpTypes.h"
#include "net/TrafficLog.h"

#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::net;

class TestHttpErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("wwwAuthenticate");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where");
        QTest::newRow("400") << 400 << QByteArray() << QByteArray() << QByteArray() << "http.400"
                             << "";
        QTest::newRow("401 expired by header")
            << 401 << QByteArray(R"({"message":"nope"})")
            << QByteArray(R"(Bearer error="invalid_token", error_description="The token has expired")") << QByteArray()
            << "http.401.expired"
            << "";
        QTest::newRow("401 expired by body (PyJWT apps)") << 401 << QByteArray(R"({"message":"Token has expired!"})")
                                                          << QByteArray() << QByteArray() << "http.401.expired"
                                                          << "";
        QTest::newRow("401 expired by msg (flask-jwt-extended)")
            << 401 << QByteArray(R"({"msg":"Token has expired"})") << QByteArray() << QByteArray() << "http.401.expired"
            << "";
        QTest::newRow("401 invalid") << 401 << QByteArray(R"({"message":"Invalid token"})") << QByteArray()
                                     << QByteArray() << "http.401.invalid"
                                     << "";
        QTest::newRow("401 html") << 401 << QByteArray("<html>expired</html>") << QByteArray() << QByteArray()
                                  << "http.401.invalid"
                                  << "";
        QTest::newRow("403") << 403 << QByteArray() << QByteArray() << QByteArray() << "http.403"
                             << "";
        QTest::newRow("404") << 404 << QByteArray() << QByteArray() << QByteArray() << "http.404"
                             << "";
        QTest::newRow("409") << 409 << QByteArray() << QByteArray() << QByteArray() << "http.409"
                             << "";
        QTest::newRow("422") << 422 << QByteArray() << QByteArray() << QByteArray() << "http.422"
                             << "";
        QTest::newRow("429 with seconds") << 429 << QByteArray() << QByteArray() << QByteArray(" 30 ") << "http.429"
                                          << "30";
        QTest::newRow("429 with a date") << 429 << QByteArray() << QByteArray()
                                         << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << "http.429"
                                         << "";
        QTest::newRow("429 negative") << 429 << QByteArray() << QByteArray() << QByteArray("-5") << "http.429"
                                      << "";
        QTest::newRow("500") << 500 << QByteArray("<h1>oops</h1>") << QByteArray() << QByteArray() << "http.5xx"
                             << "500";
        QTest::newRow("502") << 502 << QByteArray() << QByteArray() << QByteArray() << "http.5xx"
                             << "502";
        QTest::newRow("418") << 418 << QByteArray() << QByteArray() << QByteArray() << "http.4xx"
                             << "418";
    }

    void fromStatus()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, wwwAuthenticate);
        QFETCH(QByteArray, retryAfter);
        QFETCH(QString, code);
        QFETCH(QString, where);
        const Error e = httperrors::fromStatus(status, body, wwwAuthenticate, retryAfter);
        QCOMPARE(e.code, code);
        QCOMPARE(e.where, where);
        QVERIFY(!e.message.isEmpty());
    }

    void serverMessageIsQuotedNotInterpreted()
    {
        const Error e = httperrors::fromStatus(409, R"({"message":"<b>taken</b>"})", {}, {});
        QVERIFY(e.message.contains(QStringLiteral("<b>taken</b>")));
        QCOMPARE(httperrors::serverMessage("not json"), QString());
        QCOMPARE(httperrors::serverMessage(R"({"error":"x"})"), QStringLiteral("x"));
    }

    void networkErrors_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("code");
        QTest::newRow("refused") << int(QNetworkReply::ConnectionRefusedError) << "network.unreachable";
        QTest::newRow("host not found") << int(QNetworkReply::HostNotFoundError) << "network.unreachable";
        QTest::newRow("closed") << int(QNetworkReply::RemoteHostClosedError) << "network.unreachable";
        QTest::newRow("tls") << int(QNetworkReply::SslHandshakeFailedError) << "network.tls";
        QTest::newRow("timeout") << int(QNetworkReply::TimeoutError) << "network.timeout";
        QTest::newRow("cancelled") << int(QNetworkReply::OperationCanceledError) << "network.timeout";
    }

    void networkErrors()
    {
        QFETCH(int, error);
        QFETCH(QString, code);
        QCOMPARE(httperrors::fromNetworkError(QNetworkReply::NetworkError(error), QStringLiteral("detail")).code, code);
    }

    void origins()
    {
        QCOMPARE(originOf(QUrl(QStringLiteral("https://Example.com/a"))), QStringLiteral("https://example.com:443"));
        QCOMPARE(originOf(QUrl(QStringLiteral("http://example.com:80/"))),
                 originOf(QUrl(QStringLiteral("http://example.com"))));
        QVERIFY(originOf(QUrl(QStringLiteral("http://example.com"))) !=
                originOf(QUrl(QStringLiteral("https://example.com"))));
        QVERIFY(originOf(QUrl(QStringLiteral("http://a.example.com"))) !=
                originOf(QUrl(QStringLiteral("http://example.com"))));
        QCOMPARE(fingerprintText(QByteArray::fromHex("0aff10")), QStringLiteral("0A:FF:10"));
    }

    void redaction_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("shown");
        const QByteArray r = TrafficLog::kRedacted;
        QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer abc.def.ghi") << "Bearer " + r;
        QTest::newRow("lower-case name") << QByteArray("authorization") << QByteArray("Basic dXNlcjpwYXNz")
                                         << "Basic " + r;
        QTest::newRow("no scheme") << QByteArray("Authorization") << QByteArray("token") << r;
        QTest::newRow("cookie") << QByteArray("Cookie") << QByteArray("session=abc; csrf=def")
                                << "session=" + r + "; csrf=" + r;
        QTest::newRow("set-cookie keeps attributes")
            << QByteArray("Set-Cookie") << QByteArray("access_token_cookie=eyJ; Path=/; HttpOnly")
            << "access_token_cookie=" + r + "; Path=/; HttpOnly";
        QTest::newRow("csrf header") << QByteArray("X-CSRF-TOKEN") << QByteArray("1234") << r;
        QTest::newRow("ordinary header") << QByteArray("Content-Type") << QByteArray("application/json")
                                         << QByteArray("application/json");
    }

    void redaction()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, shown);
        QCOMPARE(TrafficLog::displayHeaderValue(name, value), shown);
        QCOMPARE(TrafficLog::displayHeaderValue(name, value, true), value);
    }

    void logIsBoundedAndClearable()
    {
        TrafficLog log;
        log.setCapacity(3);
        for (int i = 0; i < 5; ++i) {
            TrafficEntry e;
            e.status = 200 + i;
            log.add(e);
        }
        QCOMPARE(log.entries().size(), 3);
        QCOMPARE(log.entries().first().status, 202);
        QCOMPARE(log.entries().last().id, quint64(5));
        log.clear();
        QVERIFY(log.entries().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpErrors)
#include "tst_http_errors.moc"
