#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

// A Python test server from tests/server started on a free loopback port ("--port 0"; the script prints
// "PORT <n>", and "CERT <path>" in HTTPS mode) and always stopped by the destructor.
class TestServer
{
public:
    explicit TestServer(const QString& script, const QStringList& args = {}, const QStringList& env = {});
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    bool start(int timeoutMs = 15000); // false (with the server's stderr in lastError()) if it did not come up
    void kill();                       // SIGKILL, for "server died" faults
    quint16 port() const { return m_port; }
    QString certPath() const { return m_certPath; }
    QString lastError() const { return m_error; }
    QUrl url(const QString& pathAndQuery = {}) const;
    QProcess& process() { return m_process; }

private:
    QTemporaryDir m_dir; // the server's database and certificate: removed with the server
    QProcess m_process;
    QString m_script;
    QStringList m_args;
    bool m_https = false;
    quint16 m_port = 0;
    QString m_certPath;
    QString m_error;
};
