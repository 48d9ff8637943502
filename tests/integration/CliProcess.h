#pragma once

// gatehouse-cli as a separate process, for the CLI integration tests: run it, read its exit code and
// JSON, and register accounts on a reference server the way any HTTP client would.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace gatehouse::test {

struct CliRun
{
    // The exit code, or -1 if the CLI crashed or hung. QProcess reports a crashed child's signal as its
    // exit code, so a SIGABRT would otherwise read as exit 6, the CLI's own network-error code.
    int code = -1;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonObject error() const { return json().value(QStringLiteral("error")).toObject(); }
    QString errorCode() const { return error().value(QStringLiteral("code")).toString(); }
    QString errorMessage() const { return error().value(QStringLiteral("message")).toString(); }
};

// Our environment with a private config folder and a session bus address that leads nowhere: the CLI's
// keychain default never reaches the person's own keychain or settings (the keyring tests bring their own).
inline QProcessEnvironment environmentWithoutKeychain(const QString& configDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configDir);
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/gatehouse-test"));
    return env;
}

// Runs gatehouse-cli with `args`, writing `stdinData` and closing its input. An empty `env` inherits ours.
inline CliRun runCli(const QStringList& args, const QByteArray& stdinData = {}, const QProcessEnvironment& env = {},
                     int timeoutMs = 60000)
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATEHOUSE_CLI_PATH), args);
    p.write(stdinData);
    p.closeWriteChannel();
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// POST /register on the reference server from Python's urllib (the password on stdin, not in argv).
inline bool registerOverRest(const QString& url, const QString& name, const QString& password)
{
    QProcess py;
    py.start(QStringLiteral(GATEHOUSE_PYTHON),
             {QStringLiteral("-c"),
              QStringLiteral("import json,sys,urllib.request as u;"
                             "u.urlopen(u.Request(sys.argv[1]+'/register',data=json.dumps({'username':sys.argv[2],"
                             "'password':sys.stdin.readline().rstrip('\\n')}).encode(),"
                             "headers={'Content-Type':'application/json'}))"),
              url, name});
    py.write(password.toUtf8() + '\n');
    py.closeWriteChannel();
    return py.waitForFinished(20000) && py.exitStatus() == QProcess::NormalExit && py.exitCode() == 0;
}

} // namespace gatehouse::test
