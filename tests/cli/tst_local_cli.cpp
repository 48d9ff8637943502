// gatehouse-cli db | user | role | task | product | audit, run in-process on a temporary database:
// exit codes (0 ok, 1 refused login, 2 usage, 3 bad input, 4 permission denied, 5 database error), --json,
// the task/product/user commands through LocalBackend, local-versus-remote option mistakes (exit 2),
// passwords only from standard input, and the global "--db PATH" before the group.
#include "CliRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kAdmin = "admin-password-123\n";
const QByteArray kAlice = "alice-password-4567\n";

} // namespace

class TestLocalCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_db;

    // Common options: the file and a cheap hash policy.
    QStringList opts(const QStringList& more = {}) const
    {
        return QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--hash-iterations"), QStringLiteral("1000")} +
               more;
    }
    QStringList as(const char* who) const
    {
        return opts({QStringLiteral("--as"), QString::fromLatin1(who), QStringLiteral("--password-stdin")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = m_dir.filePath(QStringLiteral("cli.sqlite"));
        auto r = runCli(QStringList{QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"),
                                    QStringLiteral("root")} +
                            opts(),
                        kAdmin);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto again = runCli(QStringList{QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"),
                                        QStringLiteral("other"), QStringLiteral("--json")} +
                                opts(),
                            kAdmin);
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(again.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("setup.not_empty"));
        auto add =
            runCli(QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice")} + as("root"),
                   kAdmin + kAlice);
        QVERIFY2(add.exitCode == 0, add.err.constData());
    }

    void tasksAndPermissions()
    {
        auto mine = runCli(QStringList{QStringLiteral("task"), QStringLiteral("add"),
                                       QStringLiteral("alice's <b>task</b>"), QStringLiteral("--json")} +
                               as("alice"),
                           kAlice);
        QCOMPARE(mine.exitCode, 0);
        const qint64 id = mine.json().value(QStringLiteral("task")).toObject().value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        // a user cannot delete a task, whatever front end asks: exit 4
        auto denied = runCli(QStringList{QStringLiteral("task"), QStringLiteral("delete"), QString::number(id),
                                         QStringLiteral("--json")} +
                                 as("alice"),
                             kAlice);
        QCOMPARE(denied.exitCode, 4);
        QCOMPARE(denied.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("perm.denied"));
        QCOMPARE(runCli(QStringList{QStringLiteral("task"), QStringLiteral("done"), QString::number(id)} + as("alice"),
                        kAlice)
                     .exitCode,
                 0);
        // The global form: --db before the group.
        auto list = runCli(QStringList{QStringLiteral("--db"), m_db, QStringLiteral("task"), QStringLiteral("list"),
                                       QStringLiteral("--done"), QStringLiteral("--json"), QStringLiteral("--as"),
                                       QStringLiteral("root"), QStringLiteral("--password-stdin"),
                                       QStringLiteral("--hash-iterations"), QStringLiteral("1000")},
                           kAdmin);
        QCOMPARE(list.exitCode, 0);
        const QJsonArray tasks = list.json().value(QStringLiteral("tasks")).toArray();
        QCOMPARE(tasks.size(), 1);
        QCOMPARE(tasks.at(0).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("alice's <b>task</b>"));
        QCOMPARE(runCli(QStringList{QStringLiteral("task"), QStringLiteral("delete"), QString::number(id)} + as("root"),
                        kAdmin)
                     .exitCode,
                 0);
        QCOMPARE(runCli(QStringList{QStringLiteral("product"), QStringLiteral("add"), QStringLiteral("lamp"),
                                    QStringLiteral("12.5")} +
                            as("alice"),
                        kAlice)
                     .exitCode,
                 4);
        QCOMPARE(runCli(QStringList{QStringLiteral("product"), QStringLiteral("add"), QStringLiteral("lamp"),
                                    QStringLiteral("12.5")} +
                            as("root"),
                        kAdmin)
                     .exitCode,
                 0);
    }

    void loginFailuresAndUsage()
    {
        auto wrong =
            runCli(QStringList{QStringLiteral("user"), QStringLiteral("list")} + as("root"), "not-the-password\n");
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY(!wrong.err.contains("not-the-password"));
        auto unknown =
            runCli(QStringList{QStringLiteral("user"), QStringLiteral("list")} + as("nobody"), "whatever-pw\n");
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(unknown.err, wrong.err.replace("root", "nobody")); // the same words either way
        QCOMPARE(runCli(QStringList{QStringLiteral("user"), QStringLiteral("list")} + opts(), {}).exitCode, 2);
        QCOMPARE(runCli(QStringList{QStringLiteral("user"), QStringLiteral("list")} + as("alice"), kAlice).exitCode, 4);
        QCOMPARE(runCli(QStringList{QStringLiteral("user"), QStringLiteral("list")} + as("root"), kAdmin).exitCode, 0);
    }

    void modeOptionsAndPasswordSource()
    {
        // --url, --pin and --token-file belong to --remote, and --db to local mode: usage errors.
        QCOMPARE(runCli(QStringList{QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--url"),
                                    QStringLiteral("http://127.0.0.1:1")} +
                            as("root"),
                        kAdmin)
                     .exitCode,
                 2);
        const QStringList remote{
            QStringLiteral("--remote"),           QStringLiteral("Gatehouse REST"), QStringLiteral("--url"),
            QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--as"),           QStringLiteral("root"),
            QStringLiteral("--password-stdin")};
        QCOMPARE(
            runCli(QStringList{QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--db"), m_db} + remote,
                   kAdmin)
                .exitCode,
            2);
        auto unknownProfile =
            runCli({QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--remote"),
                    QStringLiteral("No such profile"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:1"),
                    QStringLiteral("--as"), QStringLiteral("root"), QStringLiteral("--password-stdin")},
                   kAdmin);
        QCOMPARE(unknownProfile.exitCode, 2);
        // Local-only options are refused with --remote before any network call.
        QCOMPARE(runCli(QStringList{QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--sort"),
                                    QStringLiteral("title")} +
                            remote,
                        kAdmin)
                     .exitCode,
                 2);
        // Standard input is not a terminal here (a buffer) and there is no --password-stdin: no prompt, exit 2,
        // and the message says what to use. Nothing was read as a password.
        auto noSource = runCli(QStringList{QStringLiteral("task"), QStringLiteral("list"), QStringLiteral("--as"),
                                           QStringLiteral("root")} +
                                   opts(),
                               kAdmin);
        QCOMPARE(noSource.exitCode, 2);
        QVERIFY(noSource.err.contains("--password-stdin"));
        QVERIFY(!noSource.err.contains("admin-password-123"));
    }

    void databaseErrorsExitFive()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad.sqlite"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto r = runCli(
            {QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), bad, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("db.not_sqlite"));
        auto missing = runCli({QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"),
                               m_dir.filePath(QStringLiteral("none.sqlite"))});
        QCOMPARE(missing.exitCode, 5);
        QCOMPARE(runCli(QStringList{QStringLiteral("db"), QStringLiteral("check")} + opts()).exitCode, 0);
    }

    void adminCommandsAndAudit()
    {
        QCOMPARE(runCli(QStringList{QStringLiteral("role"), QStringLiteral("create"), QStringLiteral("stock"),
                                    QStringLiteral("--permissions"), QStringLiteral("product.view,product.create")} +
                            as("root"),
                        kAdmin)
                     .exitCode,
                 0);
        QCOMPARE(runCli(QStringList{QStringLiteral("role"), QStringLiteral("assign"), QStringLiteral("alice"),
                                    QStringLiteral("stock")} +
                            as("root"),
                        kAdmin)
                     .exitCode,
                 0);
        QCOMPARE(runCli(QStringList{QStringLiteral("product"), QStringLiteral("add"), QStringLiteral("cable"),
                                    QStringLiteral("3")} +
                            as("alice"),
                        kAlice)
                     .exitCode,
                 0);
        auto roles = runCli(QStringList{QStringLiteral("user"), QStringLiteral("roles"), QStringLiteral("alice"),
                                        QStringLiteral("--json")} +
                                as("root"),
                            kAdmin);
        QCOMPARE(roles.json().value(QStringLiteral("roles")).toArray().size(), 2);
        // last admin
        auto last = runCli(
            QStringList{QStringLiteral("user"), QStringLiteral("delete"), QStringLiteral("root")} + as("root"), kAdmin);
        QCOMPARE(last.exitCode, 1);
        QVERIFY(last.err.contains("admin.last"));
        // reset with forced change: alice must change before doing anything else
        QCOMPARE(
            runCli(QStringList{QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("alice")} + as("root"),
                   kAdmin + "temporary-pass-999\n")
                .exitCode,
            0);
        auto blocked =
            runCli(QStringList{QStringLiteral("task"), QStringLiteral("list")} + as("alice"), "temporary-pass-999\n");
        QCOMPARE(blocked.exitCode, 1);
        QVERIFY(blocked.err.contains("account.must_change_password"));
        QCOMPARE(runCli(QStringList{QStringLiteral("user"), QStringLiteral("passwd")} + as("alice"),
                        "temporary-pass-999\n" + kAlice)
                     .exitCode,
                 0);
        QCOMPARE(runCli(QStringList{QStringLiteral("task"), QStringLiteral("list")} + as("alice"), kAlice).exitCode, 0);
        auto audit =
            runCli(QStringList{QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--json")} + as("root"),
                   kAdmin);
        QCOMPARE(audit.exitCode, 0);
        QVERIFY(audit.out.contains("user.reset_password"));
        QVERIFY(!audit.out.contains("temporary-pass-999"));
        QVERIFY(!audit.out.contains("admin-password-123"));
    }

    void importAndExport()
    {
        const QString csv = m_dir.filePath(QStringLiteral("tasks.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("title,completed\n\"a, b\",true\nc,false\n");
        f.close();
        auto imported = runCli(
            QStringList{QStringLiteral("task"), QStringLiteral("import"), csv, QStringLiteral("--json")} + as("root"),
            kAdmin);
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(imported.json().value(QStringLiteral("imported")).toInt(), 2);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("title,completed\nok,true\n,false\n");
        f.close();
        auto rejected = runCli(
            QStringList{QStringLiteral("task"), QStringLiteral("import"), csv, QStringLiteral("--json")} + as("root"),
            kAdmin);
        QCOMPARE(rejected.exitCode, 3);
        QCOMPARE(rejected.json()
                     .value(QStringLiteral("errors"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("row"))
                     .toInt(),
                 2);
        auto exported = runCli(QStringList{QStringLiteral("task"), QStringLiteral("export")} + as("root"), kAdmin);
        QCOMPARE(exported.exitCode, 0);
        QVERIFY(exported.out.startsWith("id,title,completed,description,owner,created_at,updated_at\r\n"));
        QVERIFY(exported.out.contains("\"a, b\",true"));
        QVERIFY(!exported.out.contains(",ok,"));
        auto users = runCli(QStringList{QStringLiteral("user"), QStringLiteral("export")} + as("root"), kAdmin);
        QVERIFY(!users.out.contains("pbkdf2"));
        auto hashes = runCli(
            QStringList{QStringLiteral("user"), QStringLiteral("export"), QStringLiteral("--with-hashes")} + as("root"),
            kAdmin);
        QVERIFY(hashes.out.contains("pbkdf2:sha256:1000$"));
    }
};

QTEST_GUILESS_MAIN(TestLocalCli)
#include "tst_local_cli.moc"
