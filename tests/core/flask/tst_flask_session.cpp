#include "common/Base64Url.h"
#include "common/Clock.h"
#include "flask/FlaskSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <zlib.h>

using namespace gatehouse::core;
using namespace gatehouse::core::flask;

namespace {

constexpr qint64 kNow = 1764115200; // 2025-11-26
const QByteArray kSecret = QByteArrayLiteral("supersecretkey");

QByteArray sign(const QJsonObject& o, qint64 at = kNow, const QByteArray& salt = "cookie-session")
{
    FixedClock clock(at);
    FlaskSignOptions opts;
    opts.clock = &clock;
    opts.salt = salt;
    return signFlaskSession(o, kSecret, opts).value();
}

QByteArray zlibBomb()
{
    const QByteArray zeros(64 * 1024 * 1024, '{');
    uLongf len = compressBound(uLong(zeros.size()));
    QByteArray z(qsizetype(len), Qt::Uninitialized);
    compress2(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(zeros.constData()),
              uLong(zeros.size()), 9);
    z.resize(qsizetype(len));
    return z;
}

} // namespace

class TestFlaskSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void knownFlaskCookie()
    {
        // Produced by: app.secret_key="supersecretkey"; app.session_interface.get_signing_serializer(app)
        //              .dumps({"user": "alice"}) with itsdangerous 2.1.2 and time.time() fixed at kNow.
        const QByteArray cookie = "eyJ1c2VyIjoiYWxpY2UifQ.aSZDAA.WsxaTAZS_4vjrOgKYykuj5umZto";
        auto d = FlaskSession::decode(cookie);
        QVERIFY(d.ok());
        QCOMPARE(d->value.toObject().value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        QCOMPARE(d->timestamp, kNow);
        FixedClock clock(kNow + 10);
        FlaskVerifyOptions o;
        o.clock = &clock;
        QVERIFY(verifyFlaskSession(cookie, kSecret, o).ok());
    }

    void roundTripAndFallbacks()
    {
        const QByteArray cookie = sign(QJsonObject{{QStringLiteral("user"), QStringLiteral("alice")}});
        FixedClock clock(kNow + 5);
        FlaskVerifyOptions o;
        o.clock = &clock;
        QVERIFY(verifyFlaskSession(cookie, kSecret, o).ok());
        o.fallbackSecrets = {QByteArrayLiteral("old-1"), kSecret};
        auto v = verifyFlaskSession(cookie, "new-secret", o);
        QVERIFY(v.ok());
        QCOMPARE(v->secretIndex, 2);
    }

    void rejected_data()
    {
        QTest::addColumn<QByteArray>("cookie");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("salt");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<QString>("code");
        const QByteArray good = sign(QJsonObject{{QStringLiteral("user"), QStringLiteral("alice")}});
        const QByteArray otherSalt =
            sign(QJsonObject{{QStringLiteral("user"), QStringLiteral("alice")}}, kNow, "itsdangerous");
        QByteArray tampered = good;
        // Re-encode a different payload but keep the old timestamp and signature.
        const qsizetype dot = good.indexOf('.');
        tampered = base64url::encode("{\"user\":\"admin\"}") + good.mid(dot);
        QByteArray bomb = "." + base64url::encode(zlibBomb()) + good.mid(dot);
        const qint64 day = 86400;
        QTest::newRow("tampered") << tampered << kSecret << QByteArray() << kNow << "flask.signature.mismatch";
        QTest::newRow("wrong key") << good << QByteArray("wrong-key-123") << QByteArray() << kNow
                                   << "flask.signature.mismatch";
        QTest::newRow("wrong salt diagnosed")
            << otherSalt << kSecret << QByteArray() << kNow << "flask.signature.wrong_salt";
        QTest::newRow("wrong salt given")
            << good << kSecret << QByteArray("my-salt") << kNow << "flask.signature.wrong_salt";
        QTest::newRow("expired") << good << kSecret << QByteArray() << kNow + 32 * day << "flask.signature.expired";
        QTest::newRow("future") << good << kSecret << QByteArray() << kNow - day << "flask.timestamp.future";
        QTest::newRow("truncated signature")
            << good.left(good.size() - 5) << kSecret << QByteArray() << kNow << "flask.cookie.truncated";
        QTest::newRow("truncated parts") << good.left(dot + 3) << kSecret << QByteArray() << kNow
                                         << "flask.cookie.truncated";
        QTest::newRow("zip bomb") << bomb << kSecret << QByteArray() << kNow << "flask.payload.too_large";
        QTest::newRow("bad zlib") << QByteArray("." + base64url::encode("not zlib") + good.mid(dot)) << kSecret
                                  << QByteArray() << kNow << "flask.payload.zlib";
        QTest::newRow("bad base64") << QByteArray("e*J" + good.mid(dot)) << kSecret << QByteArray() << kNow
                                    << "flask.payload.base64";
        QTest::newRow("not json") << QByteArray(base64url::encode("{user") + good.mid(dot)) << kSecret << QByteArray()
                                  << kNow << "flask.payload.json";
        QTest::newRow("bad tag") << QByteArray(base64url::encode("{\" u\":\"zz\"}") + good.mid(dot)) << kSecret
                                 << QByteArray() << kNow << "flask.payload.tag";
        QTest::newRow("empty") << QByteArray() << kSecret << QByteArray() << kNow << "flask.cookie.empty";
    }
    void rejected()
    {
        QFETCH(QByteArray, cookie);
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, salt);
        QFETCH(qint64, now);
        QFETCH(QString, code);
        FixedClock clock(now);
        FlaskVerifyOptions o;
        o.clock = &clock;
        o.maxAgeSeconds = 31 * 86400;
        if (!salt.isEmpty())
            o.salt = salt;
        const auto r = verifyFlaskSession(cookie, secret, o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.contains(QString::fromUtf8(secret)) || secret.isEmpty());
    }

    void legacyEpoch()
    {
        FixedClock clock(kNow);
        FlaskSignOptions so;
        so.clock = &clock;
        so.legacyEpoch = true;
        const QByteArray cookie = signFlaskSession(QJsonObject{{QStringLiteral("a"), 1}}, kSecret, so).value();
        auto d = FlaskSession::decode(cookie);
        QVERIFY(d.ok());
        QVERIFY(d->legacyEpoch);
        QCOMPARE(d->timestamp, kNow);
    }

    void typedRoundTrip()
    {
        const QByteArray json = R"({"t":{"$type":"tuple","value":[1,{"$type":"bytes","value":"AAE="}]},)"
                                R"("u":{"$type":"uuid","value":"12345678-1234-5678-1234-567812345678"},)"
                                R"("d":{"$type":"datetime","value":"2020-02-29T12:00:01Z"},)"
                                R"("m":{"$type":"markup","value":"<b>x</b>"},"k":{" t":[1]}})";
        const QJsonObject typed = QJsonDocument::fromJson(json).object();
        const QByteArray cookie = sign(typed);
        auto d = FlaskSession::decode(cookie);
        QVERIFY2(d.ok(), qPrintable(d.ok() ? QString() : d.error().message));
        QCOMPARE(d->value.toObject(), typed);
        QVERIFY(d->json.contains("\" di\""));
        QVERIFY(d->json.contains("\" u\":\"12345678123456781234567812345678\""));
    }
};

QTEST_GUILESS_MAIN(TestFlaskSession)
#include "tst_flask_session.moc"
