// Local mode against a real Flask + Flask-SQLAlchemy app (tests/interop/flask_local_app/app.py, run with
// GATEHOUSE_PYTHON: Debian's flask 2.2, flask_sqlalchemy, werkzeug 2.2) on a free loopback port:
// - Gatehouse creates and edits a database; the Flask app starts on it, logs a Gatehouse-created user in over
//   HTTP and lists Gatehouse's tasks and products.
// - Flask registers users (werkzeug's default pbkdf2 and the legacy "sha256$" method); Gatehouse logs them
//   in and upgrades the legacy hash, and Flask still logs them in afterwards.
// - Gatehouse adopts a database that Flask created, with a backup.
// A missing Python, Flask or Flask-SQLAlchemy fails the test; it never skips. The server is always stopped.
#include "common/Clock.h"
#include "services/AccountService.h"
#include "services/ProductService.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/InMemorySigningKeyStore.h"
#include "store/SqlStatement.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace gatehouse::core;
using namespace gatehouse::core::services;

namespace {

const QString kApp = QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/interop/flask_local_app/app.py");
const QString kAdminPassword = QStringLiteral("gatehouse-admin-pass-1");
const QString kUserPassword = QStringLiteral("gatehouse-user-pass-22");
const QString kFlaskPassword = QStringLiteral("flask-registered-pass-333");
const QString kPayload = QStringLiteral("<b>x</b>'; DROP TABLE task; --");

// The Flask server as a child process; the destructor always stops it.
class FlaskServer
{
public:
    ~FlaskServer() { stop(); }

    bool start(const QString& dbPath, QString& why)
    {
        m_process.setProgram(QStringLiteral(GATEHOUSE_PYTHON));
        m_process.setArguments({kApp, QStringLiteral("serve"), dbPath});
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            why = QStringLiteral("cannot start %1: %2").arg(QStringLiteral(GATEHOUSE_PYTHON), m_process.errorString());
            return false;
        }
        // The app prints {"port": N} once it is listening.
        QByteArray line;
        while (!line.contains('\n')) {
            if (!m_process.waitForReadyRead(30000)) {
                why = QStringLiteral("the Flask app did not start: %1")
                          .arg(QString::fromUtf8(m_process.readAllStandardError().right(2000)));
                return false;
            }
            line += m_process.readAllStandardOutput();
        }
        m_port = QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object().value(QStringLiteral("port")).toInt();
        if (m_port <= 0) {
            why = QStringLiteral("no port from the Flask app: %1").arg(QString::fromUtf8(line));
            return false;
        }
        return true;
    }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }

    QUrl url(const QString& path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)); }

private:
    QProcess m_process;
    int m_port = 0;
};

// One HTTP client with its own cookie jar (a browser session); waits with QSignalSpy.
class HttpClient
{
public:
    HttpClient()
    {
        m_nam.setProxy(QNetworkProxy::NoProxy);
        m_nam.setCookieJar(new QNetworkCookieJar(&m_nam));
    }

    struct Response
    {
        int status = 0;
        QJsonDocument json;
    };

    Response send(const QByteArray& verb, const QUrl& url, const QJsonObject& body = {})
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply =
            verb == "GET" ? m_nam.get(request)
                          : m_nam.sendCustomRequest(request, verb, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(20000);
        Response r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.json = QJsonDocument::fromJson(reply->readAll());
        reply->deleteLater();
        return r;
    }

