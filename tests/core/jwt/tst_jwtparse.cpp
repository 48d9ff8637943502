// The malformed-token table: every row is one way a token can be broken or misused, run through the
// real verifier, asserting the specific error code and where it points.
#include "common/Base64Url.h"
#include "common/Clock.h"
#include "crypto/Hmac.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtVerifier.h"

#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

constexpr qint64 kNow = 1700000000;
const QByteArray kSecret("gatehouse-test-secret-of-32-bytes!!");

QByteArray b64(const QByteArray& s)
{
    return base64url::encode(s);
}

// header.payload signed with HS256 and the test secret, whatever the JSON says.
QByteArray hs256(const QByteArray& header, const QByteArray& payload)
{
    const QByteArray input = b64(header) + '.' + b64(payload);
    return input + '.' + b64(crypto::hmac(crypto::HashAlgorithm::Sha256, kSecret, input));
}

QByteArray good(const QByteArray& payload = QByteArray("{\"user\":\"alice\",\"exp\":1700003600}"))
{
    return hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
}

QByteArray withHeader(const QByteArray& header)
{
    return hs256(header, "{\"user\":\"alice\",\"exp\":1700003600}");
}

QByteArray claims(const QByteArray& payload)
{
    return good(payload);
}

// Replaces the segment `index` of a token with `text`.
QByteArray replaceSegment(const QByteArray& token, int index, const QByteArray& text)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = text;
    return parts.join('.');
}

QByteArray segment(const QByteArray& token, int index)
{
    return token.split('.').value(index);
}

// The same bytes with non-zero spare bits in the last character (the text must have spare bits).
QByteArray nonCanonical(const QByteArray& text)
{
    static const QByteArray alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    QByteArray out = text;
    out[out.size() - 1] = alphabet[alphabet.indexOf(out.back()) + 1];
    return out;
}

enum Scenario
{
    Default,
    IssuerAndAudience, // expects iss "https://issuer.example" and aud "api"
    RequiredClaims,    // requires exp and sub
    RsaKey,            // verifier holds an RSA key, allows RS256 and HS256
    Unsecured,         // allowUnsecured
    NoLeeway,
    CritUnderstood,   // understands the "ext" critical header
    PublicKeyAsSecret // the verifier is given an RSA public key PEM as the HMAC secret
};

const JwtKey& rsaKey()
{
    static const JwtKey k = [] {
        auto r = JwtKey::generate(Algorithm::RS256);
        if (!r)
            qFatal("RSA key generation failed");
        return r.value();
    }();
    return k;
}

} // namespace

