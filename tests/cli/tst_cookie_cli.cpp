// gatehouse-cli cookie parse|audit, session decode|verify|sign|crack and jwt crack, run in-process.
#include "CliApplication.h"
#include "commands/JwtCrackCommand.h"

#include "common/Base64Url.h"
#include "crypto/Hmac.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

template <typename F>
Run runWith(F&& f, const QByteArray& stdinData)
{
    QByteArray in = stdinData;
    QBuffer inBuf(&in), outBuf, errBuf;
    inBuf.open(QIODevice::ReadOnly);
    outBuf.open(QIODevice::WriteOnly);
    errBuf.open(QIODevice::WriteOnly);
    cli::CliIo io{&inBuf, &outBuf, &errBuf};
    Run r;
    r.exitCode = f(io);
    r.out = outBuf.data();
    r.err = errBuf.data();
    return r;
}

Run cliRun(const QStringList& args, const QByteArray& stdinData = {})
{
    return runWith(
        [&](const cli::CliIo& io) { return cli::run(QStringList{QStringLiteral("gatehouse-cli")} + args, io); },
        stdinData);
}

QStringList A(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* i : items)
        out << QString::fromUtf8(i);
    return out;
}

const QByteArray kFlask = "eyJ1c2VyIjoiYWxpY2UifQ.aSZDAA.WsxaTAZS_4vjrOgKYykuj5umZto"; // secret supersecretkey
constexpr const char* kSignedAt = "1764115200";

} // namespace

class TestCookieCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString file(const QString& name, const QByteArray& content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(content);
        return path;
    }

