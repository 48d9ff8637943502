// RemoteBackend's account administration over a fake network (no sockets): what goes on the wire for a
// password change and an unlock, how a 423 lockout and the audit log come back, and "not offered by this
// server" for profiles without them.
#include "../net/FakeNetwork.h"

#include "backend/RemoteBackend.h"
#include "common/Clock.h"
#include "remote/ApiProfile.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;
using fakenet::Canned;
using fakenet::FakeNam;
using fakenet::Seen;

#define AWAIT(future) QTRY_VERIFY_WITH_TIMEOUT((future).isFinished(), 5000)

namespace {

constexpr qint64 kNow = 1'900'000'000;

Canned restServer(const Seen& s)
{
    const QString p = s.path();
    if (p == QLatin1String("/login")) {
        const QJsonObject o = QJsonDocument::fromJson(s.body).object();
        if (o.value(QLatin1String("username")).toString() == QLatin1String("locked"))
            return Canned::json(423, R"({"message":"Account locked after too many failed logins"})")
                .with("Retry-After", "240");
        return Canned::json(200, R"({"access_token":")" + fakenet::tokenWithExp(kNow + 900) +
                                     R"(","refresh_token":"r1","expires_in":900})");
    }
    if (p == QLatin1String("/me"))
        return Canned::json(200, R"({"id":1,"username":"root","roles":["admin"],"permissions":["audit.view"]})");
    if (p == QLatin1String("/me/password"))
        return Canned::json(200, R"({"message":"Password changed"})");
    if (p == QLatin1String("/users/42/unlock"))
        return Canned::json(200, R"({"id":42,"username":"uma"})");
    if (p == QLatin1String("/audit"))
        return Canned::json(200, R"({"items":[
            {"id":9,"at":1900000100,"actor_id":1,"actor":"root","action":"user.unlock","target":"uma",
             "outcome":"ok","detail":""},
            {"id":8,"at":1900000050,"actor_id":0,"actor":"","action":"auth.login","target":"uma",
             "outcome":"failed","detail":"wrong password"}]})");
    return Canned::json(404, R"({"message":"Not found"})");
}

} // namespace

class TestRemoteBackendAdmin : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{kNow};
    QUrl url() const { return QUrl(QStringLiteral("http://api.test")); }
    remote::ApiProfile rest() const { return *remote::ApiProfile::builtin(QStringLiteral("Gatehouse REST")); }

    bool login(RemoteBackend& backend)
    {
        auto f = backend.login(QStringLiteral("root"), QStringLiteral("pw"), false);
        return QTest::qWaitFor([&]() { return f.isFinished(); }, 5000) && f.result().ok();
    }

private Q_SLOTS:
    void lockoutIsAccountLockedWithTheWait()
    {
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, rest(), url(), m_clock);
        auto f = backend.login(QStringLiteral("locked"), QStringLiteral("pw"), false);
        AWAIT(f);
        QCOMPARE(f.result().ok() ? QString() : f.result().error().code, QStringLiteral("account.locked"));
        QCOMPARE(f.result().error().where, QStringLiteral("240"));
    }

    void passwordChangeSendsBothPasswordsInTheBody()
    {
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, rest(), url(), m_clock);
        QVERIFY(backend.capabilities().passwordChange);
        QVERIFY(login(backend));
        auto f = backend.changePassword(QStringLiteral("old pw"), QStringLiteral("new pw 123"));
        AWAIT(f);
        QVERIFY(f.result().ok());
        const Seen& sent = nam.seen.last();
        QCOMPARE(sent.method, QByteArray("POST"));
        QCOMPARE(sent.path(), QStringLiteral("/me/password"));
        QVERIFY(!sent.url.hasQuery()); // passwords never in a URL
        const QJsonObject body = QJsonDocument::fromJson(sent.body).object();
        QCOMPARE(body.value(QLatin1String("current_password")).toString(), QStringLiteral("old pw"));
        QCOMPARE(body.value(QLatin1String("new_password")).toString(), QStringLiteral("new pw 123"));
        QVERIFY(sent.header("Authorization").startsWith("Bearer "));
    }

    void unlockPutsTheIdInThePath()
    {
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, rest(), url(), m_clock);
        QVERIFY(login(backend));
        auto f = backend.unlockUser(42);
        AWAIT(f);
        QVERIFY(f.result().ok());
        QCOMPARE(nam.seen.last().path(), QStringLiteral("/users/42/unlock"));
        QCOMPARE(nam.seen.last().method, QByteArray("POST"));
        auto missing = backend.unlockUser(7);
        AWAIT(missing);
        QCOMPARE(missing.result().ok() ? QString() : missing.result().error().code, QStringLiteral("http.404"));
    }

    void auditLogNewestFirstWithLimit()
    {
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, rest(), url(), m_clock);
        QVERIFY(backend.capabilities().audit);
        QVERIFY(login(backend));
        auto f = backend.auditLog(25);
        AWAIT(f);
        QVERIFY(f.result().ok());
        const QList<services::AuditEntry> entries = f.result().value();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].action, QStringLiteral("user.unlock"));
        QCOMPARE(entries[0].actor, QStringLiteral("root"));
        QCOMPARE(entries[0].at, qint64(1900000100));
        QCOMPARE(entries[1].outcome, QStringLiteral("failed"));
        QCOMPARE(entries[1].actorId, qint64(0));
        QCOMPARE(nam.seen.last().url.query(), QStringLiteral("limit=25"));
    }

    void profilesWithoutThemSaySo_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::newRow("minimal") << "Flask + PyJWT (minimal)";
        QTest::newRow("jwt-extended") << "Flask-JWT-Extended";
        QTest::newRow("flask-login") << "Flask-Login session";
    }

    void profilesWithoutThemSaySo()
    {
        QFETCH(QString, profile);
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, *remote::ApiProfile::builtin(profile), url(), m_clock);
        QVERIFY(!backend.capabilities().passwordChange && !backend.capabilities().audit);
        auto password = backend.changePassword(QStringLiteral("a"), QStringLiteral("b"));
        auto unlock = backend.unlockUser(1);
        auto audit = backend.auditLog(10);
        AWAIT(password);
        AWAIT(unlock);
        AWAIT(audit);
        for (const Error& e : {password.result().error(), unlock.result().error(), audit.result().error()}) {
            QCOMPARE(e.code, QStringLiteral("remote.unsupported"));
            QVERIFY(e.message.contains(QStringLiteral("does not offer")));
        }
        QVERIFY(nam.seen.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRemoteBackendAdmin)
#include "tst_remote_backend_admin.moc"