class TestJwtParse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The segments' JSON documents read the decoded bytes in place: a copied token, or a document copied
    // out of a segment, must stay readable after the original is gone.
    void copiesOutliveTheOriginal()
    {
        auto* t = new JwtToken(JwtToken::parse(b64(R"({"alg":"HS256","typ":"JWT"})") + '.' +
                                               b64(R"({"user":"alice","exp":4102444800})") + ".c2ln"));
        QVERIFY(t->isWellFormed());
        const JwtToken copy = *t;
        json::StrictJsonDocument payload = t->payload().json;
        delete t;
        QCOMPARE(copy.payloadJson().member("user").stringView(), QByteArrayView("alice"));
        QCOMPARE(copy.headerJson().member("alg").stringView(), QByteArrayView("HS256"));
        QCOMPARE(payload.root().member("exp").toDouble(), 4102444800.0);
        QCOMPARE(payload.root().firstChild().key(), QByteArrayView("user"));
    }

    void table_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("code");  // empty: must verify
        QTest::addColumn<QString>("where"); // "x*" means "starts with x"

        const QByteArray g = good();
        const QByteArray h = segment(g, 0), p = segment(g, 1), s = segment(g, 2);
        auto row = [](const char* name, const QByteArray& token, int scenario, const char* code, const char* where) {
            QTest::newRow(name) << token << scenario << QString::fromLatin1(code) << QString::fromLatin1(where);
        };

        // Valid tokens first: the table's negative rows mean something only if these pass.
        row("valid", g, Default, "", "");
        row("valid within leeway", claims("{\"exp\":1699999941}"), Default, "", "");
        row("valid aud array", claims("{\"iss\":\"https://issuer.example\",\"aud\":[\"x\",\"api\"]}"),
            IssuerAndAudience, "", "");
        row("valid crit understood", withHeader("{\"alg\":\"HS256\",\"crit\":[\"ext\"],\"ext\":1}"), CritUnderstood, "",
            "");
        row("valid float exp", claims("{\"exp\":1700003600.5}"), Default, "", "");
        row("valid unsecured allowed", b64("{\"alg\":\"none\"}") + '.' + p + '.', Unsecured, "", "");

        // Structure.
        row("empty", "", Default, "jwt.structure.empty", "token");
        row("only spaces", "   ", Default, "jwt.structure.whitespace", "token");
        row("no dots", h, Default, "jwt.structure.dots", "token");
        row("one dot", h + '.' + p, Default, "jwt.structure.dots", "token");
        row("three dots", g + ".x", Default, "jwt.structure.dots", "token");
        row("five dots", g + ".x.y.z", Default, "jwt.structure.dots", "token");
        row("JWE five segments", b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d", Default,
            "jwt.structure.jwe", "token");
        row("only dots", "..", Default, "jwt.segment.empty", "header");
        row("empty header", '.' + p + '.' + s, Default, "jwt.segment.empty", "header");
        row("empty payload", h + ".." + s, Default, "jwt.segment.empty", "payload");
        row("empty signature HS256", h + '.' + p + '.', Default, "jwt.signature_empty", "signature");
        row("leading space", ' ' + g, Default, "jwt.structure.whitespace", "token");
        row("trailing newline", g + '\n', Default, "jwt.structure.whitespace", "token");
        row("bearer prefix", "Bearer " + g, Default, "jwt.structure.bearer", "token");
        row("huge", h + '.' + QByteArray(1024 * 1024, 'A') + '.' + s, Default, "jwt.size", "token");
        row("newline inside payload", h + '.' + p.left(4) + '\n' + p.mid(4) + '.' + s, Default,
            "jwt.segment.base64.character", "payload");

        // base64url.
        row("header padding", replaceSegment(g, 0, h + "="), Default, "jwt.segment.base64.padding", "header");
        row("payload plus", replaceSegment(g, 1, p.left(12) + '+' + p.mid(13)), Default, "jwt.segment.base64.character",
            "payload");
        row("payload slash", replaceSegment(g, 1, p.left(5) + '/' + p.mid(6)), Default, "jwt.segment.base64.character",
            "payload");
        row("signature plus", replaceSegment(g, 2, '+' + s.mid(1)), Default, "jwt.segment.base64.character",
            "signature");
        row("header bad char", replaceSegment(g, 0, h.left(3) + '!' + h.mid(4)), Default,
            "jwt.segment.base64.character", "header");
        row("payload non-ascii", replaceSegment(g, 1, p.left(3) + "\xC3\xA9" + p.mid(3)), Default,
            "jwt.segment.base64.character", "payload");
        row("payload 4n+1", replaceSegment(g, 1, b64("{\"exp\":1700003600,\"u\":\"ab\"}") + "A"), Default,
            "jwt.segment.base64.length", "payload");
        row("signature 4n+1", replaceSegment(g, 2, s + "AA"), Default, "jwt.segment.base64.length", "signature");
        row("header noncanonical", replaceSegment(g, 0, nonCanonical(b64("{\"alg\":\"HS256\" }"))), Default,
            "jwt.segment.base64.noncanonical", "header");
        row("signature noncanonical", replaceSegment(g, 2, nonCanonical(s)), Default, "jwt.segment.base64.noncanonical",
            "signature");
        row("signature padding", replaceSegment(g, 2, s + "="), Default, "jwt.segment.base64.padding", "signature");

        // JSON.
        row("header not JSON", hs256("hello", "{}"), Default, "json.syntax", "header");
        row("header array", hs256("[\"alg\",\"HS256\"]", "{}"), Default, "jwt.segment.not_object", "header");
        row("header string", hs256("\"HS256\"", "{}"), Default, "jwt.segment.not_object", "header");
        row("header number", hs256("256", "{}"), Default, "jwt.segment.not_object", "header");
        row("header null", hs256("null", "{}"), Default, "jwt.segment.not_object", "header");
        row("payload array", claims("[1,2]"), Default, "jwt.segment.not_object", "payload");
        row("payload string", claims("\"alice\""), Default, "jwt.segment.not_object", "payload");
        row("payload not JSON", claims("user=alice"), Default, "json.syntax", "payload");
        row("payload truncated", claims("{\"user\":\"alice\""), Default, "json.syntax", "payload.user");
        row("payload duplicate sub", claims("{\"sub\":\"alice\",\"sub\":\"admin\"}"), Default, "json.duplicate_key",
            "payload.sub");
        row("header duplicate alg", withHeader("{\"alg\":\"none\",\"alg\":\"HS256\"}"), Default, "json.duplicate_key",
            "header.alg");
        row("invalid escape", claims("{\"name\":\"a\\qb\"}"), Default, "json.invalid_escape", "payload.name");
        row("lone surrogate", claims("{\"name\":\"\\ud800\"}"), Default, "json.lone_surrogate", "payload.name");
        row("invalid UTF-8", claims("{\"name\":\"\xC0\xAF\"}"), Default, "json.invalid_utf8", "payload.name");
        row("UTF-8 surrogate", claims("{\"name\":\"\xED\xA0\x80\"}"), Default, "json.invalid_utf8", "payload.name");
        row("control character", claims("{\"name\":\"a\x01\"}"), Default, "json.control_character", "payload.name");
        row("trailing garbage", claims("{\"exp\":1700003600}x"), Default, "json.trailing", "payload");
        row("deep nesting", claims("{\"a\":" + QByteArray(100, '[') + QByteArray(100, ']') + "}"), Default,
            "json.depth", "payload.a*");

        // Algorithm misuse.
        row("missing alg", withHeader("{\"typ\":\"JWT\"}"), Default, "jwt.alg_missing", "header.alg");
        row("empty header object", withHeader("{}"), Default, "jwt.alg_missing", "header.alg");
        row("alg number", withHeader("{\"alg\":256}"), Default, "jwt.alg_type", "header.alg");
        row("alg null", withHeader("{\"alg\":null}"), Default, "jwt.alg_type", "header.alg");
        row("alg array", withHeader("{\"alg\":[\"HS256\"]}"), Default, "jwt.alg_type", "header.alg");
        row("alg none", b64("{\"alg\":\"none\"}") + '.' + p + '.', Default, "jwt.alg_none", "header.alg");
        row("alg None", b64("{\"alg\":\"None\"}") + '.' + p + '.', Default, "jwt.alg_none", "header.alg");
        row("alg NONE", b64("{\"alg\":\"NONE\"}") + '.' + p + '.', Default, "jwt.alg_none", "header.alg");
        row("alg none with signature", b64("{\"alg\":\"none\"}") + '.' + p + '.' + s, Default, "jwt.alg_none",
            "header.alg");
        row("alg None even if unsecured allowed", b64("{\"alg\":\"None\"}") + '.' + p + '.', Unsecured, "jwt.alg_none",
            "header.alg");
        row("unsecured with signature", b64("{\"alg\":\"none\"}") + '.' + p + '.' + s, Unsecured,
            "jwt.signature_invalid", "signature");
        row("unknown alg", withHeader("{\"alg\":\"HS257\"}"), Default, "jwt.alg_unknown", "header.alg");
        row("lower-case alg", withHeader("{\"alg\":\"hs256\"}"), Default, "jwt.alg_unknown", "header.alg");
        row("alg not allowed", withHeader("{\"alg\":\"HS512\"}"), Default, "jwt.alg_not_allowed", "header.alg");
        row("RS256 on HMAC verifier", withHeader("{\"alg\":\"RS256\"}"), Default, "jwt.alg_not_allowed", "header.alg");
        row("ES256 on HMAC verifier", withHeader("{\"alg\":\"ES256\"}"), Default, "jwt.alg_not_allowed", "header.alg");
        row("HS256 token with RSA key", g, RsaKey, "jwt.alg_not_allowed", "header.alg");
        row("RS256 token, public key as HMAC secret", withHeader("{\"alg\":\"RS256\"}"), PublicKeyAsSecret,
            "key.hmac.looks_asymmetric", "*");
        row("wrong signature", replaceSegment(g, 2, b64(QByteArray(32, 'x'))), Default, "jwt.signature_invalid",
            "signature");
        row("signature of other payload", replaceSegment(g, 2, segment(claims("{\"user\":\"bob\"}"), 2)), Default,
            "jwt.signature_invalid", "signature");
        row("truncated signature", replaceSegment(g, 2, b64(base64url::decodeStrict(s).value().left(16))), Default,
            "jwt.signature_length", "signature");
        row("tampered payload", replaceSegment(g, 1, b64("{\"user\":\"admin\",\"exp\":1700003600}")), Default,
            "jwt.signature_invalid", "signature");

        // crit (RFC 7515 §4.1.11).
        row("crit string", withHeader("{\"alg\":\"HS256\",\"crit\":\"ext\",\"ext\":1}"), Default, "jwt.crit_type",
            "header.crit");
        row("crit number element", withHeader("{\"alg\":\"HS256\",\"crit\":[1]}"), Default, "jwt.crit_type",
            "header.crit");
        row("crit empty", withHeader("{\"alg\":\"HS256\",\"crit\":[]}"), Default, "jwt.crit_empty", "header.crit");
        row("crit registered", withHeader("{\"alg\":\"HS256\",\"crit\":[\"alg\"]}"), Default, "jwt.crit_registered",
            "header.crit");
        row("crit missing", withHeader("{\"alg\":\"HS256\",\"crit\":[\"ext\"]}"), CritUnderstood, "jwt.crit_missing",
            "header.crit");
        row("crit unsupported", withHeader("{\"alg\":\"HS256\",\"crit\":[\"ext\"],\"ext\":1}"), Default,
            "jwt.crit_unsupported", "header.crit");
        row("crit second unsupported",
            withHeader("{\"alg\":\"HS256\",\"crit\":[\"ext\",\"b64\"],\"ext\":1,\"b64\":false}"), CritUnderstood,
            "jwt.crit_unsupported", "header.crit");

        // Time claims (now = 1700000000, leeway 60 s).
        row("exp string", claims("{\"exp\":\"1700003600\"}"), Default, "jwt.claim_type", "payload.exp");
        row("exp bool", claims("{\"exp\":true}"), Default, "jwt.claim_type", "payload.exp");
        row("exp null", claims("{\"exp\":null}"), Default, "jwt.claim_type", "payload.exp");
        row("exp object", claims("{\"exp\":{}}"), Default, "jwt.claim_type", "payload.exp");
        row("expired", claims("{\"exp\":1690000000}"), Default, "jwt.expired", "payload.exp");
        row("expired at leeway edge", claims("{\"exp\":1699999940}"), Default, "jwt.expired", "payload.exp");
        row("expired without leeway", claims("{\"exp\":1700000000}"), NoLeeway, "jwt.expired", "payload.exp");
        row("nbf future", claims("{\"nbf\":1700001000}"), Default, "jwt.not_yet_valid", "payload.nbf");
        row("nbf string", claims("{\"nbf\":\"1\"}"), Default, "jwt.claim_type", "payload.nbf");
        row("iat future", claims("{\"iat\":1700001000}"), Default, "jwt.iat_future", "payload.iat");
        row("iat string", claims("{\"iat\":\"now\"}"), Default, "jwt.claim_type", "payload.iat");
        row("exp milliseconds is not expired but typed ok", claims("{\"exp\":1700000000000}"), Default, "", "");

        // Issuer, audience, subject.
        row("iss mismatch", claims("{\"iss\":\"https://evil.example\",\"aud\":\"api\"}"), IssuerAndAudience,
            "jwt.iss_mismatch", "payload.iss");
        row("iss case differs", claims("{\"iss\":\"https://Issuer.example\",\"aud\":\"api\"}"), IssuerAndAudience,
            "jwt.iss_mismatch", "payload.iss");
        row("iss missing", claims("{\"aud\":\"api\"}"), IssuerAndAudience, "jwt.claim_missing", "payload.iss");
        row("iss number", claims("{\"iss\":1}"), Default, "jwt.claim_type", "payload.iss");
        row("aud mismatch", claims("{\"iss\":\"https://issuer.example\",\"aud\":\"web\"}"), IssuerAndAudience,
            "jwt.aud_mismatch", "payload.aud");
        row("aud array without match", claims("{\"iss\":\"https://issuer.example\",\"aud\":[\"web\",\"API\"]}"),
            IssuerAndAudience, "jwt.aud_mismatch", "payload.aud");
        row("aud number", claims("{\"iss\":\"https://issuer.example\",\"aud\":7}"), IssuerAndAudience, "jwt.claim_type",
            "payload.aud");
        row("aud array with number", claims("{\"aud\":[\"api\",7]}"), IssuerAndAudience, "jwt.claim_type",
            "payload.aud");
        row("aud missing when required", claims("{\"iss\":\"https://issuer.example\"}"), IssuerAndAudience,
            "jwt.claim_missing", "payload.aud");
        row("aud present, none expected", claims("{\"aud\":\"api\"}"), Default, "jwt.aud_unexpected", "payload.aud");
        row("sub number", claims("{\"sub\":42}"), Default, "jwt.claim_type", "payload.sub");
        row("required sub missing", claims("{\"exp\":1700003600}"), RequiredClaims, "jwt.claim_missing", "payload.sub");
        row("required exp missing", claims("{\"sub\":\"alice\"}"), RequiredClaims, "jwt.claim_missing", "payload.exp");
    }

    void table()
    {
        QFETCH(QByteArray, token);
        QFETCH(int, scenario);
        QFETCH(QString, code);
        QFETCH(QString, where);

        FixedClock clock(kNow);
        ClaimRequirements req;
        req.clock = &clock;
        JwtKey key = JwtKey::fromHmacSecret(kSecret).value();
        QList<Algorithm> allowed{Algorithm::HS256};
        if (scenario == IssuerAndAudience) {
            req.expectedIssuer = QStringLiteral("https://issuer.example");
            req.expectedAudiences = {QStringLiteral("api")};
        } else if (scenario == RequiredClaims) {
            req.requiredClaims = {QStringLiteral("exp"), QStringLiteral("sub")};
        } else if (scenario == RsaKey) {
            key = rsaKey();
            allowed = {Algorithm::RS256, Algorithm::HS256};
        } else if (scenario == NoLeeway) {
            req.leewaySeconds = 0;
        } else if (scenario == PublicKeyAsSecret) {
            // The classic confusion: the server's public key PEM handed over as the HMAC secret.
            auto k = JwtKey::fromHmacSecret(rsaKey().publicPem());
            QVERIFY(!k.ok());
            QCOMPARE(k.error().code, code);
            return;
        }
        JwtVerifier v(key, allowed);
        v.setClaimRequirements(req);
        v.setAllowUnsecured(scenario == Unsecured);
        if (scenario == CritUnderstood)
            v.setUnderstoodCriticalHeaders({QStringLiteral("ext")});

        const auto r = v.verify(token);
        if (code.isEmpty()) {
            QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().code + QStringLiteral(": ") + r.error().message));
            return;
        }
        QVERIFY2(!r.ok(), "the token was accepted");
        QVERIFY2(r.error().code == code, qPrintable(r.error().code + QStringLiteral(": ") + r.error().message));
        if (where.endsWith(QLatin1Char('*')))
            QVERIFY2(r.error().where.startsWith(where.chopped(1)), qPrintable(r.error().where));
        else
            QCOMPARE(r.error().where, where);
        QVERIFY(!r.error().message.isEmpty());
        // No secret in any message.
        QVERIFY(!r.error().message.contains(QString::fromLatin1(kSecret)));
        ++m_negativeRows;
    }

    void parseKeepsWhatItCan()
    {
        // A broken payload still shows its header, and the error names the segment and offset.
        const QByteArray g = good();
        const QByteArray bad = replaceSegment(g, 1, segment(g, 1).left(12) + '+' + segment(g, 1).mid(13));
        const JwtToken t = JwtToken::parse(bad);
        QVERIFY(!t.isWellFormed());
        QCOMPARE(t.form(), JwtToken::Form::Jws);
        QCOMPARE(t.headerJson().member("alg").toString(), QStringLiteral("HS256"));
        QVERIFY(!t.payload().strictBase64);
        QVERIFY(t.payload().lenientForgave);
        const qsizetype at = segment(g, 0).size() + 1 + 12;
        QVERIFY2(t.errors().first().message.contains(QStringLiteral("offset %1").arg(at)),
                 qPrintable(t.errors().first().message));
        QVERIFY(t.errors().first().message.startsWith(QStringLiteral("payload segment:")));
        QVERIFY(t.payloadJson().isObject() || !t.payload().decoded.isEmpty());
    }

    void messagesSayWhatIsWrong()
    {
        QCOMPARE(JwtToken::parse("a.b").errors().first().message.left(27),
                 QStringLiteral("2 dots expected, found 1 (a"));
        const QByteArray h = b64("[1]");
        QVERIFY(JwtToken::parse(h + ".e30.")
                    .errors()
                    .first()
                    .message.startsWith(QStringLiteral("header is not a JSON object")));
        FixedClock clock(kNow);
        JwtVerifier v(JwtKey::fromHmacSecret(kSecret).value(), {Algorithm::HS256});
        const auto r = v.verify(good().left(good().lastIndexOf('.') + 1));
        QCOMPARE(r.error().message, QStringLiteral("empty signature with alg HS256"));
    }

    void jweIsNamed()
    {
        const JwtToken t = JwtToken::parse(b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + "..iv.ct.tag");
        QCOMPARE(t.form(), JwtToken::Form::Jwe);
        QCOMPARE(t.segments().size(), size_t(5));
        QCOMPARE(t.segments()[3].name, QStringLiteral("ciphertext"));
        QCOMPARE(t.headerJson().member("enc").toString(), QStringLiteral("A128GCM"));
        QVERIFY(t.errors().first().message.contains(QStringLiteral("JWE")));
    }

    void bearerAndWhitespaceAreDisplayable()
    {
        const QByteArray g = good();
        const JwtToken t = JwtToken::parse("  Bearer " + g + "\r\n");
        QVERIFY(t.hadBearerPrefix());
        QVERIFY(t.hadSurroundingWhitespace());
        QCOMPARE(t.token(), QByteArrayView(g));
        QCOMPARE(t.payloadJson().member("user").toString(), QStringLiteral("alice"));
        QCOMPARE(t.signingInput(), QByteArrayView(g).first(g.lastIndexOf('.')));
    }

    void cleanupTestCase() { qInfo("malformed-token table: %d negative rows asserted", m_negativeRows); }

private:
    int m_negativeRows = 0;
};

QTEST_GUILESS_MAIN(TestJwtParse)
#include "tst_jwtparse.moc"
