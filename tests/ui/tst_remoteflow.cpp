// The desktop window in remote mode against the real reference server (and the minimal PyJWT app): login
// as admin, tasks, adding a task, the request log with Authorization redacted until revealed, a failed
// login and an unreachable server shown inline, a thin profile's server page, remember-me restored at the
// next start, and the "no keychain" message. The event loop is probed throughout.
#include "GuiFixture.h"
#include "LatencyProbe.h"
#include "TestServer.h"

#include "login/RemoteFields.h"

#include "backend/RemoteBackend.h"
#include "net/TrafficLog.h"
#include "remote/CredentialStore.h"
#include "session/SessionPage.h"
#include "session/TrafficLogModel.h"
#include "tasks/TaskTableModel.h"
#include "tasks/TasksPage.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QSslCertificate>
#include <QTableView>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

const QString kRest = QStringLiteral("Gatehouse REST");
const QString kRootPassword = QStringLiteral("root password for the gui test");

// The first account the reference server registers is its admin.
bool registerRoot(const QUrl& url)
{
    QNetworkAccessManager nam;
    core::backend::RemoteBackend backend(&nam, *core::remote::ApiProfile::builtin(kRest), url);
    auto f = backend.registerUser(QStringLiteral("root"), kRootPassword);
    return QTest::qWaitFor([&f] { return f.isFinished(); }, 20000) && f.result().ok();
}

int findRow(ui::TrafficLogModel* model, const QByteArray& method, const QString& path)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const core::net::TrafficEntry* e = model->entryAt(row);
        if (e && e->method == method && e->url.path() == path)
            return row;
    }
    return -1;
}

} // namespace

class TestRemoteFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void adminLoginTasksAndRequestLog()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerRoot(server.url()));

        RemoteGuiFixture f({});
        LatencyProbe probe;
        QVERIFY2(f.connectTo(kRest, server.url()), qPrintable(f.message()));

        // A wrong password: an inline message, no modal box, still logged out.
        f.type("usernameLineEdit", QStringLiteral("root"));
        f.type("passwordLineEdit", QStringLiteral("not the password"));
        f.click("loginPushButton");
        QTRY_VERIFY_WITH_TIMEOUT(f.message().contains(QStringLiteral("Wrong username or password")), 15000);
        QCOMPARE(f.find<ui::MessageBar>("messageBar")->kind(), ui::MessageBar::Kind::Error);
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(!f.window().session().isValid());

        f.type("passwordLineEdit", kRootPassword);
        f.click("loginPushButton");
        QVERIFY(f.waitForSession(true));
        QVERIFY(f.window().session().roles.contains(QStringLiteral("admin")));
        QVERIFY(f.tabVisible("tasksPage"));
        QVERIFY(f.tabVisible("productsPage"));
        QVERIFY(f.tabVisible("sessionPage"));
        QVERIFY(!f.tabVisible("serverInfoPage"));

        auto* model = f.find<ui::TasksPage>("tasksPage")->model();
        f.find<ui::TasksPage>("tasksPage")->reload();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, 15000);
        f.type("newTaskTitleLineEdit", QStringLiteral("Remote <b>task</b>"));
        f.click("addTaskPushButton");
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 15000);
        QCOMPARE(model->taskAt(0)->title, QStringLiteral("Remote <b>task</b>"));

        // The request log: login, the authenticated task calls, Authorization redacted until revealed.
        auto* tabs = f.find<QTabWidget>("mainTabWidget");
        tabs->setCurrentWidget(f.find<QWidget>("sessionPage"));
        auto* log = f.find<ui::SessionPage>("sessionPage")->trafficModel();
        QTRY_VERIFY_WITH_TIMEOUT(findRow(log, "POST", QStringLiteral("/tasks")) >= 0, 15000);
        QVERIFY(findRow(log, "POST", QStringLiteral("/login")) >= 0);
        const int row = findRow(log, "POST", QStringLiteral("/tasks"));
        QCOMPARE(log->index(row, ui::TrafficLogModel::StatusColumn).data().toString(), QStringLiteral("201"));
        auto* view = f.find<QTableView>("requestLogTableView");
        view->setCurrentIndex(log->index(row, 0));
        auto* details = f.find<QPlainTextEdit>("requestDetailsPlainTextEdit");
        const QString token = QString::fromLatin1(f.window().session().accessToken);
        QVERIFY(token.size() > 20);
        QVERIFY2(details->toPlainText().contains(QStringLiteral("Bearer ") +
                                                 QString::fromUtf8(core::net::TrafficLog::kRedacted)),
                 qPrintable(details->toPlainText()));
        QVERIFY(!details->toPlainText().contains(token));
        f.find<QAbstractButton>("revealSecretsCheckBox")->click();
        QVERIFY(details->toPlainText().contains(token));
        f.find<QAbstractButton>("revealSecretsCheckBox")->click();
        QVERIFY(!details->toPlainText().contains(token));

        // The token opens in the inspector.
        f.click("inspectTokenPushButton");
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("inspectorPage"));

        qInfo("longest event-loop gap: %lld ms", probe.maxGapMs());
        QVERIFY2(probe.maxGapMs() < 250, qPrintable(QString::number(probe.maxGapMs())));
    }

    void unreachableServerIsInline()
    {
        RemoteGuiFixture f({});
        QVERIFY(!f.connectTo(kRest, QUrl(QStringLiteral("http://127.0.0.1:1"))));
        QTRY_VERIFY_WITH_TIMEOUT(f.message().contains(QStringLiteral("Cannot connect")), 15000);
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(!f.window().backend());
        QVERIFY(f.find<QAbstractButton>("openDatabasePushButton")->isEnabled());
    }

    void thinProfileShowsWhatTheServerOffers()
    {
        TestServer server(QStringLiteral("minimal_pyjwt_app.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        RemoteGuiFixture f({});
        QVERIFY(f.connectTo(QStringLiteral("Flask + PyJWT (minimal)"), server.url()));
        f.click("switchModePushButton");
        f.type("usernameLineEdit", QStringLiteral("alice"));
        f.type("passwordLineEdit", QStringLiteral("alice password 1"));
        f.type("confirmPasswordLineEdit", QStringLiteral("alice password 1"));
        f.click("registerPushButton");
        QVERIFY(f.waitForSession(true));
        QVERIFY(f.tabVisible("serverInfoPage"));
        QVERIFY(!f.tabVisible("tasksPage"));
        QVERIFY(!f.tabVisible("productsPage"));
        auto* note = f.find<QLabel>("serverNoteLabel");
        QVERIFY(note->text().contains(QStringLiteral("protected dashboard")));
        QCOMPARE(note->textFormat(), Qt::PlainText);
        QCOMPARE(f.find<QTabWidget>("mainTabWidget")->currentWidget()->objectName(), QStringLiteral("serverInfoPage"));
    }

    void profileFromAJsonFile()
    {
        TestServer server(QStringLiteral("minimal_pyjwt_app.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QTemporaryDir dir;
        QJsonObject json = core::remote::ApiProfile::builtin(QStringLiteral("Flask + PyJWT (minimal)"))->toJson();
        json.insert(QStringLiteral("name"), QStringLiteral("My <b>Flask</b> app"));
        const QString good = dir.filePath(QStringLiteral("mine.json"));
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile goodFile(good);
        QVERIFY(goodFile.open(QIODevice::WriteOnly));
        goodFile.write(QJsonDocument(json).toJson());
        goodFile.close();
        QFile badFile(bad);
        QVERIFY(badFile.open(QIODevice::WriteOnly));
        badFile.write("{\"name\": \"x\", \"colour\": 1}");
        badFile.close();

        RemoteGuiFixture f({});
        auto* fields = f.find<ui::RemoteFields>("remoteFieldsWidget");
        Q_EMIT fields->profileFileChosen(bad); // what the file dialog emits
        QTRY_VERIFY_WITH_TIMEOUT(f.message().contains(QStringLiteral("cannot be used")), 10000);
        Q_EMIT fields->profileFileChosen(good);
        auto* combo = f.find<QComboBox>("remoteProfileComboBox");
        QTRY_COMPARE_WITH_TIMEOUT(combo->currentText(), QStringLiteral("My <b>Flask</b> app (file)"), 10000);
        QVERIFY(f.find<QAbstractButton>("remoteRadioButton")->isChecked());
        QVERIFY2(f.connectTo(QStringLiteral("My <b>Flask</b> app (file)"), server.url()), qPrintable(f.message()));
        QVERIFY(f.window().backend()->describe().contains(QStringLiteral("My <b>Flask</b> app")));
        f.click("switchModePushButton");
        f.type("usernameLineEdit", QStringLiteral("bob"));
        f.type("passwordLineEdit", QStringLiteral("bob password 12"));
        f.type("confirmPasswordLineEdit", QStringLiteral("bob password 12"));
        f.click("registerPushButton");
        QVERIFY(f.waitForSession(true));
        QVERIFY(f.find<QLabel>("serverNoteLabel")->text().contains(QStringLiteral("bob")));
        QCOMPARE(f.find<QLabel>("serverTitleLabel")->textFormat(), Qt::PlainText);
    }

    void rememberedSessionIsRestoredAtStart()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerRoot(server.url()));
        core::remote::MemoryCredentialStore store;
        QTemporaryDir settings;
        {
            RemoteGuiFixture f({&store, false, false, settings.path()});
            QVERIFY2(f.connectTo(kRest, server.url()), qPrintable(f.message()));
            f.type("usernameLineEdit", QStringLiteral("root"));
            f.type("passwordLineEdit", kRootPassword);
            f.find<QAbstractButton>("rememberCheckBox")->setChecked(true);
            f.click("loginPushButton");
            QVERIFY(f.waitForSession(true));
            QVERIFY(!f.window().session().remembered);
            QTRY_COMPARE_WITH_TIMEOUT(store.size(), 1, 10000);
        }
        // The next start offers the last connection and restores the session without a password.
        RemoteGuiFixture again({&store, false, true, settings.path()});
        QVERIFY(again.waitForSession(true));
        QVERIFY(again.window().session().remembered);
        QCOMPARE(again.window().session().username, QStringLiteral("root"));
        QVERIFY(again.find<QLineEdit>("remoteUrlLineEdit")->text().contains(QString::number(server.port())));
        QVERIFY(again.tabVisible("tasksPage"));
    }

    void selfSignedServerIsPinnedByFingerprint()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"), {QStringLiteral("--https")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(server.certPath());
        QVERIFY(!certs.isEmpty());
        const QString expected = core::net::fingerprintText(certs.first().digest(QCryptographicHash::Sha256));

        RemoteGuiFixture f({});
        QVERIFY(f.beginConnect(kRest, server.url()));
        // Refused until the person accepts the fingerprint, which is shown as the server's own.
        auto* trust = f.find<QAbstractButton>("trustCertificatePushButton");
        QTRY_VERIFY_WITH_TIMEOUT(trust->isVisible() && trust->isEnabled(), 15000);
        QCOMPARE(f.find<QLabel>("certificateFingerprintLabel")->text(), expected);
        QVERIFY(!f.window().backend());
        QVERIFY(!f.find<QLineEdit>("usernameLineEdit")->isEnabled());
        QVERIFY(!QApplication::activeModalWidget());

        trust->click();
        QTRY_VERIFY_WITH_TIMEOUT(f.window().backend() && f.find<QLineEdit>("usernameLineEdit")->isEnabled(), 15000);
        f.click("switchModePushButton");
        f.type("usernameLineEdit", QStringLiteral("root"));
        f.type("passwordLineEdit", kRootPassword);
        f.type("confirmPasswordLineEdit", kRootPassword);
        f.click("registerPushButton");
        QVERIFY(f.waitForSession(true));

        // The fingerprint is remembered with the connection; nothing secret is in the settings.
        QSettings settings;
        bool pinned = false;
        const QString token = QString::fromLatin1(f.window().session().accessToken);
        QVERIFY(!token.isEmpty());
        for (const QString& key : settings.allKeys()) {
            const QString value = settings.value(key).toString();
            pinned = pinned || value == expected;
            QVERIFY2(!value.contains(token) && !value.contains(kRootPassword), qPrintable(key));
        }
        QVERIFY(pinned);
        QCOMPARE(settings.value(QStringLiteral("connection/kind")).toString(), QStringLiteral("remote"));
    }

    void tooManyLoginsSayHowLongToWait()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"), {}, {QStringLiteral("GATEHOUSE_LOGIN_LIMIT=2")});
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerRoot(server.url()));
        RemoteGuiFixture f({});
        QVERIFY2(f.connectTo(kRest, server.url()), qPrintable(f.message()));
        for (int attempt = 0; attempt < 4 && !f.message().contains(QStringLiteral("Try again in")); ++attempt) {
            QTRY_VERIFY_WITH_TIMEOUT(f.find<QAbstractButton>("loginPushButton")->isEnabled(), 15000);
            f.type("usernameLineEdit", QStringLiteral("root"));
            f.type("passwordLineEdit", QStringLiteral("wrong password"));
            f.click("loginPushButton");
            QTRY_VERIFY_WITH_TIMEOUT(!f.message().isEmpty() && f.find<QAbstractButton>("loginPushButton")->isEnabled(),
                                     15000);
        }
        QVERIFY2(f.message().contains(QStringLiteral("Try again in")), qPrintable(f.message()));
        QVERIFY(f.message().contains(QStringLiteral("seconds")));
        QVERIFY(!QApplication::activeModalWidget());
    }

    void withoutKeychainTheSessionLastsUntilClose()
    {
        TestServer server(QStringLiteral("gatehouse_server.py"));
        QVERIFY2(server.start(), qPrintable(server.lastError()));
        QVERIFY(registerRoot(server.url()));
        RemoteGuiFixture f({nullptr, true, false, {}});
        QVERIFY2(f.connectTo(kRest, server.url()), qPrintable(f.message()));
        f.type("usernameLineEdit", QStringLiteral("root"));
        f.type("passwordLineEdit", kRootPassword);
        f.find<QAbstractButton>("rememberCheckBox")->setChecked(true);
        f.click("loginPushButton");
        QVERIFY(f.waitForSession(true));
        QTRY_VERIFY_WITH_TIMEOUT(f.message().contains(QStringLiteral("until Gatehouse closes")), 10000);
        QCOMPARE(f.find<ui::MessageBar>("messageBar")->kind(), ui::MessageBar::Kind::Warning);
    }
};

QTEST_MAIN(TestRemoteFlow)
#include "tst_remoteflow.moc"
