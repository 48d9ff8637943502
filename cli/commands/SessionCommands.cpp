// gatehouse-cli session decode | verify | sign | crack: Flask session cookies.
#include "commands/Groups.h"
#include "commands/JwtCrackCommand.h"

#include "common/Clock.h"
#include "cookie/CookieDate.h"
#include "flask/FlaskSession.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::cli {

using namespace gatehouse::core;

namespace {

QJsonObject sessionJson(const flask::FlaskSession& s)
{
    return QJsonObject{{QStringLiteral("value"), s.value},
                       {QStringLiteral("compressed"), s.compressed},
                       {QStringLiteral("timestamp"), s.timestamp},
                       {QStringLiteral("signedAt"), cookie::formatHttpDate(s.timestamp)},
                       {QStringLiteral("legacyEpoch"), s.legacyEpoch},
                       {QStringLiteral("json"), QString::fromUtf8(s.json)}};
}

void printSession(const CliIo& io, const flask::FlaskSession& s)
{
    io.println(QString::fromUtf8(QJsonDocument(s.value.toObject()).toJson(QJsonDocument::Indented)).trimmed());
    io.println(QStringLiteral("signed at: %1%2%3")
                   .arg(cookie::formatHttpDate(s.timestamp),
                        s.compressed ? QStringLiteral(" (zlib-compressed payload)") : QString(),
                        s.legacyEpoch ? QStringLiteral(" (itsdangerous < 1.0 timestamp)") : QString()));
}

void addSecretOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("secret-file"),
                                        QStringLiteral("Read the SECRET_KEY from FILE, or from standard input with "
                                                       "'-'. Secrets never go on the command line."),
                                        QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(QStringLiteral("salt"),
                                        QStringLiteral("itsdangerous salt (default cookie-session)."),
                                        QStringLiteral("SALT"), QStringLiteral("cookie-session")));
    parser.addOption(QCommandLineOption(QStringLiteral("now"),
                                        QStringLiteral("Use this time (seconds since the epoch) instead of the clock."),
                                        QStringLiteral("SECONDS")));
}

std::optional<QByteArray> readSecret(const QCommandLineParser& parser, const CliIo& io, const QString& usage,
                                     int& exitCode)
{
    const QString option = QStringLiteral("secret-file");
    if (!parser.isSet(option)) {
        io.error(QStringLiteral("gatehouse-cli %1: --%2 is required").arg(usage, option));
        exitCode = ExitUsage;
        return std::nullopt;
    }
    auto secret = readSecretFile(io, parser.value(option));
    if (printFailure(io, secret, parser.isSet(QStringLiteral("json")))) {
        exitCode = ExitBadInput;
        return std::nullopt;
    }
    return std::move(secret).value();
}

std::optional<qint64> nowOption(const QCommandLineParser& parser, const CliIo& io, const QString& usage)
{
    if (!parser.isSet(QStringLiteral("now")))
        return SystemClock::instance().nowSeconds();
    bool ok = false;
    const qint64 now = parser.value(QStringLiteral("now")).toLongLong(&ok);
    if (!ok) {
        io.error(QStringLiteral("gatehouse-cli %1: --now takes seconds since the epoch").arg(usage));
        return std::nullopt;
    }
    return now;
}

// What verify and sign read from addSecretOptions. The caller wipes `secret`.
struct SigningInputs
{
    QByteArray secret;
    qint64 now = 0;
    QByteArray salt;
};

std::optional<SigningInputs> readSigningInputs(const QCommandLineParser& parser, const CliIo& io, const QString& usage,
                                               int& exitCode)
{
    auto secret = readSecret(parser, io, usage, exitCode);
    if (!secret)
        return std::nullopt;
    const auto now = nowOption(parser, io, usage);
    if (!now) {
        wipeSecret(*secret);
        exitCode = ExitUsage;
        return std::nullopt;
    }
    return SigningInputs{std::move(*secret), *now, parser.value(QStringLiteral("salt")).toUtf8()};
}

int runDecode(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("Flask session cookie"));
    int exitCode = ExitOk;
    const auto input = parseCommandWithInput(parser, args, io, QStringLiteral("session decode"),
                                             QStringLiteral("Decode a Flask session cookie without the secret: "
                                                            "anyone can read it."),
                                             exitCode);
    if (!input)
        return exitCode;
    auto s = flask::FlaskSession::decode(input->data);
    if (printFailure(io, s, input->json))
        return ExitBadInput;
    if (input->json) {
        QJsonObject o = sessionJson(s.value());
        o.insert(QStringLiteral("ok"), true);
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else {
        printSession(io, s.value());
    }
    return ExitOk;
}