    Response login(const FlaskServer& server, const QString& username, const QString& password)
    {
        return send("POST", server.url(QStringLiteral("/login")),
                    {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    }

private:
    QNetworkAccessManager m_nam;
};

// Gatehouse's side, opened on a file and closed again (so each side sees the other's committed writes).
struct Gatehouse
{
    FixedClock clock{1760000000};
    store::InMemorySigningKeyStore keys;
    std::shared_ptr<store::Database> db;
    std::unique_ptr<AccountService> accounts;
    std::unique_ptr<TaskService> tasks;
    std::unique_ptr<ProductService> products;

    bool open(const QString& path, QString& why)
    {
        store::Database::Options o;
        o.clock = &clock;
        auto opened = store::Database::open(path, o);
        if (!opened) {
            why = opened.error().code + QLatin1Char(' ') + opened.error().message;
            return false;
        }
        db = opened.value();
        ServiceContext ctx;
        ctx.db = db;
        ctx.clock = &clock;
        ctx.keys = &keys;
        ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(1000); // cheap; werkzeug reads any iteration count
        accounts = std::make_unique<AccountService>(ctx);
        tasks = std::make_unique<TaskService>(ctx);
        products = std::make_unique<ProductService>(ctx);
        return true;
    }

    QString hashOf(const QString& username) const
    {
        auto c = db->connection();
        auto v = store::SqlStatement::scalar(
            c.value(), QStringLiteral("SELECT password FROM \"user\" WHERE username = ?"), {username});
        return v ? v.value().toString() : QString();
    }
};

QStringList field(const QJsonDocument& doc, const QString& name)
{
    QStringList out;
    for (const QJsonValue& v : doc.array())
        out << v.toObject().value(name).toVariant().toString();
    return out;
}

} // namespace

class TestFlaskLocalInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void flaskServesGatehouseDatabaseAndBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("app.db"));
        QString why;
        {
            Gatehouse gh;
            QVERIFY2(gh.open(path, why), qPrintable(why));
            auto admin = gh.accounts->createFirstAdmin(QStringLiteral("gh_admin"), kAdminPassword);
            QVERIFY(admin.ok());
            QVERIFY(gh.accounts->registerUser(QStringLiteral("gh_user"), kUserPassword).ok());
            QVERIFY(gh.tasks->create(admin.value(), QStringLiteral("first task")).ok());
            auto done = gh.tasks->create(admin.value(), kPayload, QStringLiteral("a description Flask does not know"));
            QVERIFY(done.ok());
            QVERIFY(gh.tasks->setCompleted(admin.value(), done.value().id, true).ok());
            QVERIFY(gh.products->create(admin.value(), QStringLiteral("Widget"), 9.5).ok());
            QVERIFY(gh.products->create(admin.value(), QStringLiteral("Gadget"), 0.25).ok());
        }

        {
            FlaskServer flask;
            QVERIFY2(flask.start(path, why), qPrintable(why));
            HttpClient anonymous;
            QCOMPARE(anonymous.send("GET", flask.url(QStringLiteral("/tasks"))).status, 401);
            QCOMPARE(anonymous.login(flask, QStringLiteral("gh_user"), QStringLiteral("wrong password!!")).status, 401);

            HttpClient client;
            const auto login = client.login(flask, QStringLiteral("gh_user"), kUserPassword);
            QCOMPARE(login.status, 200);
            const auto tasks = client.send("GET", flask.url(QStringLiteral("/tasks")));
            QCOMPARE(tasks.status, 200);
            QCOMPARE(field(tasks.json, QStringLiteral("title")), (QStringList{QStringLiteral("first task"), kPayload}));
            QCOMPARE(field(tasks.json, QStringLiteral("completed")),
                     (QStringList{QStringLiteral("false"), QStringLiteral("true")}));
            const auto products = client.send("GET", flask.url(QStringLiteral("/products")));
            QCOMPARE(field(products.json, QStringLiteral("name")),
                     (QStringList{QStringLiteral("Widget"), QStringLiteral("Gadget")}));
            QCOMPARE(products.json.array().at(1).toObject().value(QStringLiteral("price")).toDouble(), 0.25);
            QCOMPARE(client.login(flask, QStringLiteral("gh_admin"), kAdminPassword).status, 200);

            // Flask registers two users and adds a task of its own.
            QCOMPARE(client
                         .send("POST", flask.url(QStringLiteral("/register")),
                               {{QStringLiteral("username"), QStringLiteral("flask_modern")},
                                {QStringLiteral("password"), kFlaskPassword}})
                         .status,
                     201);
            QCOMPARE(client
                         .send("POST", flask.url(QStringLiteral("/register")),
                               {{QStringLiteral("username"), QStringLiteral("flask_legacy")},
                                {QStringLiteral("password"), kFlaskPassword},
                                {QStringLiteral("method"), QStringLiteral("sha256")}})
                         .status,
                     201);
            QCOMPARE(client
                         .send("POST", flask.url(QStringLiteral("/tasks")),
                               {{QStringLiteral("title"), QStringLiteral("from flask")}})
                         .status,
                     201);
        } // Flask stops here

        {
            Gatehouse gh;
            QVERIFY2(gh.open(path, why), qPrintable(why));
            QVERIFY2(gh.hashOf(QStringLiteral("flask_legacy")).startsWith(QLatin1String("sha256$")),
                     qPrintable(gh.hashOf(QStringLiteral("flask_legacy")).left(10)));
            QVERIFY(gh.hashOf(QStringLiteral("flask_modern")).startsWith(QLatin1String("pbkdf2:sha256:")));

            auto wrong = gh.accounts->login(QStringLiteral("flask_legacy"), QStringLiteral("not the password"));
            QCOMPARE(wrong.error().code, QStringLiteral("auth.invalid"));
            auto legacy = gh.accounts->login(QStringLiteral("flask_legacy"), kFlaskPassword);
            QVERIFY2(legacy.ok(), qPrintable(legacy.ok() ? QString() : legacy.error().code));
            QVERIFY(legacy.value().hashUpgraded);
            QVERIFY(gh.hashOf(QStringLiteral("flask_legacy")).startsWith(QLatin1String("pbkdf2:sha256:1000$")));
            auto modern = gh.accounts->login(QStringLiteral("flask_modern"), kFlaskPassword);
            QVERIFY(modern.ok());
            QVERIFY(!modern.value().hashUpgraded); // werkzeug's 260000 iterations are above this policy
            // Flask's users became ordinary users; the task Flask made has no owner, so only view_all sees it.
            auto theirTasks = gh.tasks->list(modern.value().principal, {});
            QVERIFY(theirTasks.ok());
            QCOMPARE(theirTasks.value().total, 0);
            auto admin = gh.accounts->login(QStringLiteral("gh_admin"), kAdminPassword);
            auto all = gh.tasks->list(admin.value().principal, {});
            QCOMPARE(all.value().total, 3);
            QCOMPARE(all.value().items.last().title, QStringLiteral("from flask"));
        }

        {
            // The upgraded hash still works for Flask.
            FlaskServer flask;
            QVERIFY2(flask.start(path, why), qPrintable(why));
            HttpClient client;
            QCOMPARE(client.login(flask, QStringLiteral("flask_legacy"), kFlaskPassword).status, 200);
            QCOMPARE(client.login(flask, QStringLiteral("flask_legacy"), QStringLiteral("wrong")).status, 401);
        }
    }

    // Flask adds, renames, completes and deletes tasks on a Gatehouse file: its plain INSERT/UPDATE/DELETE
    // pass through Gatehouse's triggers, and Gatehouse's search index (FTS5 trigram) follows every change.
    void flaskWritesKeepTheSearchIndex()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("search.db"));
        QString why;
        qint64 alpha = 0, beta = 0;
        {
            Gatehouse gh;
            QVERIFY2(gh.open(path, why), qPrintable(why));
            auto admin = gh.accounts->createFirstAdmin(QStringLiteral("gh_admin"), kAdminPassword);
            QVERIFY(admin.ok());
            alpha =
                gh.tasks->create(admin.value(), QStringLiteral("alpha report"), QStringLiteral("a needle")).value().id;
            beta = gh.tasks->create(admin.value(), QStringLiteral("beta report")).value().id;
            QVERIFY(gh.tasks->create(admin.value(), QStringLiteral("gamma")).ok());
        }
        {
            FlaskServer flask;
            QVERIFY2(flask.start(path, why), qPrintable(why));
            HttpClient client;
            QCOMPARE(client.login(flask, QStringLiteral("gh_admin"), kAdminPassword).status, 200);
            QCOMPARE(client
                         .send("POST", flask.url(QStringLiteral("/tasks")),
                               {{QStringLiteral("title"), QStringLiteral("flask delta report")}})
                         .status,
                     201);
            QCOMPARE(client
                         .send("PATCH", flask.url(QStringLiteral("/tasks/%1").arg(alpha)),
                               {{QStringLiteral("title"), QStringLiteral("alpha renamed")},
                                {QStringLiteral("completed"), true}})
                         .status,
                     200);
            QCOMPARE(client.send("DELETE", flask.url(QStringLiteral("/tasks/%1").arg(beta))).status, 200);
            QCOMPARE(field(client.send("GET", flask.url(QStringLiteral("/tasks"))).json, QStringLiteral("title")),
                     (QStringList{QStringLiteral("alpha renamed"), QStringLiteral("gamma"),
                                  QStringLiteral("flask delta report")}));
        }
        Gatehouse gh;
        QVERIFY2(gh.open(path, why), qPrintable(why));
        auto admin = gh.accounts->login(QStringLiteral("gh_admin"), kAdminPassword);
        QVERIFY(admin.ok());
        auto search = [&](const QString& text) {
            TaskQuery q;
            q.search = text;
            QStringList out;
            const auto page = gh.tasks->list(admin.value().principal, q);
            if (!page)
                return QStringList{page.error().code};
            for (const Task& t : page.value().items)
                out << t.title;
            return out;
        };
        QCOMPARE(search(QStringLiteral("report")), QStringList{QStringLiteral("flask delta report")});
        QCOMPARE(search(QStringLiteral("renamed")), QStringList{QStringLiteral("alpha renamed")});
        QCOMPARE(search(QStringLiteral("needle")), QStringList{QStringLiteral("alpha renamed")});
        QCOMPARE(search(QStringLiteral("beta")), QStringList{});
        QVERIFY(gh.db->integrityCheck());
        auto c = gh.db->connection();
        for (const char* table : {"gh_task_title_fts", "gh_task_description_fts"}) {
            const QString t = QString::fromLatin1(table);
            QVERIFY2(store::SqlStatement::run(
                         c.value(), QStringLiteral("INSERT INTO %1 (%1, rank) VALUES ('integrity-check', 1)").arg(t))
                         .ok(),
                     table);
        }
    }

    void adoptsDatabaseFlaskCreated()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("users.db"));
        QProcess p;
        p.start(QStringLiteral(GATEHOUSE_PYTHON),
                {kApp, QStringLiteral("register"), path, QStringLiteral("pioneer"), QStringLiteral("pbkdf2:sha256")});
        QVERIFY2(p.waitForStarted(10000), qPrintable(p.errorString()));
        p.write(kFlaskPassword.toUtf8());
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        QString why;
        Gatehouse gh;
        QVERIFY2(gh.open(path, why), qPrintable(why));
        QVERIFY(!gh.db->backupPath().isEmpty());
        QVERIFY(QFileInfo::exists(gh.db->backupPath()));
        QCOMPARE(gh.accounts->needsFirstAdmin().value(), false);
        auto login = gh.accounts->login(QStringLiteral("pioneer"), kFlaskPassword);
        QVERIFY2(login.ok(), qPrintable(login.ok() ? QString() : login.error().code));
        QVERIFY(!login.value().token.isEmpty());
        // The adopted user holds the "user" role: may create tasks, may not create products.
        QVERIFY(gh.tasks->create(login.value().principal, QStringLiteral("adopted")).ok());
        QCOMPARE(gh.products->create(login.value().principal, QStringLiteral("x"), 1).error().code,
                 QStringLiteral("perm.denied"));
        // Nobody is admin yet: the Flask user claims it with their password, once.
        QCOMPARE(gh.accounts->needsAdminClaim().value(), true);
        auto claimed = gh.accounts->claimFirstAdmin(QStringLiteral("pioneer"), kFlaskPassword);
        QVERIFY(claimed.ok());
        QVERIFY(gh.products->create(claimed.value(), QStringLiteral("x"), 1).ok());
        gh.db.reset();
        gh.accounts.reset();
        gh.tasks.reset();
        gh.products.reset();

        FlaskServer flask;
        QVERIFY2(flask.start(path, why), qPrintable(why));
        HttpClient client;
        QCOMPARE(client.login(flask, QStringLiteral("pioneer"), kFlaskPassword).status, 200);
        QCOMPARE(field(client.send("GET", flask.url(QStringLiteral("/tasks"))).json, QStringLiteral("title")),
                 QStringList{QStringLiteral("adopted")});
    }
};

QTEST_GUILESS_MAIN(TestFlaskLocalInterop)
#include "tst_flask_local_interop.moc"
