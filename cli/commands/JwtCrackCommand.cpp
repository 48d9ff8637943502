// gatehouse-cli jwt crack / session crack: search the HMAC secret of a JWT or Flask session in the bundled
// dictionary, a user wordlist and their mutations. The found secret is the command's result: it goes to
// stdout only, never to stderr or a log.
#include "commands/JwtCrackCommand.h"

#include "CommandSupport.h"
#include "crack/CrackTarget.h"
#include "crack/SecretSearch.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::cli {

using namespace gatehouse::core;

namespace {

int runCrack(const QStringList& args, const CliIo& io, bool flask)
{
    QCommandLineParser parser;
    const QString what = flask ? QStringLiteral("Flask session cookie") : QStringLiteral("HS256/384/512 JWT");
    addInputOptions(parser, what);
    parser.addOption(QCommandLineOption(QStringLiteral("wordlist"),
                                        QStringLiteral("Also try the secrets in FILE (one per line)."),
                                        QStringLiteral("FILE")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("no-bundled"), QStringLiteral("Do not use the bundled dictionary.")));
    parser.addOption(QCommandLineOption(QStringLiteral("no-mutations"),
                                        QStringLiteral("Try the words only as written (no case changes, digits or "
                                                       "suffixes).")));
    parser.addOption(QCommandLineOption(QStringLiteral("threads"),
                                        QStringLiteral("Worker threads (default: one "
                                                       "per core)."),
                                        QStringLiteral("N")));
    parser.addOption(QCommandLineOption(QStringLiteral("also"),
                                        QStringLiteral("Cross-check: a JWT or Flask cookie of the same app to try the "
                                                       "found secret on (repeatable)."),
                                        QStringLiteral("TOKEN")));
    if (flask)
        parser.addOption(QCommandLineOption(QStringLiteral("salt"),
                                            QStringLiteral("itsdangerous salt (default cookie-session)."),
                                            QStringLiteral("SALT"), QStringLiteral("cookie-session")));
    parser.addOption(QCommandLineOption(QStringLiteral("quiet"), QStringLiteral("No progress on stderr.")));
    const QString usage = flask ? QStringLiteral("session crack") : QStringLiteral("jwt crack");
    int exitCode = ExitOk;
    const auto input =
        parseCommandWithInput(parser, args, io, usage,
                              QStringLiteral("Search the HMAC secret of a %1 in the bundled weak-secret dictionary, "
                                             "a wordlist and their mutations. Exit 0 found, 1 not found.")
                                  .arg(what),
                              exitCode);
    if (!input)
        return exitCode;
    const bool json = input->json;
    const QByteArray salt = flask ? parser.value(QStringLiteral("salt")).toUtf8() : QByteArrayLiteral("cookie-session");
    auto target =
        flask ? crack::CrackTarget::fromFlaskSession(input->data, salt) : crack::CrackTarget::fromJwt(input->data);
    if (printFailure(io, target, json))
        return ExitBadInput;
    crack::SearchOptions options;
    options.useBundled = !parser.isSet(QStringLiteral("no-bundled"));
    options.mutations = !parser.isSet(QStringLiteral("no-mutations"));
    if (parser.isSet(QStringLiteral("threads"))) {
        bool ok = false;
        options.threads = parser.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || options.threads < 1) {
            io.error(QStringLiteral("gatehouse-cli %1: --threads takes a positive number").arg(usage));
            return ExitUsage;
        }
    }
    options.wordlistPath = parser.value(QStringLiteral("wordlist"));
    QList<crack::CrackTarget> others;
    for (const auto& t : parser.values(QStringLiteral("also"))) {
        auto other = crack::CrackTarget::detect(t.toUtf8(), salt);
        if (printFailure(io, other, json))
            return ExitBadInput;
        others.append(other.value());
    }
    if (!parser.isSet(QStringLiteral("quiet")) && !json) {
        options.progress = [&io](qint64 tried, qint64 total) {
            io.err->write(QStringLiteral("\rtried %1 of %2").arg(tried).arg(total).toUtf8());
        };
    }
    auto result = crack::searchSecret(target.value(), options);
    if (options.progress)
        io.err->write("\n");
    if (printFailure(io, result, json))
        return ExitBadInput;
    const auto& r = result.value();
    const QList<int> unlocked = r.found ? crack::crossCheck(r.secret, others) : QList<int>{};
    const double rate = r.seconds > 0 ? double(r.tried) / r.seconds : 0;
    if (json) {
        QJsonObject o{{QStringLiteral("ok"), true},
                      {QStringLiteral("found"), r.found},
                      {QStringLiteral("target"), target->describe()},
                      {QStringLiteral("tried"), r.tried},
                      {QStringLiteral("total"), r.total},
                      {QStringLiteral("seconds"), r.seconds},
                      {QStringLiteral("threads"), r.threads}};
        if (r.found) {
            o.insert(QStringLiteral("secret"), QString::fromUtf8(r.secret));
            QJsonArray also;
            for (int i : unlocked)
                also.append(QString::fromUtf8(others[i].text));
            o.insert(QStringLiteral("alsoOpens"), also);
        }
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else if (r.found) {
        io.println(QStringLiteral("Secret found for this %1: %2").arg(target->describe(), QString::fromUtf8(r.secret)));
        for (int i : unlocked)
            io.println(QStringLiteral("The same secret also opens the %1 %2")
                           .arg(others[i].describe(), QString::fromUtf8(others[i].text)));
        io.println(QStringLiteral("(%1 candidates in %2 s, %3 per second, %4 threads)")
                       .arg(r.tried)
                       .arg(r.seconds, 0, 'f', 2)
                       .arg(qint64(rate))
                       .arg(r.threads));
    } else {
        io.println(QStringLiteral("Not found: %1 candidates tried (the whole list), in %2 s, %3 per second.")
                       .arg(r.tried)
                       .arg(r.seconds, 0, 'f', 2)
                       .arg(qint64(rate)));
    }
    return r.found ? ExitOk : ExitNegative;
}

} // namespace

int runJwtCrack(const QStringList& args, const CliIo& io)
{
    return runCrack(args, io, false);
}

int runSessionCrack(const QStringList& args, const CliIo& io)
{
    return runCrack(args, io, true);
}

} // namespace gatehouse::cli
