#include "TestServer.h"

#include <QDeadlineTimer>
#include <QProcessEnvironment>

TestServer::TestServer(const QString& script, const QStringList& args, const QStringList& env)
    : m_script(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/server/") + script), m_args(args)
{
    m_https = args.contains(QStringLiteral("--https"));
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("GATEHOUSE_SERVER_TEST_MODE"), QStringLiteral("1"));
    e.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    e.insert(QStringLiteral("GATEHOUSE_SERVER_DB"), m_dir.filePath(QStringLiteral("server.sqlite")));
    if (m_https)
        m_args << QStringLiteral("--cert-dir") << m_dir.path();
    for (const QString& kv : env) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        e.insert(kv.left(eq), kv.mid(eq + 1));
    }
    m_process.setProcessEnvironment(e);
}

TestServer::~TestServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool TestServer::start(int timeoutMs)
{
    m_process.start(QStringLiteral(GATEHOUSE_PYTHON),
                    QStringList{m_script, QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                                QStringLiteral("--port"), QStringLiteral("0")} +
                        m_args);
    QDeadlineTimer deadline(timeoutMs);
    QByteArray out;
    while (!deadline.hasExpired()) {
        if (m_process.state() == QProcess::NotRunning)
            break;
        m_process.waitForReadyRead(100);
        out += m_process.readAllStandardOutput();
        for (const QByteArray& line : out.split('\n')) {
            if (line.startsWith("CERT "))
                m_certPath = QString::fromUtf8(line.mid(5).trimmed());
            if (line.startsWith("PORT ") && line.endsWith('\r') == false && out.contains(line + '\n')) {
                m_port = quint16(line.mid(5).trimmed().toUInt());
                return m_port != 0;
            }
        }
    }
    m_error = QString::fromUtf8(m_process.readAllStandardError());
    return false;
}

void TestServer::kill()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

QUrl TestServer::url(const QString& pathAndQuery) const
{
    QUrl u;
    u.setScheme(m_https ? QStringLiteral("https") : QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_port);
    const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
    u.setPath(q < 0 ? pathAndQuery : pathAndQuery.left(q));
    if (q >= 0)
        u.setQuery(pathAndQuery.mid(q + 1));
    return u;
}
