// The "Current session" view on a hand-made traffic log and cookie jar: the cookie round trip (the
// response that set a cookie, the requests that carried it back), redaction until "Reveal secrets", and
// the token handed to the inspector.
#include "GuiFixture.h"

#include "backend/Backend.h"
#include "inspector/InspectorPage.h"
#include "net/HttpClient.h"
#include "net/TrafficLog.h"
#include "session/CookieRoundTrip.h"
#include "session/SessionPage.h"
#include "session/TrafficLogModel.h"

#include <QAbstractButton>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace gatehouse;
using core::net::TrafficEntry;

namespace {

const QUrl kLogin(QStringLiteral("http://127.0.0.1:5000/login"));
const QUrl kDashboard(QStringLiteral("http://127.0.0.1:5000/dashboard"));

TrafficEntry entry(const QByteArray& method, const QUrl& url, int status)
{
    TrafficEntry e;
    e.method = method;
    e.url = url;
    e.status = status;
    e.elapsedMs = 12;
    return e;
}

// login sets "session", the dashboard sends it back, a second dashboard call sends it back again and
// carries the bearer token.
void fill(core::net::HttpClient& client)
{
    TrafficEntry login = entry("POST", kLogin, 200);
    login.setCookies = {QByteArrayLiteral("session=s3cr3t-cookie-value; HttpOnly; Path=/; SameSite=Lax")};
    login.responseHeaders = {{"Set-Cookie", login.setCookies.first()}, {"Content-Type", "application/json"}};
    QVERIFY(client.cookies().setCookie(kLogin, login.setCookies.first()).ok());
    client.trafficLog().add(login);
    for (int i = 0; i < 2; ++i) {
        TrafficEntry get = entry("GET", kDashboard, 200);
        get.requestHeaders = {{"Cookie", "other=1; session=s3cr3t-cookie-value"},
                              {"Authorization", "Bearer aaa.bbb.ccc-secret"}};
        client.trafficLog().add(get);
    }
}

} // namespace