private Q_SLOTS:
    void cookieParseFindsTokens()
    {
        const QString paste =
            file(QStringLiteral("resp.txt"), "HTTP/2 200\ncontent-type: text/html\nset-cookie: session=" + kFlask +
                                                 "; HttpOnly; Path=/\nset-cookie: theme=dark; Max-Age=60\n\n<html>");
        const auto r = cliRun({QStringLiteral("cookie"), QStringLiteral("parse"), QStringLiteral("--file"), paste,
                               QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const auto o = r.json();
        QCOMPARE(o.value(QStringLiteral("setCookies")).toArray().size(), 2);
        const auto tokens = o.value(QStringLiteral("tokens")).toArray();
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(tokens[0].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("flask-session"));
    }

    void cookieParseSingleLineFromStdin()
    {
        const auto r = cliRun(A({"cookie", "parse", "-", "--json"}), "id=1; Max-Age=10; Expires=Thu, 01 Jan 2099 "
                                                                     "00:00:00 GMT; SameSite=strict\n");
        QCOMPARE(r.exitCode, 0);
        const auto c = r.json().value(QStringLiteral("setCookies")).toArray().at(0).toObject();
        QCOMPARE(c.value(QStringLiteral("lifetimeSeconds")).toInteger(), 10);
        QCOMPARE(c.value(QStringLiteral("sameSite")).toString(), QStringLiteral("Strict"));
    }

    void cookieAuditExitCodes()
    {
        auto r = cliRun(A({"cookie", "audit", "username=alice; Path=/", "--json"}));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("cookie.audit.unsigned_identity"));
        r = cliRun(A({"cookie", "audit",
                      "__Host-sid=0f1e2d3c4b5a69788796a5b4c3d2e1f0; Secure; HttpOnly; SameSite=Lax; "
                      "Path=/"}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("no findings"));
        r = cliRun(A({"cookie", "audit", "   "}));
        QCOMPARE(r.exitCode, 3);
    }

    void sessionDecode()
    {
        auto r = cliRun(A({"session", "decode", "-", "--json"}), kFlask + '\n');
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QStringLiteral("value")).toObject().value(QStringLiteral("user")).toString(),
                 QStringLiteral("alice"));
        r = cliRun(A({"session", "decode", "abc.def", "--json"}));
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("flask.cookie.truncated"));
    }

    void sessionVerify()
    {
        const QString good = file(QStringLiteral("good"), "supersecretkey\n");
        const QString bad = file(QStringLiteral("bad"), "nope\n");
        auto r =
            cliRun({QStringLiteral("session"), QStringLiteral("verify"), QString::fromLatin1(kFlask),
                    QStringLiteral("--secret-file"), good, QStringLiteral("--now"), QString::fromLatin1(kSignedAt)});
        QCOMPARE(r.exitCode, 0);
        r = cliRun({QStringLiteral("session"), QStringLiteral("verify"), QString::fromLatin1(kFlask),
                    QStringLiteral("--secret-file"), bad, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("flask.signature.mismatch"));
        r = cliRun({QStringLiteral("session"), QStringLiteral("verify"), QString::fromLatin1(kFlask),
                    QStringLiteral("--secret-file"), good, QStringLiteral("--max-age"), QStringLiteral("60"),
                    QStringLiteral("--now"), QStringLiteral("1764200000"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("flask.signature.expired"));
        r = cliRun({QStringLiteral("session"), QStringLiteral("verify"), QString::fromLatin1(kFlask),
                    QStringLiteral("--secret-file"), bad, QStringLiteral("--fallback-file"), good,
                    QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QStringLiteral("secretIndex")).toInt(), 1);
        r = cliRun(A({"session", "verify", "x.y.z"}));
        QCOMPARE(r.exitCode, 2); // no --secret-file
    }

    void sessionSignThenVerify()
    {
        const QString secret = file(QStringLiteral("s"), "my_secret_key");
        auto r = cliRun({QStringLiteral("session"), QStringLiteral("sign"), QStringLiteral("-"),
                         QStringLiteral("--secret-file"), secret, QStringLiteral("--json")},
                        "{\"user\":\"admin\",\"roles\":{\"$type\":\"tuple\",\"value\":[\"a\"]}}");
        QCOMPARE(r.exitCode, 0);
        const QString cookie = r.json().value(QStringLiteral("cookie")).toString();
        QVERIFY(!cookie.isEmpty());
        r = cliRun({QStringLiteral("session"), QStringLiteral("verify"), cookie, QStringLiteral("--secret-file"),
                    secret, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("\"$type\":\"tuple\""));
        r = cliRun({QStringLiteral("session"), QStringLiteral("sign"), QStringLiteral("[1]"),
                    QStringLiteral("--secret-file"), secret});
        QCOMPARE(r.exitCode, 3);
    }

    void sessionCrackWithWordlistAndCrossCheck()
    {
        const QByteArray input = core::base64url::encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + '.' +
                                 core::base64url::encode("{\"sub\":\"1\"}");
        const QByteArray jwt =
            input + '.' +
            core::base64url::encode(core::crypto::hmac(core::crypto::HashAlgorithm::Sha256, "supersecretkey", input));
        const QString words = file(QStringLiteral("words"), "a\nb\nsupersecretkey\n");
        auto r = cliRun({QStringLiteral("session"), QStringLiteral("crack"), QString::fromLatin1(kFlask),
                         QStringLiteral("--wordlist"), words, QStringLiteral("--no-bundled"), QStringLiteral("--also"),
                         QString::fromLatin1(jwt), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QStringLiteral("secret")).toString(), QStringLiteral("supersecretkey"));
        QCOMPARE(r.json().value(QStringLiteral("alsoOpens")).toArray().size(), 1);
        QVERIFY(!r.err.contains("supersecretkey")); // the secret is the result on stdout, never on stderr

        const QString other = file(QStringLiteral("other"), "x\ny\n");
        r = cliRun({QStringLiteral("session"), QStringLiteral("crack"), QString::fromLatin1(kFlask),
                    QStringLiteral("--wordlist"), other, QStringLiteral("--no-bundled"),
                    QStringLiteral("--no-mutations"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QStringLiteral("tried")).toInteger(), 3); // "", x, y

        // jwt crack, as the jwt group runs it.
        r = runWith(
            [&](const cli::CliIo& io) {
                return cli::runJwtCrack({QStringLiteral("crack"), QString::fromLatin1(jwt), QStringLiteral("--json"),
                                         QStringLiteral("--no-mutations")},
                                        io);
            },
            {});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QStringLiteral("secret")).toString(), QStringLiteral("supersecretkey"));
        r = runWith([&](const cli::CliIo& io) { return cli::runJwtCrack(A({"crack", "not-a-token"}), io); }, {});
        QCOMPARE(r.exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(TestCookieCli)
#include "tst_cookie_cli.moc"
