// RemoteBackend's filtered audit log (the server only limits: the newest 1000 are fetched and filtered
// here) and its imports, which the server cannot do in one step and so answers remote.unsupported.
#include "../net/FakeNetwork.h"

#include "backend/RemoteBackend.h"
#include "common/Clock.h"
#include "remote/ApiProfile.h"

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
    if (p == QLatin1String("/login"))
        return Canned::json(200, R"({"access_token":")" + fakenet::tokenWithExp(kNow + 900) +
                                     R"(","refresh_token":"r1","expires_in":900})");
    if (p == QLatin1String("/me"))
        return Canned::json(200, R"({"id":1,"username":"root","roles":["admin"],"permissions":["audit.view"]})");
    if (p == QLatin1String("/audit"))
        return Canned::json(200, R"({"items":[
            {"id":9,"at":1900000100,"actor_id":1,"actor":"root","action":"user.unlock","target":"uma",
             "outcome":"ok","detail":""},
            {"id":8,"at":1900000050,"actor_id":0,"actor":"Uma","action":"auth.login","target":"uma",
             "outcome":"failed","detail":"wrong password"},
            {"id":7,"at":1900000010,"actor_id":1,"actor":"root","action":"user.disable","target":"bob",
             "outcome":"ok","detail":""}]})");
    return Canned::json(404, R"({"message":"Not found"})");
}

} // namespace

class TestRemoteBackendTransfer : public QObject
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
    static QList<qint64> ids(const QFuture<Result<QList<services::AuditEntry>>>& f)
    {
        QList<qint64> out;
        // Keep the result: a range-for over f.result().value() would walk a destroyed temporary.
        const auto result = f.result();
        if (result.ok())
            for (const auto& e : result.value())
                out << e.id;
        return out;
    }

private Q_SLOTS:
    void auditSearchFetchesTheServersMaximumAndFilters_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<qint64>("since");
        QTest::addColumn<qint64>("until");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("none") << QString() << QString() << QString() << qint64(0) << qint64(0) << QString()
                              << QList<qint64>{9, 8, 7};
        QTest::newRow("prefix") << QStringLiteral("user.") << QString() << QString() << qint64(0) << qint64(0)
                                << QString() << QList<qint64>{9, 7};
        QTest::newRow("exact") << QStringLiteral("user.disable") << QString() << QString() << qint64(0) << qint64(0)
                               << QString() << QList<qint64>{7};
        QTest::newRow("actor part") << QString() << QStringLiteral("UM") << QString() << qint64(0) << qint64(0)
                                    << QString() << QList<qint64>{8};
        QTest::newRow("outcome") << QString() << QString() << QStringLiteral("failed") << qint64(0) << qint64(0)
                                 << QString() << QList<qint64>{8};
        QTest::newRow("range") << QString() << QString() << QString() << qint64(1900000010) << qint64(1900000100)
                               << QString() << QList<qint64>{8, 7};
        QTest::newRow("text") << QString() << QString() << QString() << qint64(0) << qint64(0) << QStringLiteral("BOB")
                              << QList<qint64>{7};
    }
    void auditSearchFetchesTheServersMaximumAndFilters()
    {
        QFETCH(QString, action);
        QFETCH(QString, actor);
        QFETCH(QString, outcome);
        QFETCH(qint64, since);
        QFETCH(qint64, until);
        QFETCH(QString, text);
        QFETCH(QList<qint64>, expected);
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, rest(), url(), m_clock);
        QVERIFY(login(backend));
        services::AuditLog::Query q;
        q.action = action;
        q.actorName = actor;
        q.outcome = outcome;
        q.since = since;
        q.until = until;
        q.text = text;
        auto f = backend.searchAuditLog(q);
        AWAIT(f);
        QVERIFY(f.result().ok());
        QCOMPARE(ids(f), expected);
        QCOMPARE(nam.seen.last().url.query(), QStringLiteral("limit=1000"));
    }

    void auditSearchLimitAndOffset()
    {
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, rest(), url(), m_clock);
        QVERIFY(login(backend));
        services::AuditLog::Query q;
        q.offset = 1;
        q.limit = 1;
        auto f = backend.searchAuditLog(q);
        AWAIT(f);
        QCOMPARE(ids(f), (QList<qint64>{8}));
    }

    void importsAreNotOffered()
    {
        FakeNam nam(restServer);
        RemoteBackend backend(&nam, rest(), url(), m_clock);
        QVERIFY(login(backend));
        const qsizetype requests = nam.seen.size();
        auto tasks = backend.importTasks("title\na\n", services::ImportExportService::Format::Csv, {});
        auto products = backend.importProducts("name,price\na,1\n", services::ImportExportService::Format::Csv, {});
        AWAIT(tasks);
        AWAIT(products);
        QCOMPARE(tasks.result().error().code, QStringLiteral("remote.unsupported"));
        QCOMPARE(products.result().error().code, QStringLiteral("remote.unsupported"));
        QCOMPARE(nam.seen.size(), requests); // nothing was sent
    }
};

QTEST_GUILESS_MAIN(TestRemoteBackendTransfer)
#include "tst_remote_backend_transfer.moc"
