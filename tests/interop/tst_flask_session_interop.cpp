// Interop with the real Flask (Debian python3-flask): sessions signed by Flask's
// SecureCookieSessionInterface are decoded and verified by Gatehouse with the same values Python has, and
// cookies signed by Gatehouse are loaded by Flask to the same values.
#include "common/Clock.h"
#include "flask/FlaskSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace gatehouse::core;
using namespace gatehouse::core::flask;

namespace {

const QByteArray kSecret = QByteArrayLiteral("interop secret with spaces ✓");

QByteArray runPython(const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(QStringLiteral(GATEHOUSE_PYTHON),
            QStringList{QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/interop/flask_sessions.py")} + args);
    if (!p.waitForStarted())
        return {};
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    if (p.exitCode() != 0)
        qWarning("python failed: %s", p.readAllStandardError().constData());
    return p.readAllStandardOutput();
}

QList<QJsonObject> jsonLines(const QByteArray& text)
{
    QList<QJsonObject> out;
    for (const auto& line : text.split('\n')) {
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

} // namespace

class TestFlaskSessionInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void flaskSignedGatehouseVerifies()
    {
        const auto lines = jsonLines(runPython(
            {QStringLiteral("sign"), QStringLiteral("320"), QStringLiteral("20261126"), QString::fromUtf8(kSecret)}));
        QCOMPARE(lines.size(), 320);
        int compressed = 0;
        FlaskVerifyOptions opts;
        opts.maxAgeSeconds = 31 * 24 * 3600;
        for (const auto& l : lines) {
            const QByteArray cookie = l.value(QStringLiteral("cookie")).toString().toUtf8();
            auto v = verifyFlaskSession(cookie, kSecret, opts);
            QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().code + QLatin1Char(' ') + v.error().message));
            QCOMPARE(v->session.value, l.value(QStringLiteral("typed")));
            QVERIFY(!v->session.legacyEpoch);
            compressed += v->session.compressed ? 1 : 0;
            // Wrong secret: rejected.
            QCOMPARE(verifyFlaskSession(cookie, "not the secret", opts).error().code,
                     QStringLiteral("flask.signature.mismatch"));
        }
        QVERIFY(compressed > 50);
        qInfo("Flask -> Gatehouse: %lld sessions verified and equal (%d compressed)", qlonglong(lines.size()),
              compressed);
    }

    void gatehouseSignedFlaskLoads()
    {
        const auto source = jsonLines(
            runPython({QStringLiteral("sign"), QStringLiteral("300"), QStringLiteral("77"), QStringLiteral("unused")}));
        QCOMPARE(source.size(), 300);
        QByteArray input;
        FlaskSignOptions opts;
        for (const auto& l : source) {
            auto cookie = signFlaskSession(l.value(QStringLiteral("typed")), kSecret, opts);
            QVERIFY(cookie.ok());
            input += QJsonDocument(QJsonObject{{QStringLiteral("cookie"), QString::fromUtf8(cookie.value())}})
                         .toJson(QJsonDocument::Compact) +
                     '\n';
        }
        const auto loaded = jsonLines(runPython({QStringLiteral("load"), QString::fromUtf8(kSecret)}, input));
        QCOMPARE(loaded.size(), source.size());
        for (qsizetype i = 0; i < loaded.size(); ++i) {
            QVERIFY2(loaded[i].value(QStringLiteral("ok")).toBool(),
                     qPrintable(loaded[i].value(QStringLiteral("error")).toString()));
            QCOMPARE(loaded[i].value(QStringLiteral("typed")), source[i].value(QStringLiteral("typed")));
        }
        // And Flask refuses them under another secret.
        const auto refused = jsonLines(runPython({QStringLiteral("load"), QStringLiteral("other")}, input));
        QCOMPARE(refused.size(), source.size());
        for (const auto& r : refused)
            QVERIFY(!r.value(QStringLiteral("ok")).toBool());
        qInfo("Gatehouse -> Flask: %lld sessions loaded and equal", qlonglong(loaded.size()));
    }
};

QTEST_GUILESS_MAIN(TestFlaskSessionInterop)
#include "tst_flask_session_interop.moc"