int runVerify(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("Flask session cookie"));
    addSecretOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("fallback-file"),
                                        QStringLiteral("A SECRET_KEY_FALLBACKS entry, read from FILE (repeatable)."),
                                        QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(QStringLiteral("max-age"),
                                        QStringLiteral("Reject cookies older than SECONDS (Flask: "
                                                       "PERMANENT_SESSION_LIFETIME, 2678400)."),
                                        QStringLiteral("SECONDS")));
    const QString usage = QStringLiteral("session verify");
    int exitCode = ExitOk;
    const auto input = parseCommandWithInput(parser, args, io, usage,
                                             QStringLiteral("Verify a Flask session cookie's signature and age. "
                                                            "Exit 0 valid, 1 invalid or expired."),
                                             exitCode);
    if (!input)
        return exitCode;
    const bool json = input->json;
    auto signing = readSigningInputs(parser, io, usage, exitCode);
    if (!signing)
        return exitCode;
    FixedClock clock(signing->now);
    flask::FlaskVerifyOptions options;
    options.clock = &clock;
    options.salt = signing->salt;
    if (parser.isSet(QStringLiteral("max-age"))) {
        bool ok = false;
        options.maxAgeSeconds = parser.value(QStringLiteral("max-age")).toLongLong(&ok);
        if (!ok) {
            io.error(QStringLiteral("gatehouse-cli session verify: --max-age takes seconds"));
            wipeSecret(signing->secret);
            return ExitUsage;
        }
    }
    for (const auto& f : parser.values(QStringLiteral("fallback-file"))) {
        auto fb = readSecretFile(io, f);
        if (printFailure(io, fb, json)) {
            wipeSecret(signing->secret);
            for (auto& earlier : options.fallbackSecrets)
                wipeSecret(earlier);
            return ExitBadInput;
        }
        options.fallbackSecrets.append(fb.value());
    }
    auto v = flask::verifyFlaskSession(input->data, signing->secret, options);
    wipeSecret(signing->secret);
    for (auto& f : options.fallbackSecrets)
        wipeSecret(f);
    if (printFailure(io, v, json)) {
        const bool badInput = !v.error().code.startsWith(QLatin1String("flask.signature")) &&
                              v.error().code != QLatin1String("flask.timestamp.future");
        return badInput ? ExitBadInput : ExitNegative;
    }
    if (json) {
        QJsonObject o = sessionJson(v->session);
        o.insert(QStringLiteral("ok"), true);
        o.insert(QStringLiteral("valid"), true);
        o.insert(QStringLiteral("secretIndex"), v->secretIndex);
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else {
        io.println(v->secretIndex == 0
                       ? QStringLiteral("Signature valid.")
                       : QStringLiteral("Signature valid with fallback secret %1.").arg(v->secretIndex));
        printSession(io, v->session);
    }
    return ExitOk;
}

int runSign(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("session as JSON (typed form for tuples, bytes, UUIDs, datetimes)"));
    addSecretOptions(parser);
    parser.addOption(
        QCommandLineOption(QStringLiteral("legacy-epoch"), QStringLiteral("Write an itsdangerous < 1.0 timestamp.")));
    const QString usage = QStringLiteral("session sign");
    int exitCode = ExitOk;
    const auto input =
        parseCommandWithInput(parser, args, io, usage,
                              QStringLiteral("Sign a session the way Flask does, for testing your own app."), exitCode);
    if (!input)
        return exitCode;
    const bool json = input->json;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(input->data, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        printError(io,
                   Error::make(QStringLiteral("cli.session.json"), QStringLiteral("The session must be a JSON object."),
                               QStringLiteral("input")),
                   json);
        return ExitBadInput;
    }
    auto signing = readSigningInputs(parser, io, usage, exitCode);
    if (!signing)
        return exitCode;
    FixedClock clock(signing->now);
    flask::FlaskSignOptions options;
    options.clock = &clock;
    options.salt = signing->salt;
    options.legacyEpoch = parser.isSet(QStringLiteral("legacy-epoch"));
    auto cookie = flask::signFlaskSession(doc.object(), signing->secret, options);
    wipeSecret(signing->secret);
    if (printFailure(io, cookie, json))
        return ExitBadInput;
    if (json)
        io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), true},
                                               {QStringLiteral("cookie"), QString::fromUtf8(cookie.value())}})
                         .toJson(QJsonDocument::Compact));
    else
        io.println(QString::fromUtf8(cookie.value()));
    return ExitOk;
}

} // namespace

CommandGroup sessionGroup()
{
    return {QStringLiteral("session"),
            QStringLiteral("Flask session cookies: decode, verify, sign, search the secret."),
            {{QStringLiteral("decode"), QStringLiteral("Show what a Flask session cookie holds."), runDecode},
             {QStringLiteral("verify"), QStringLiteral("Check its signature and age with a SECRET_KEY."), runVerify},
             {QStringLiteral("sign"), QStringLiteral("Sign a session as Flask would."), runSign},
             {QStringLiteral("crack"), QStringLiteral("Search a weak SECRET_KEY."), runSessionCrack}}};
}

} // namespace gatehouse::cli
