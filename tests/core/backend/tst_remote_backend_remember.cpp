// "Remember me" through RemoteBackend with a fake CredentialStore and a fake network (no sockets, no
// keychain): what login(remember) stores, every answer of restoreSession() (valid, refreshed, expired,
// refused, server down, nothing stored, and each vault state), and logout removing the entry.
#include "../net/FakeNetwork.h"

#include "backend/RemoteBackend.h"
#include "common/Clock.h"
#include "remote/ApiProfile.h"
#include "remote/CredentialStore.h"

#include <QHash>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace gatehouse::core;
using namespace gatehouse::core::backend;
using namespace gatehouse::core::remote;
using fakenet::Canned;
using fakenet::FakeNam;
using fakenet::Seen;

#define AWAIT(future) QTRY_VERIFY_WITH_TIMEOUT((future).isFinished(), 5000)

namespace {

constexpr qint64 kNow = 1'900'000'000;
const QString kOrigin = QStringLiteral("http://api.test:80");

// A keychain stand-in: answers later on the event loop, can be told to fail each operation with a code.
class FakeStore final : public QObject, public CredentialStore
{
public:
    QHash<QString, StoredSession> entries; // key: origin + '|' + username
    QString lastUser;
    QString loadError, saveError, removeError;
    int loads = 0, saves = 0, removes = 0;

    static QString key(const QString& origin, const QString& username) { return origin + QLatin1Char('|') + username; }

    void load(const QString& origin, const QString& username, LoadCallback done) override
    {
        ++loads;
        Result<std::optional<StoredSession>> r = std::optional<StoredSession>();
        if (!loadError.isEmpty())
            r = Error::make(loadError, QStringLiteral("The keychain said %1.").arg(loadError));
        else if (entries.contains(key(origin, username)))
            r = std::optional<StoredSession>(entries.value(key(origin, username)));
        QTimer::singleShot(0, this, [done, r]() { done(r); });
    }
    void save(const QString& origin, const QString& username, const StoredSession& session, DoneCallback done) override
    {
        ++saves;
        Status s;
        if (!saveError.isEmpty()) {
            s = Error::make(saveError, QStringLiteral("The keychain said %1.").arg(saveError));
        } else {
            entries.insert(key(origin, username), session);
            lastUser = username;
        }
        QTimer::singleShot(0, this, [done, s]() { done(s); });
    }
    void remove(const QString& origin, const QString& username, DoneCallback done) override
    {
        ++removes;
        Status s;
        if (!removeError.isEmpty()) {
            s = Error::make(removeError, QStringLiteral("The keychain said %1.").arg(removeError));
        } else {
            entries.remove(key(origin, username));
            if (lastUser == username)
                lastUser.clear();
        }
        QTimer::singleShot(0, this, [done, s]() { done(s); });
    }
    QString rememberedUsername(const QString&) const override { return lastUser; }
};

// The Gatehouse REST calls the backend makes, with tokens the test controls.
struct FakeRest
{
    QByteArray access = fakenet::tokenWithExp(kNow + 900, "a1");
    QByteArray refreshed = fakenet::tokenWithExp(kNow + 900, "a2");
    bool refreshRefused = false;
    bool meRefused = false;

    Canned operator()(const Seen& s) const
    {
        const QString p = s.path();
        if (p == QLatin1String("/login"))
            return Canned::json(200, R"({"access_token":")" + access + R"(","refresh_token":"r1","expires_in":900})");
        if (p == QLatin1String("/refresh")) {
            if (refreshRefused || s.header("Authorization") != "Bearer r1")
                return Canned::json(401, R"({"msg":"Token has been revoked"})");
            return Canned::json(200, R"({"access_token":")" + refreshed + R"(","expires_in":900})");
        }
        if (p == QLatin1String("/me")) {
            if (meRefused)
                return Canned::json(401, R"({"msg":"Token has been revoked"})");
            return Canned::json(200, R"({"id":7,"username":"ada","roles":["viewer"],"permissions":["task.read"]})");
        }
        if (p == QLatin1String("/logout"))
            return Canned::json(200, "{}");
        return Canned::json(404, "{}");
    }
};

StoredSession stored(const QByteArray& access, const QByteArray& refresh)
{
    StoredSession s;
    s.accessToken = access;
    s.refreshToken = refresh;
    return s;
}

} // namespace

