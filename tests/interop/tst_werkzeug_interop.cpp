// Password hashes both ways against the real werkzeug (Debian 12: python3-werkzeug 2.2.2), driven through
// tests/interop/werkzeug_hashes.py. A missing Python or werkzeug fails the test; it never skips.
#include "password/PasswordHash.h"
#include "password/PasswordHasher.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace gatehouse::core::password;

namespace {
const QString kScript = QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/interop/werkzeug_hashes.py");

// Runs the peer script; fails the calling test (by returning false) on any process problem.
bool runPython(const QStringList& args, const QByteArray& input, QByteArray& output, QString& why)
{
    QProcess p;
    p.start(QStringLiteral(GATEHOUSE_PYTHON), QStringList{kScript} + args);
    if (!p.waitForStarted(10000)) {
        why = QStringLiteral("cannot start %1: %2").arg(QStringLiteral(GATEHOUSE_PYTHON), p.errorString());
        return false;
    }
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(240000)) {
        p.kill();
        why = QStringLiteral("werkzeug_hashes.py timed out");
        return false;
    }
    output = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        why = QStringLiteral("werkzeug_hashes.py failed (exit %1): %2").arg(p.exitCode()).arg(QString::fromUtf8(err));
        return false;
    }
    qInfo("peer: %s", err.trimmed().constData());
    return true;
}

QString randomPassword(QRandomGenerator* rng)
{
    static const char32_t ranges[][2] = {
        {0x20, 0x7E}, {0xA0, 0xFF}, {0x391, 0x3C9}, {0x4E00, 0x9FFF}, {0x1F600, 0x1F64F}};
    QString s;
    const int n = int(rng->bounded(0, 41));
    for (int i = 0; i < n; ++i) {
        const auto& r = ranges[rng->bounded(10) < 4 ? rng->bounded(5) : 0];
        const char32_t cp = char32_t(rng->bounded(uint(r[0]), uint(r[1]) + 1));
        s += QString::fromUcs4(&cp, 1);
    }
    return s;
}
} // namespace

class TestWerkzeugInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // werkzeug generates, Gatehouse verifies (and rejects a wrong password for each).
    void gatehouseVerifiesWerkzeug()
    {
        QByteArray out;
        QString why;
        QVERIFY2(runPython({QStringLiteral("generate"), QStringLiteral("240"),
                            QString::number(QRandomGenerator::global()->bounded(1000000))},
                           {}, out, why),
                 qPrintable(why));
        QMap<QString, int> perKind;
        int total = 0;
        for (const QByteArray& line : out.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            const QString password = o.value(QStringLiteral("password")).toString();
            const QString hash = o.value(QStringLiteral("hash")).toString();
            const QString kind = o.value(QStringLiteral("kind")).toString();
            QVERIFY2(!hash.isEmpty(), line.constData());
            const auto ok = PasswordHasher::verify(password, hash);
            QVERIFY2(ok.ok(), qPrintable(hash + QStringLiteral(": ") + (ok.ok() ? QString() : ok.error().code)));
            QVERIFY2(ok.value(), qPrintable(QStringLiteral("werkzeug hash not accepted: ") + hash));
            const auto wrong = PasswordHasher::verify(password + QStringLiteral("x"), hash);
            QVERIFY(wrong.ok());
            QVERIFY2(!wrong.value(), qPrintable(hash));
            ++perKind[kind];
            ++total;
        }
        for (auto it = perKind.cbegin(); it != perKind.cend(); ++it)
            qInfo("  %-28s %d", qPrintable(it.key()), it.value());
        qInfo("Gatehouse verified %d werkzeug hashes (and rejected a wrong password for each)", total);
        QVERIFY(total >= 200);
    }

    // Gatehouse generates, werkzeug verifies (scrypt: werkzeug 3's computation, via hashlib.scrypt).
    void werkzeugVerifiesGatehouse()
    {
        auto* rng = QRandomGenerator::global();
        QList<HashPolicy> policies;
        for (int i = 0; i < 210; ++i) {
            switch (i % 3) {
            case 0:
                policies.append(HashPolicy::pbkdf2Sha256(rng->bounded(1000u, 5001u)));
                break;
            case 1:
                policies.append(HashPolicy::pbkdf2Sha512(rng->bounded(1000u, 5001u)));
                break;
            default:
                policies.append(HashPolicy::scrypt(1u << rng->bounded(8, 12), 8, rng->bounded(1u, 3u)));
                break;
            }
        }
        // The real defaults, a few times each.
        for (int i = 0; i < 3; ++i)
            policies.append(HashPolicy());
        policies.append(HashPolicy::pbkdf2Sha512());
        for (int i = 0; i < 2; ++i)
            policies.append(HashPolicy::scrypt());

        QByteArray input;
        QStringList hashes;
        for (const HashPolicy& policy : policies) {
            const QString password = randomPassword(rng);
            const auto made = PasswordHasher::make(password, policy);
            QVERIFY(made.ok());
            hashes.append(made.value());
            QJsonObject o;
            o.insert(QStringLiteral("password"), password);
            o.insert(QStringLiteral("hash"), made.value());
            input += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
        }
        QByteArray out;
        QString why;
        QVERIFY2(runPython({QStringLiteral("verify")}, input, out, why), qPrintable(why));
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), hashes.size());
        int accepted = 0, wrongRejected = 0;
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines.at(i)).object();
            QVERIFY2(o.value(QStringLiteral("ok")).toBool(),
                     qPrintable(QStringLiteral("werkzeug rejected ") + hashes.at(i)));
            QVERIFY2(o.value(QStringLiteral("wrong_rejected")).toBool(), qPrintable(hashes.at(i)));
            ++accepted;
            ++wrongRejected;
        }
        qInfo("werkzeug verified %d Gatehouse hashes (%d at the 600000 / 32768:8:1 defaults) and rejected %d wrong "
              "passwords",
              accepted, 6, wrongRejected);
        QVERIFY(accepted >= 200);
    }
};

QTEST_GUILESS_MAIN(TestWerkzeugInterop)
#include "tst_werkzeug_interop.moc"
