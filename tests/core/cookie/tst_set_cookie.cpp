#include "common/Clock.h"
#include "cookie/CookieAudit.h"
#include "cookie/CookieHeader.h"
#include "cookie/CookieStore.h"
#include "cookie/HttpPaste.h"
#include "cookie/SetCookie.h"

#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::cookie;

namespace {
constexpr qint64 kNow = 1767225600; // 2026-01-01

QStringList L(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* i : items)
        out << QString::fromLatin1(i);
    return out;
}

bool hasFinding(const CookieAuditReport& r, const QString& code)
{
    for (const auto& f : r.findings) {
        if (f.code == code)
            return true;
    }
    return false;
}
} // namespace

class TestSetCookie : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rejects_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("code");
        QTest::newRow("nul") << QByteArray("a=b\0c", 5) << "cookie.setcookie.control";
        QTest::newRow("cr") << QByteArray("a=b\rc") << "cookie.setcookie.control";
        QTest::newRow("del") << QByteArray("a=b\x7f") << "cookie.setcookie.control";
        QTest::newRow("empty") << QByteArray("") << "cookie.setcookie.empty";
        QTest::newRow("equals only") << QByteArray(" = ; Secure") << "cookie.setcookie.empty";
        QTest::newRow("4097 octets") << (QByteArray("a=") + QByteArray(4096, 'x')) << "cookie.setcookie.too_long";
    }
    void rejects()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, code);
        const auto r = SetCookie::parse(header);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
    }

    void tabIsAllowed()
    {
        const auto r = SetCookie::parse("a=b\tc");
        QVERIFY(r.ok());
        QCOMPARE(r->value, QByteArray("b\tc"));
    }

    void attributes()
    {
        const auto r = SetCookie::parse("sid=\"x;y\"; PATH=/a; path=/b; DoMaIn=.Example.COM; max-age=60; "
                                        "Expires=Wed, 09 Jun 2021 10:18:14 GMT; SECURE; httponly; SameSite=lax; "
                                        "Foo=bar");
        QVERIFY(r.ok());
        QCOMPARE(r->name, QByteArray("sid"));
        QCOMPARE(r->value, QByteArray("\"x"));       // quoted values are cut at ';' too (6265bis, unlike Qt)
        QCOMPARE(r->path.value(), QByteArray("/b")); // last duplicate wins
        QCOMPARE(r->domain.value(), QByteArray("example.com"));
        QVERIFY(r->secure);
        QVERIFY(r->httpOnly);
        QCOMPARE(r->sameSite, SameSite::Lax);
        QCOMPARE(r->maxAge.value(), 60);
        QVERIFY(r->expires.has_value());
        QCOMPARE(r->lifetimeFrom(kNow).value(), 60); // Max-Age beats Expires whatever the order
        QVERIFY(r->attributes.last().ignored);
    }

    void maxAgeBeatsExpiresInEitherOrder()
    {
        const auto r = SetCookie::parse("a=b; Max-Age=10; Expires=Thu, 01 Jan 2099 00:00:00 GMT");
        QVERIFY(r.ok());
        QCOMPARE(r->lifetimeFrom(kNow).value(), 10);
    }

    void fourHundredDayCap()
    {
        const auto r = SetCookie::parse("a=b; Max-Age=999999999");
        QCOMPARE(r->lifetimeFrom(kNow).value(), SetCookie::kMaxAgeCapSeconds);
        QCOMPARE(r->requestedLifetimeFrom(kNow).value(), 999999999);
        const auto e = SetCookie::parse("a=b; Expires=Thu, 01 Jan 2099 00:00:00 GMT");
        QCOMPARE(e->lifetimeFrom(kNow).value(), SetCookie::kMaxAgeCapSeconds);
    }

    void longAttributeValueIgnored()
    {
        const auto r = SetCookie::parse("a=b; Path=/" + QByteArray(1024, 'p'));
        QVERIFY(r.ok());
        QVERIFY(!r->path.has_value());
        QVERIFY(r->attributes.first().ignored);
    }

    void storePrefixes_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("code");
        QTest::newRow("secure prefix without Secure") << QByteArray("__Secure-a=1") << "cookie.store.prefix_secure";
        QTest::newRow("case-insensitive") << QByteArray("__SECURE-a=1") << "cookie.store.prefix_secure";
        QTest::newRow("host with domain")
            << QByteArray("__Host-a=1; Secure; Path=/; Domain=example.com") << "cookie.store.prefix_host";
        QTest::newRow("host without path") << QByteArray("__host-a=1; Secure") << "cookie.store.prefix_host";
        QTest::newRow("host ok") << QByteArray("__Host-a=1; Secure; Path=/") << "";
        QTest::newRow("public suffix") << QByteArray("a=1; Domain=com") << "cookie.store.public_suffix";
        QTest::newRow("foreign domain") << QByteArray("a=1; Domain=other.org") << "cookie.store.domain_mismatch";
    }
    void storePrefixes()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, code);
        FixedClock clock(kNow);
        CookieStore store(clock);
        const auto st = store.setCookie(QUrl(QStringLiteral("https://app.example.com/login")), header);
        if (code.isEmpty()) {
            QVERIFY(st.ok());
            QCOMPARE(store.allCookies().size(), 1);
        } else {
            QVERIFY(!st.ok());
            QCOMPARE(st.error().code, code);
        }
    }

    void cookieHeader()
    {
        const auto pairs = parseCookieHeader("session=abc; theme=dark;; lonely ; x=a=b");
        QCOMPARE(pairs.size(), 4);
        QCOMPARE(pairs[0].name, QByteArray("session"));
        QCOMPARE(pairs[2].name, QByteArray());
        QCOMPARE(pairs[2].value, QByteArray("lonely"));
        QCOMPARE(pairs[3].value, QByteArray("a=b"));
    }

    void pastedResponse()
    {
        const QByteArray flask = "eyJ1c2VyIjoiYWxpY2UifQ.aRz3kA.4Xh0tqSZrC8bZ2JpwJ0x1o3m2hE";
        const QByteArray jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0."
                               "ZfR0ApzJLd0F9vX3O2hK8lFsC1Xc9Q0Xh0tqSZrC8bY";
        const QByteArray paste = "HTTP/1.1 302 FOUND\r\nServer: Werkzeug/2.2.2\r\n"
                                 "Set-Cookie: session=" +
                                 flask +
                                 "; HttpOnly; Path=/\r\n"
                                 "Set-Cookie: role=admin; Path=/\r\n"
                                 "X-Access-Token: " +
                                 jwt +
                                 "\r\n"
                                 "Set-Cookie: bad=\x01x\r\n\r\n{\"token\": \"" +
                                 jwt + "\"}\r\n";
        const auto r = HttpPaste::parse(paste);
        QVERIFY(r.ok());
        QCOMPARE(r->kind, HttpPaste::Kind::Response);
        QCOMPARE(r->statusCodes, QList<int>{302});
        QCOMPARE(r->setCookies.size(), 3);
        QVERIFY(!r->setCookies[2].parsed.ok());
        QCOMPARE(r->tokens.size(), 2); // the body's JWT is the header's one, listed once
        QCOMPARE(r->tokens[0].token.kind, TokenKind::FlaskSession);
        QCOMPARE(r->tokens[0].token.text, flask);
        QCOMPARE(r->tokens[1].token.kind, TokenKind::Jwt);
    }

    void pastedRequestLfAndHttp2()
    {
        const QByteArray paste = ":method: GET\n:authority: app.example\nauthorization: Bearer "
                                 "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2ln\n"
                                 "cookie: session=.eJyrVkrOz0vOT0lVslIqLU4tUqoFAC5HBW4.aRz3kA."
                                 "4Xh0tqSZrC8bZ2JpwJ0x1o3m2hE; theme=dark\n";
        const auto r = HttpPaste::parse(paste);
        QVERIFY(r.ok());
        QCOMPARE(r->kind, HttpPaste::Kind::Request);
        QCOMPARE(r->requestCookies.size(), 2);
        QCOMPARE(r->tokens.size(), 2);
        QCOMPARE(r->tokens[0].token.kind, TokenKind::Jwt);
        QCOMPARE(r->tokens[1].token.kind, TokenKind::FlaskSession);
        QVERIFY(r->tokens[1].token.text.startsWith('.'));
    }

    void pasteWithoutHeaders()
    {
        QCOMPARE(HttpPaste::parse("just some text").error().code, QStringLiteral("cookie.paste.no_headers"));
        QCOMPARE(HttpPaste::parse("  \n").error().code, QStringLiteral("cookie.paste.empty"));
    }

    void audit_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<QStringList>("absent");
        QTest::newRow("flask defaults")
            << QByteArray("session=eyJ1c2VyIjoiYWxpY2UifQ.aRz3kA.4Xh0tqSZrC8bZ2JpwJ0x1o3m2hE; HttpOnly; Path=/")
            << L({"cookie.audit.flask_session", "cookie.audit.secure_missing", "cookie.audit.samesite_missing",
                  "cookie.audit.flask_secure_default", "cookie.audit.flask_samesite_default"})
            << L({"cookie.audit.httponly_missing"});
        QTest::newRow("hardened") << QByteArray("__Host-sid=8f3a9c0d1e2f3a4b5c6d7e8f9a0b1c2d; Secure; HttpOnly; "
                                                "SameSite=Lax; Path=/")
                                  << L({})
                                  << L({"cookie.audit.httponly_missing", "cookie.audit.secure_missing",
                                        "cookie.audit.samesite_missing", "cookie.audit.prefix_host"});
        QTest::newRow("unsigned identity")
            << QByteArray("username=alice; Path=/")
            << L({"cookie.audit.unsigned_identity", "cookie.audit.httponly_missing"}) << L({});
        QTest::newRow("samesite none insecure")
            << QByteArray("track=1; SameSite=None") << L({"cookie.audit.samesite_none_insecure"})
            << L({"cookie.audit.samesite_missing"});
        QTest::newRow("prefix secure") << QByteArray("__secure-token=x; HttpOnly") << L({"cookie.audit.prefix_secure"})
                                       << L({});
        QTest::newRow("long lifetime broad domain")
            << QByteArray("remember_token=abc; Max-Age=63072000; Domain=example.com; Secure; HttpOnly; SameSite=Lax")
            << L({"cookie.audit.lifetime_capped", "cookie.audit.broad_domain"}) << L({});
        QTest::newRow("jwt") << QByteArray("access_token_cookie=eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ."
                                           "c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2ln; Secure; HttpOnly; SameSite=Lax")
                             << L({"cookie.audit.jwt_in_cookie"}) << L({});
    }
    void audit()
    {
        QFETCH(QByteArray, header);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        const auto parsed = SetCookie::parse(header);
        QVERIFY(parsed.ok());
        const auto report = auditSetCookie(parsed.value(), kNow);
        for (const auto& code : present)
            QVERIFY2(hasFinding(report, code), qPrintable(code));
        for (const auto& code : absent)
            QVERIFY2(!hasFinding(report, code), qPrintable(code));
        for (const auto& f : report.findings)
            QVERIFY(!f.rule.isEmpty() && !f.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSetCookie)
#include "tst_set_cookie.moc"