class TestRemoteBackendRemember : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{kNow};
    ApiProfile rest() const { return *ApiProfile::builtin(QStringLiteral("Gatehouse REST")); }
    QUrl url() const { return QUrl(QStringLiteral("http://api.test")); }

private Q_SLOTS:
    void rememberStoresTheTokens()
    {
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        QVERIFY(backend.rememberedUsername().isEmpty());
        auto login = backend.login(QStringLiteral("ada"), QStringLiteral("pw"), true);
        AWAIT(login);
        QVERIFY(login.result().ok());
        QVERIFY(login.result().value().rememberError.code.isEmpty());
        QVERIFY(!login.result().value().remembered); // typed in, not restored
        QCOMPARE(store.saves, 1);
        const StoredSession s = store.entries.value(FakeStore::key(kOrigin, QStringLiteral("ada")));
        QCOMPARE(s.accessToken, api.access);
        QCOMPARE(s.refreshToken, QByteArray("r1"));
        QCOMPARE(backend.rememberedUsername(), QStringLiteral("ada"));
    }

    void withoutRememberNothingIsStored()
    {
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto login = backend.login(QStringLiteral("ada"), QStringLiteral("pw"), false);
        AWAIT(login);
        QVERIFY(login.result().ok());
        QCOMPARE(store.saves, 0);
        QVERIFY(store.entries.isEmpty());
    }

    void keychainRefusalStillLogsIn_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("no keychain service") << "vault.unavailable";
        QTest::newRow("locked") << "vault.locked";
        QTest::newRow("access denied") << "vault.denied";
        QTest::newRow("timeout") << "vault.timeout";
    }

    void keychainRefusalStillLogsIn()
    {
        QFETCH(QString, code);
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        store.saveError = code;
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto login = backend.login(QStringLiteral("ada"), QStringLiteral("pw"), true);
        AWAIT(login);
        QVERIFY(login.result().ok());
        QCOMPARE(login.result().value().rememberError.code, code);
        QVERIFY(!login.result().value().rememberError.message.isEmpty());
        QVERIFY(backend.session().isValid());
        QVERIFY(store.entries.isEmpty());
    }

    void noStoreAtAllSaysUnavailable()
    {
        FakeRest api;
        FakeNam nam(api);
        RemoteBackend backend(&nam, rest(), url(), m_clock, nullptr);
        auto login = backend.login(QStringLiteral("ada"), QStringLiteral("pw"), true);
        AWAIT(login);
        QVERIFY(login.result().ok());
        QCOMPARE(login.result().value().rememberError.code, QStringLiteral("vault.unavailable"));
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QVERIFY(restored.result().ok() && !restored.result().value().isValid());
    }

    void restoreValidTokenUsesIt()
    {
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        store.entries.insert(FakeStore::key(kOrigin, QStringLiteral("ada")), stored(api.access, "r1"));
        store.lastUser = QStringLiteral("ada");
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        QCOMPARE(backend.rememberedUsername(), QStringLiteral("ada"));
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QVERIFY2(restored.result().ok(),
                 qPrintable(restored.result().ok() ? QString() : restored.result().error().code));
        const SessionInfo info = restored.result().value();
        QVERIFY(info.isValid());
        QVERIFY(info.remembered);
        QCOMPARE(info.username, QStringLiteral("ada"));
        QCOMPARE(info.expiresAt, kNow + 900);
        QCOMPARE(nam.seen.size(), 1);
        QCOMPARE(nam.seen[0].path(), QStringLiteral("/me"));
        QCOMPARE(nam.seen[0].header("Authorization"), "Bearer " + api.access);
    }

    void restoreExpiredButRefreshableRefreshes()
    {
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        store.entries.insert(FakeStore::key(kOrigin, QStringLiteral("ada")),
                             stored(fakenet::tokenWithExp(kNow - 60, "old"), "r1"));
        store.lastUser = QStringLiteral("ada");
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QVERIFY(restored.result().ok());
        QVERIFY(restored.result().value().remembered);
        QCOMPARE(nam.seen.size(), 2);
        QCOMPARE(nam.seen[0].path(), QStringLiteral("/refresh"));
        QCOMPARE(nam.seen[1].header("Authorization"), "Bearer " + api.refreshed);
        // The renewed token replaced the stale one in the keychain.
        QTRY_COMPARE(store.entries.value(FakeStore::key(kOrigin, QStringLiteral("ada"))).accessToken, api.refreshed);
    }

    void restoreExpiredNotRefreshableIsExpiredAndForgotten()
    {
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        store.entries.insert(FakeStore::key(kOrigin, QStringLiteral("ada")),
                             stored(fakenet::tokenWithExp(kNow - 60, "old"), {}));
        store.lastUser = QStringLiteral("ada");
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        QSignalSpy ended(&backend, &RemoteBackend::sessionEnded);
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QCOMPARE(restored.result().ok() ? QString() : restored.result().error().code, QStringLiteral("auth.expired"));
        QVERIFY(nam.seen.isEmpty());
        QTRY_VERIFY(store.entries.isEmpty());
        QVERIFY(backend.rememberedUsername().isEmpty());
        QVERIFY(!backend.session().isValid());
        QCOMPARE(ended.count(), 0);
    }

    void restoreRefusedByServerIsExpiredAndForgotten_data()
    {
        QTest::addColumn<bool>("expiredLocally");
        QTest::newRow("refresh refused") << true;
        QTest::newRow("deny-listed token (valid exp)") << false;
    }

    void restoreRefusedByServerIsExpiredAndForgotten()
    {
        QFETCH(bool, expiredLocally);
        FakeRest api;
        api.refreshRefused = true;
        api.meRefused = true;
        FakeNam nam(api);
        FakeStore store;
        store.entries.insert(FakeStore::key(kOrigin, QStringLiteral("ada")),
                             stored(expiredLocally ? fakenet::tokenWithExp(kNow - 60, "old") : api.access, "r1"));
        store.lastUser = QStringLiteral("ada");
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        QSignalSpy ended(&backend, &RemoteBackend::sessionEnded);
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QCOMPARE(restored.result().ok() ? QString() : restored.result().error().code, QStringLiteral("auth.expired"));
        QTRY_VERIFY(store.entries.isEmpty());
        QCOMPARE(nam.count(QStringLiteral("/refresh")), 1);
        QCOMPARE(ended.count(), 0);
        QVERIFY(!backend.session().isValid());
    }

    void restoreWithServerDownKeepsTheEntry()
    {
        FakeNam nam([](const Seen&) { return Canned::failure(QNetworkReply::ConnectionRefusedError); });
        FakeStore store;
        store.entries.insert(FakeStore::key(kOrigin, QStringLiteral("ada")),
                             stored(fakenet::tokenWithExp(kNow - 60, "old"), "r1"));
        store.lastUser = QStringLiteral("ada");
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QCOMPARE(restored.result().ok() ? QString() : restored.result().error().code,
                 QStringLiteral("network.unreachable"));
        QCOMPARE(store.entries.size(), 1);
        QCOMPARE(store.removes, 0);
        QVERIFY(!backend.session().isValid());
    }

    void restoreTellsTheVaultStatesApart_data()
    {
        QTest::addColumn<QString>("loadError");
        QTest::newRow("no keychain service") << "vault.unavailable";
        QTest::newRow("locked") << "vault.locked";
        QTest::newRow("access denied") << "vault.denied";
        QTest::newRow("timeout") << "vault.timeout";
    }

    void restoreTellsTheVaultStatesApart()
    {
        QFETCH(QString, loadError);
        FakeNam nam(FakeRest{});
        FakeStore store;
        store.lastUser = QStringLiteral("ada");
        store.loadError = loadError;
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QCOMPARE(restored.result().ok() ? QString() : restored.result().error().code, loadError);
        QVERIFY(nam.seen.isEmpty());
        QCOMPARE(store.removes, 0);
    }

    void restoreWithNothingStoredIsAnEmptySession()
    {
        FakeNam nam(FakeRest{});
        FakeStore store;
        store.lastUser = QStringLiteral("ada"); // remembered name, but the entry is gone
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QVERIFY(restored.result().ok());
        QVERIFY(!restored.result().value().isValid());
        QCOMPARE(store.loads, 1);

        store.lastUser.clear(); // nobody remembered: the keychain is not even asked
        auto again = backend.restoreSession();
        AWAIT(again);
        QVERIFY(again.result().ok() && !again.result().value().isValid());
        QCOMPARE(store.loads, 1);
        QVERIFY(nam.seen.isEmpty());
    }

    void logoutRemovesTheEntry()
    {
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto login = backend.login(QStringLiteral("ada"), QStringLiteral("pw"), true);
        AWAIT(login);
        QCOMPARE(store.entries.size(), 1);
        auto out = backend.logout();
        AWAIT(out);
        QVERIFY(out.result().ok());
        QVERIFY(store.entries.isEmpty());
        QVERIFY(backend.rememberedUsername().isEmpty());
        QCOMPARE(nam.seen.last().path(), QStringLiteral("/logout"));
        QVERIFY(!backend.session().isValid());
    }

    void logoutReportsAKeychainThatCouldNotForget()
    {
        FakeRest api;
        FakeNam nam(api);
        FakeStore store;
        RemoteBackend backend(&nam, rest(), url(), m_clock, &store);
        auto login = backend.login(QStringLiteral("ada"), QStringLiteral("pw"), true);
        AWAIT(login);
        store.removeError = QStringLiteral("vault.locked");
        auto out = backend.logout();
        AWAIT(out);
        QCOMPARE(out.result().ok() ? QString() : out.result().error().code, QStringLiteral("vault.locked"));
        QVERIFY(!backend.session().isValid()); // memory is wiped regardless
    }

    void sessionCookieIsRememberedAndRestored()
    {
        const auto handler = [](const Seen& s) {
            if (s.path() == QLatin1String("/login"))
                return Canned::json(200, R"({"ok":true})").with("Set-Cookie", "session=flask-cookie; Path=/; HttpOnly");
            if (s.path() == QLatin1String("/dashboard")) {
                if (!s.header("Cookie").contains("session=flask-cookie"))
                    return Canned::json(401, R"({"message":"login required"})");
                return Canned::json(200, R"({"message":"Hello ada"})");
            }
            return Canned::json(200, "{}");
        };
        const ApiProfile profile = *ApiProfile::builtin(QStringLiteral("Flask-Login session"));
        FakeStore store;
        {
            FakeNam nam(handler);
            RemoteBackend backend(&nam, profile, url(), m_clock, &store);
            auto login = backend.login(QStringLiteral("ada"), QStringLiteral("pw"), true);
            AWAIT(login);
            QVERIFY(login.result().ok());
            QVERIFY(login.result().value().rememberError.code.isEmpty());
        }
        const StoredSession s = store.entries.value(FakeStore::key(kOrigin, QStringLiteral("ada")));
        QVERIFY(s.sessionCookie.contains("session=flask-cookie"));
        // A new backend (the app restarted) gets the cookie back from the store.
        FakeNam nam(handler);
        RemoteBackend backend(&nam, profile, url(), m_clock, &store);
        auto restored = backend.restoreSession();
        AWAIT(restored);
        QVERIFY(restored.result().ok());
        QVERIFY(restored.result().value().remembered);
        QCOMPARE(backend.capabilities().serverNote, QStringLiteral("Hello ada"));
    }
};

QTEST_GUILESS_MAIN(TestRemoteBackendRemember)
#include "tst_remote_backend_remember.moc"
