#include "common/Clock.h"
#include "jwt/ClaimsValidator.h"
#include "json/StrictJson.h"

#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {
constexpr qint64 kNow = 1700000000;
}

class TestClaims : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validate_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<qint64>("leeway");
        QTest::addColumn<QString>("code"); // empty: valid
        QTest::addColumn<QString>("where");
        auto row = [](const char* name, const char* payload, qint64 leeway, const char* code, const char* where) {
            QTest::newRow(name) << QByteArray(payload) << leeway << QString::fromLatin1(code)
                                << QString::fromLatin1(where);
        };
        row("empty object", "{}", 60, "", "");
        row("exp future", "{\"exp\":1700000001}", 0, "", "");
        row("exp now, no leeway", "{\"exp\":1700000000}", 0, "jwt.expired", "payload.exp");
        row("exp now, leeway 1", "{\"exp\":1700000000}", 1, "", "");
        row("exp fractional just past", "{\"exp\":1699999999.5}", 0, "jwt.expired", "payload.exp");
        row("exp big integer", "{\"exp\":9007199254740993}", 60, "", "");
        row("exp negative", "{\"exp\":-1}", 60, "jwt.expired", "payload.exp");
        row("exp huge leeway", "{\"exp\":1600000000}", 200000000, "", "");
        row("exp string", "{\"exp\":\"1800000000\"}", 60, "jwt.claim_type", "payload.exp");
        row("exp array", "{\"exp\":[1800000000]}", 60, "jwt.claim_type", "payload.exp");
        row("exp 1e999", "{\"exp\":1e999}", 60, "jwt.claim_type", "payload.exp");
        row("nbf edge inside leeway", "{\"nbf\":1700000060}", 60, "", "");
        row("nbf edge outside leeway", "{\"nbf\":1700000061}", 60, "jwt.not_yet_valid", "payload.nbf");
        row("iat edge", "{\"iat\":1700000061}", 60, "jwt.iat_future", "payload.iat");
        row("iat past", "{\"iat\":1}", 60, "", "");
        row("type before time", "{\"exp\":1,\"sub\":5}", 60, "jwt.claim_type", "payload.sub");
        row("jti number", "{\"jti\":5}", 60, "jwt.claim_type", "payload.jti");
        row("empty aud is absent", "{\"aud\":[]}", 60, "", "");
        row("duplicate exp: last wins", "{\"exp\":1,\"exp\":1800000000}", 60, "", "");
        row("not an object", "[1]", 60, "jwt.segment.not_object", "payload");
    }
    void validate()
    {
        QFETCH(QByteArray, payload);
        QFETCH(qint64, leeway);
        QFETCH(QString, code);
        QFETCH(QString, where);
        FixedClock clock(kNow);
        ClaimRequirements r;
        r.clock = &clock;
        r.leewaySeconds = leeway;
        const auto doc = json::StrictJson::parse(payload);
        const Status s = ClaimsValidator::validate(doc.root(), r);
        if (code.isEmpty()) {
            QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
            return;
        }
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, code);
        QCOMPARE(s.error().where, where);
    }

    void checksCanBeTurnedOff()
    {
        FixedClock clock(kNow);
        ClaimRequirements r;
        r.clock = &clock;
        r.verifyExpiry = false;
        r.verifyNotBefore = false;
        r.verifyIssuedAt = false;
        const auto doc = json::StrictJson::parse("{\"exp\":1,\"nbf\":1800000000,\"iat\":1800000000}");
        QVERIFY(ClaimsValidator::validate(doc.root(), r).ok());
        // Types are still checked: a string exp is wrong whether or not expiry matters.
        const auto bad = json::StrictJson::parse("{\"exp\":\"1\"}");
        QCOMPARE(ClaimsValidator::validate(bad.root(), r).error().code, QStringLiteral("jwt.claim_type"));
    }

    void clockMoves()
    {
        FixedClock clock(kNow);
        ClaimRequirements r;
        r.clock = &clock;
        r.leewaySeconds = 0;
        const auto doc = json::StrictJson::parse("{\"exp\":1700000100}");
        QVERIFY(ClaimsValidator::validate(doc.root(), r).ok());
        clock.advance(100);
        QCOMPARE(ClaimsValidator::validate(doc.root(), r).error().code, QStringLiteral("jwt.expired"));
    }

    void audienceAndIssuer()
    {
        FixedClock clock(kNow);
        ClaimRequirements r;
        r.clock = &clock;
        r.expectedAudiences = {QStringLiteral("a"), QStringLiteral("b")};
        r.expectedIssuer = QStringLiteral("me");
        const auto ok = json::StrictJson::parse("{\"iss\":\"me\",\"aud\":[\"x\",\"b\"]}");
        QVERIFY(ClaimsValidator::validate(ok.root(), r).ok());
        const auto one = json::StrictJson::parse("{\"iss\":\"me\",\"aud\":\"a\"}");
        QVERIFY(ClaimsValidator::validate(one.root(), r).ok());
        const auto prefix = json::StrictJson::parse("{\"iss\":\"me\",\"aud\":\"ab\"}");
        QCOMPARE(ClaimsValidator::validate(prefix.root(), r).error().code, QStringLiteral("jwt.aud_mismatch"));
        const auto unicode = json::StrictJson::parse("{\"iss\":\"m\\u0065\",\"aud\":\"a\"}");
        QVERIFY(ClaimsValidator::validate(unicode.root(), r).ok()); // escapes decode before comparing
    }

    void requiredClaims()
    {
        FixedClock clock(kNow);
        ClaimRequirements r;
        r.clock = &clock;
        r.requiredClaims = {QStringLiteral("exp"), QStringLiteral("role")};
        const auto doc = json::StrictJson::parse("{\"exp\":1800000000}");
        const Status s = ClaimsValidator::validate(doc.root(), r);
        QCOMPARE(s.error().code, QStringLiteral("jwt.claim_missing"));
        QCOMPARE(s.error().where, QStringLiteral("payload.role"));
    }
};

QTEST_GUILESS_MAIN(TestClaims)
#include "tst_claims.moc"
