// Worker threads that still hold OpenSSL state while the process exits must not crash it: the helper
// recreates that moment (threads exiting as main() returns) and must exit cleanly every time once
// initOpenSslRuntime() has run. The same helper with OpenSSL's default atexit cleanup is run as a
// control, to show this machine can expose the race at all.
#include <QProcess>
#include <QTest>

namespace {

struct Runs
{
    int clean = 0;
    int failed = 0;
    QString lastFailure;
};

Runs runHelper(const QStringList& args, int count)
{
    Runs r;
    for (int i = 0; i < count; ++i) {
        QProcess p;
        p.start(QStringLiteral(GATEHOUSE_EXIT_RACE_HELPER), args);
        if (!p.waitForFinished(20000)) {
            p.kill();
            p.waitForFinished();
            ++r.failed;
            r.lastFailure = QStringLiteral("hung");
            continue;
        }
        if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) {
            ++r.clean;
        } else {
            ++r.failed;
            r.lastFailure =
                p.exitStatus() == QProcess::CrashExit
                    ? QStringLiteral("crashed: ") + QString::fromLocal8Bit(p.readAllStandardError().left(300))
                    : QStringLiteral("exit %1: ").arg(p.exitCode()) +
                          QString::fromLocal8Bit(p.readAllStandardError().left(300));
        }
    }
    return r;
}

} // namespace

class TestOpenSslExit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threadsExitingWithTheProcessAreSafe()
    {
        const Runs runs = runHelper({}, 200);
        qInfo("with initOpenSslRuntime(): %d of 200 runs exited cleanly", runs.clean);
        QVERIFY2(runs.failed == 0, qPrintable(runs.lastFailure));
    }

    void defaultCleanupControl()
    {
        // Not asserted: a race shows only sometimes. It crashed 44 of 1,000 runs here when measured.
        const Runs runs = runHelper({QStringLiteral("--default-cleanup")}, 100);
        qInfo("control, OpenSSL's default atexit cleanup: %d of 100 runs crashed or failed", runs.failed);
        if (runs.failed == 0)
            qWarning("the race did not show in the control runs; the first case proves less this time");
    }
};

QTEST_GUILESS_MAIN(TestOpenSslExit)
#include "tst_openssl_exit.moc"