class TestSessionView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cookieNames_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QList<QByteArray>>("names");
        QTest::newRow("one") << QByteArray("a=1") << QList<QByteArray>{"a"};
        QTest::newRow("two") << QByteArray("a=1; b=2") << QList<QByteArray>{"a", "b"};
        QTest::newRow("spaces") << QByteArray(" a = 1 ;b=") << QList<QByteArray>{"a", "b"};
        QTest::newRow("nameless") << QByteArray("justvalue; c=3") << QList<QByteArray>{"", "c"};
        QTest::newRow("empty") << QByteArray("") << QList<QByteArray>{};
    }
    void cookieNames()
    {
        QFETCH(QByteArray, header);
        QFETCH(QList<QByteArray>, names);
        QCOMPARE(ui::CookieRoundTrip::cookieNames(header), names);
    }

    void setCookieName()
    {
        QCOMPARE(ui::CookieRoundTrip::setCookieName("sid=1; Path=/"), QByteArray("sid"));
        QCOMPARE(ui::CookieRoundTrip::setCookieName("sid=1"), QByteArray("sid"));
        QCOMPARE(ui::CookieRoundTrip::setCookieName("novalue; Path=/"), QByteArray());
    }

    void roundTrip()
    {
        QNetworkAccessManager nam;
        core::net::HttpClient client(&nam);
        fill(client);
        const ui::CookieRoundTrip trip = ui::CookieRoundTrip::find(client.trafficLog().entries(), "session");
        QCOMPARE(trip.setBy, (QList<quint64>{1}));
        QCOMPARE(trip.carriedBy, (QList<quint64>{2, 3}));
        // "sess" is a prefix of the name, not the name.
        QVERIFY(ui::CookieRoundTrip::find(client.trafficLog().entries(), "sess").carriedBy.isEmpty());
        QCOMPARE(ui::CookieRoundTrip::find(client.trafficLog().entries(), "other").carriedBy.size(), 2);
    }

    void pageShowsRoundTripRedacted()
    {
        QNetworkAccessManager nam;
        core::net::HttpClient client(&nam);
        ui::SessionPage page;
        page.setHttpClient(&client);
        core::backend::SessionInfo session;
        session.username = QStringLiteral("alice");
        session.roles = {QStringLiteral("user")};
        session.accessToken = "aaa.bbb.ccc-secret";
        page.setSession(session);
        page.show();
        fill(client); // traffic arriving while the page is up

        auto* log = page.trafficModel();
        QTRY_COMPARE(log->rowCount(), 3);
        auto* cookies = page.findChild<QTableWidget*>(QStringLiteral("sessionCookiesTableWidget"));
        QTRY_COMPARE(cookies->rowCount(), 1);
        QCOMPARE(cookies->item(0, 0)->text(), QStringLiteral("session"));
        QCOMPARE(cookies->item(0, 1)->text(), QString::fromUtf8(core::net::TrafficLog::kRedacted));
        QCOMPARE(cookies->item(0, 8)->text(), QStringLiteral("#1"));
        QVERIFY(cookies->item(0, 9)->text().startsWith(QStringLiteral("2 ")));

        // Selecting the cookie marks its round trip in the request log.
        cookies->selectRow(0);
        QCOMPARE(log->index(0, ui::TrafficLogModel::RoundTripColumn).data().toString(), QStringLiteral("Set-Cookie"));
        QCOMPARE(log->index(1, ui::TrafficLogModel::RoundTripColumn).data().toString(), QStringLiteral("sent back"));
        QCOMPARE(log->index(2, ui::TrafficLogModel::RoundTripColumn).data().toString(), QStringLiteral("sent back"));

        // Headers: redacted until revealed, and again after.
        auto* view = page.findChild<QTableView*>(QStringLiteral("requestLogTableView"));
        auto* details = page.findChild<QPlainTextEdit*>(QStringLiteral("requestDetailsPlainTextEdit"));
        view->setCurrentIndex(log->index(1, 0));
        QVERIFY(!details->toPlainText().contains(QStringLiteral("ccc-secret")));
        QVERIFY(!details->toPlainText().contains(QStringLiteral("s3cr3t")));
        QVERIFY(details->toPlainText().contains(QStringLiteral("Authorization: Bearer")));
        auto* token = page.findChild<QLineEdit*>(QStringLiteral("sessionTokenLineEdit"));
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        page.findChild<QAbstractButton*>(QStringLiteral("revealSecretsCheckBox"))->click();
        QVERIFY(details->toPlainText().contains(QStringLiteral("ccc-secret")));
        QCOMPARE(cookies->item(0, 1)->text(), QStringLiteral("s3cr3t-cookie-value"));
        QCOMPARE(token->echoMode(), QLineEdit::Normal);

        // A new session drops the reveal.
        session.accessToken = "ddd.eee.fff";
        page.setSession(session);
        QVERIFY(!page.isRevealed());
        QVERIFY(!details->toPlainText().contains(QStringLiteral("ccc-secret")));

        // The token and the cookie's Set-Cookie line go to the inspector on request.
        QSignalSpy inspect(&page, &ui::SessionPage::inspectRequested);
        page.findChild<QAbstractButton*>(QStringLiteral("inspectTokenPushButton"))->click();
        cookies->selectRow(0);
        page.findChild<QAbstractButton*>(QStringLiteral("inspectCookiePushButton"))->click();
        QCOMPARE(inspect.size(), 2);
        QCOMPARE(inspect.at(0).at(0).toString(), QStringLiteral("ddd.eee.fff"));
        QVERIFY(inspect.at(1).at(0).toString().startsWith(QStringLiteral("Set-Cookie: session=s3cr3t-cookie-value")));
    }

    void localSessionTokenOpensInTheInspector()
    {
        test::GuiFixture f;
        QVERIFY(!f.tabVisible("sessionPage"));
        f.createFirstAdmin();
        QVERIFY(f.tabVisible("sessionPage"));
        auto* tabs = f.find<QTabWidget>("mainTabWidget");
        tabs->setCurrentWidget(f.find<QWidget>("sessionPage"));
        auto* token = f.find<QLineEdit>("sessionTokenLineEdit");
        QCOMPARE(token->text().toLatin1(), f.window().session().accessToken);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        QVERIFY(!f.find<QTableView>("requestLogTableView")->isVisible());
        f.click("inspectTokenPushButton");
        auto* inspector = f.find<ui::InspectorPage>("inspectorPage");
        QCOMPARE(tabs->currentWidget(), inspector);
        QTRY_COMPARE_WITH_TIMEOUT(inspector->kind(), ui::InspectorPage::Kind::Jwt, 10000);
        f.logout();
        QVERIFY(!f.tabVisible("sessionPage"));
    }

    void localModeHasNoLog()
    {
        ui::SessionPage page;
        page.setHttpClient(nullptr);
        page.show();
        QVERIFY(!page.findChild<QTableView*>(QStringLiteral("requestLogTableView"))->isVisible());
        QCOMPARE(page.trafficModel()->rowCount(), 0);
    }
};

QTEST_MAIN(TestSessionView)
#include "tst_sessionview.moc"
