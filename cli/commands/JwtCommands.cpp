// gatehouse-cli jwt decode | verify | sign | lint | crack.
#include "commands/Groups.h"
#include "commands/JwtCrackCommand.h"
#include "commands/JwtOutput.h"

#include "common/Clock.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtLinter.h"
#include "jwt/JwtToken.h"
#include "jwt/JwtVerifier.h"
#include "json/StrictJson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/crypto.h>

#include <memory>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

const QString kSecretFile = QStringLiteral("secret-file");
const QString kSecretEncoding = QStringLiteral("secret-encoding");
const QString kKeyFile = QStringLiteral("key-file");
const QString kKid = QStringLiteral("kid");
const QString kNow = QStringLiteral("now");
const QString kAlg = QStringLiteral("alg");

void addKeyOptions(QCommandLineParser& parser, bool required)
{
    const QString need = required ? QStringLiteral(" One of --secret-file or --key-file is required.") : QString();
    parser.addOption(QCommandLineOption(
        kSecretFile, QStringLiteral("HMAC secret from FILE ('-' for standard input).") + need, QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(kSecretEncoding,
                                        QStringLiteral("How the secret is written: utf8 (default), base64url or hex."),
                                        QStringLiteral("ENC"), QStringLiteral("utf8")));
    parser.addOption(QCommandLineOption(kKeyFile,
                                        QStringLiteral("PEM public/private key, X.509 certificate, JWK or JWKS "
                                                       "from FILE ('-' for standard input)."),
                                        QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(kKid,
                                        QStringLiteral("Select the JWKS key with this kid (default: the "
                                                       "token's kid)."),
                                        QStringLiteral("KID")));
}

void addNowOption(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(kNow,
                                        QStringLiteral("Judge times as if it were SECONDS since the epoch (default: "
                                                       "the system clock)."),
                                        QStringLiteral("SECONDS")));
}

// Reads --now; std::nullopt with a usage error printed when it is not a number.
std::optional<std::unique_ptr<Clock>> clockFromOptions(const QCommandLineParser& parser, const CliIo& io)
{
    if (!parser.isSet(kNow))
        return std::unique_ptr<Clock>(std::make_unique<FixedClock>(SystemClock::instance().nowSeconds()));
    bool ok = false;
    const qint64 now = parser.value(kNow).toLongLong(&ok);
    if (!ok) {
        io.error(QStringLiteral("gatehouse-cli jwt: --now takes seconds since the epoch"));
        return std::nullopt;
    }
    return std::unique_ptr<Clock>(std::make_unique<FixedClock>(now));
}

bool keyGiven(const QCommandLineParser& parser)
{
    return parser.isSet(kSecretFile) || parser.isSet(kKeyFile);
}

// Loads the key chosen by addKeyOptions. `tokenKid` is used to pick from a JWKS when --kid is not given.
Result<JwtKey> loadKey(const QCommandLineParser& parser, const CliIo& io, const QString& tokenKid)
{
    if (parser.isSet(kSecretFile) && parser.isSet(kKeyFile)) {
        return Error::make(QStringLiteral("cli.key"), QStringLiteral("give --secret-file or --key-file, not both"));
    }
    if (parser.isSet(kSecretFile)) {
        JwtKey::SecretEncoding encoding = JwtKey::SecretEncoding::Utf8;
        const QString enc = parser.value(kSecretEncoding);
        if (enc == QLatin1String("base64url")) {
            encoding = JwtKey::SecretEncoding::Base64Url;
        } else if (enc == QLatin1String("hex")) {
            encoding = JwtKey::SecretEncoding::Hex;
        } else if (enc != QLatin1String("utf8")) {
            return Error::make(QStringLiteral("cli.key"),
                               QStringLiteral("--secret-encoding is utf8, base64url or hex, not '%1'").arg(enc));
        }
        auto secret = readSecretFile(io, parser.value(kSecretFile));
        if (!secret)
            return secret.error();
        QByteArray bytes = std::move(secret).value();
        auto key = JwtKey::fromHmacSecret(bytes, encoding);
        if (!bytes.isEmpty())
            OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
        return key;
    }
    auto text = readSecretFile(io, parser.value(kKeyFile), 1024 * 1024);
    if (!text)
        return text.error();
    const QString kid = parser.isSet(kKid) ? parser.value(kKid) : tokenKid;
    QByteArray bytes = std::move(text).value();
    auto key = JwtKey::fromAnyText(bytes, kid);
    OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
    return key;
}

std::optional<QList<Algorithm>> algorithmsFromOption(const QCommandLineParser& parser, const CliIo& io)
{
    QList<Algorithm> algs;
    for (const QString& name : parser.value(kAlg).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto alg = algorithmFromName(name.trimmed());
        if (!alg) {
            io.error(QStringLiteral("gatehouse-cli jwt: unknown algorithm '%1'").arg(name));
            return std::nullopt;
        }
        algs << *alg;
    }
    return algs;
}

bool inputFromStdin(const QCommandLineParser& parser)
{
    return parser.positionalArguments().value(0) == QLatin1String("-");
}

bool secretFromStdin(const QCommandLineParser& parser)
{
    return (parser.isSet(kSecretFile) && parser.value(kSecretFile) == QLatin1String("-")) ||
           (parser.isSet(kKeyFile) && parser.value(kKeyFile) == QLatin1String("-"));
}

// Standard input can be read once: refuses (usage error printed, true returned) when `other` ("token",
// "payload") and the key both name it.
bool bothFromStdin(const CliIo& io, const QString& usage, bool otherFromStdin, const QCommandLineParser& parser,
                   const QString& other)
{
    if (!otherFromStdin || !secretFromStdin(parser))
        return false;
    io.error(
        QStringLiteral("gatehouse-cli %1: the %2 and the key cannot both come from standard input").arg(usage, other));
    return true;
}

// --now and then the input: the tail of the opening decode, verify and lint share.
struct ClockAndInput
{
    std::unique_ptr<Clock> clock;
    QByteArray input;
};

std::optional<ClockAndInput> clockAndInput(const QCommandLineParser& parser, const CliIo& io, int& exitCode)
{
    auto clock = clockFromOptions(parser, io);
    if (!clock) {
        exitCode = ExitUsage;
        return std::nullopt;
    }
    auto input = readChosenInput(parser, io, exitCode);
    if (!input)
        return std::nullopt;
    return ClockAndInput{std::move(*clock), std::move(*input)};
}

// Loads the key when one was given (lint and sign take it optionally). False when loading failed (printed).
bool loadGivenKey(const QCommandLineParser& parser, const CliIo& io, const QString& tokenKid, bool json,
                  std::optional<JwtKey>& key)
{
    if (!keyGiven(parser))
        return true;
    auto loaded = loadKey(parser, io, tokenKid);
    if (printFailure(io, loaded, json))
        return false;
    key = std::move(loaded).value();
    return true;
}

int jwtDecode(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("token"));
    addNowOption(parser);
    if (auto done = parseCommand(parser, args, io, QStringLiteral("jwt decode"),
                                 QStringLiteral("Decode a JWT without verifying it: header, payload, claims in plain "
                                                "words, and exactly which segment is broken if it is. Exit 0 for a "
                                                "well-formed token, 3 when something could not be decoded.")))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    int exitCode = ExitOk;
    const auto opened = clockAndInput(parser, io, exitCode);
    if (!opened)
        return exitCode;
    const JwtToken token = JwtToken::parse(opened->input);
    const qint64 now = opened->clock->nowSeconds();
    if (json) {
        QJsonObject o = tokenToJson(token, now);
        o.insert(QStringLiteral("ok"), token.isWellFormed());
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else {
        io.print(tokenToText(token, now));
    }
    return token.isWellFormed() ? ExitOk : ExitBadInput;
}

int jwtVerify(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("token"));
    addKeyOptions(parser, true);
    addNowOption(parser);
    parser.addOption(QCommandLineOption(kAlg,
                                        QStringLiteral("Required: the algorithm(s) to accept, comma-separated "
                                                       "(e.g. HS256 or RS256,PS256). Never taken from the token."),
                                        QStringLiteral("ALG")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("iss"), QStringLiteral("Required issuer."), QStringLiteral("ISSUER")));
    parser.addOption(QCommandLineOption(QStringLiteral("aud"),
                                        QStringLiteral("Accepted audience (repeatable; any one must match)."),
                                        QStringLiteral("AUDIENCE")));
    parser.addOption(QCommandLineOption(QStringLiteral("require"),
                                        QStringLiteral("A claim that must be present (repeatable, e.g. exp)."),
                                        QStringLiteral("CLAIM")));
    parser.addOption(QCommandLineOption(QStringLiteral("leeway"),
                                        QStringLiteral("Clock leeway for exp/nbf/iat in seconds (default 60)."),
                                        QStringLiteral("SECONDS"), QStringLiteral("60")));
    parser.addOption(QCommandLineOption(QStringLiteral("allow-unsecured"),
                                        QStringLiteral("Accept alg \"none\" (decode-only use: such a token proves "
                                                       "nothing).")));
    if (auto done = parseCommand(parser, args, io, QStringLiteral("jwt verify"),
                                 QStringLiteral("Verify a JWT's signature with a pinned algorithm, then its claims. "
                                                "Exit 0 valid, 1 invalid (signature, expired, claims), 3 malformed "
                                                "token or key.")))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!parser.isSet(kAlg)) {
        io.error(QStringLiteral("gatehouse-cli jwt verify: --alg is required: the algorithm is pinned by the "
                                "verifier, never taken from the token (RFC 8725 §3.1)"));
        return ExitUsage;
    }
    if (!keyGiven(parser)) {
        io.error(QStringLiteral("gatehouse-cli jwt verify: give the key with --secret-file or --key-file"));
        return ExitUsage;
    }
    if (bothFromStdin(io, QStringLiteral("jwt verify"), inputFromStdin(parser), parser, QStringLiteral("token")))
        return ExitUsage;
    const auto algs = algorithmsFromOption(parser, io);
    if (!algs)
        return ExitUsage;
    bool leewayOk = false;
    const qint64 leeway = parser.value(QStringLiteral("leeway")).toLongLong(&leewayOk);
    if (!leewayOk || leeway < 0) {
        io.error(QStringLiteral("gatehouse-cli jwt verify: --leeway takes a non-negative number of seconds"));
        return ExitUsage;
    }
    int exitCode = ExitOk;
    const auto opened = clockAndInput(parser, io, exitCode);
    if (!opened)
        return exitCode;
    const QByteArray& input = opened->input;

    const JwtToken parsed = JwtToken::parse(input);
    if (!parsed.isWellFormed()) {
        printError(io, parsed.errors().first(), json);
        return ExitBadInput;
    }
    const QString tokenKid = parsed.headerObject().value(QStringLiteral("kid")).toString();
    auto key = loadKey(parser, io, tokenKid);
    if (printFailure(io, key, json))
        return ExitBadInput;

    JwtVerifier verifier(key.value(), *algs);
    ClaimRequirements requirements;
    requirements.clock = opened->clock.get();
    requirements.leewaySeconds = leeway;
    requirements.expectedIssuer = parser.value(QStringLiteral("iss"));
    requirements.expectedAudiences = parser.values(QStringLiteral("aud"));
    requirements.requiredClaims = parser.values(QStringLiteral("require"));
    verifier.setClaimRequirements(requirements);
    verifier.setAllowUnsecured(parser.isSet(QStringLiteral("allow-unsecured")));

    const auto result = verifier.verify(input);
    const bool valid = result.ok();
    if (json) {
        QJsonObject o{{QStringLiteral("ok"), true}, {QStringLiteral("valid"), valid}};
        o.insert(QStringLiteral("key"), key->describe());
        if (valid) {
            o.insert(QStringLiteral("alg"), result->algorithmText());
            o.insert(QStringLiteral("header"), result->headerObject());
            o.insert(QStringLiteral("payload"), result->payloadObject());
        } else {
            o.insert(QStringLiteral("error"), errorToJson(result.error()));
        }
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else if (valid) {
        io.println(
            QStringLiteral("valid: %1 signature by %2; claims accepted").arg(result->algorithmText(), key->describe()));
        io.print(tokenToText(result.value(), opened->clock->nowSeconds()));
    } else {
        io.println(QStringLiteral("INVALID: %1 [%2]").arg(result.error().message, result.error().code));
    }
    return valid ? ExitOk : ExitNegative;
}

int jwtSign(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addKeyOptions(parser, true);
    addNowOption(parser);
    parser.addOption(QCommandLineOption(kAlg,
                                        QStringLiteral("Required: the algorithm (HS256, RS256, ES256, "
                                                       "EdDSA, ...)."),
                                        QStringLiteral("ALG")));
    parser.addOption(QCommandLineOption(QStringLiteral("payload"),
                                        QStringLiteral("The claims as a JSON object (default {})."),
                                        QStringLiteral("JSON")));
    parser.addOption(QCommandLineOption(QStringLiteral("payload-file"),
                                        QStringLiteral("Read the claims JSON from FILE ('-' for standard input)."),
                                        QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("header"), QStringLiteral("Extra header members as a JSON object (e.g. {\"kid\":\"k1\"})."),
        QStringLiteral("JSON")));
    parser.addOption(QCommandLineOption(QStringLiteral("exp-in"), QStringLiteral("Set exp to now + SECONDS."),
                                        QStringLiteral("SECONDS")));
    parser.addOption(QCommandLineOption(QStringLiteral("iat"), QStringLiteral("Set iat to now.")));
    parser.addOption(QCommandLineOption(QStringLiteral("unsecured"),
                                        QStringLiteral("Allow alg none (an unsigned token, to test that servers "
                                                       "refuse it).")));
    if (auto done = parseCommand(parser, args, io, QStringLiteral("jwt sign"),
                                 QStringLiteral("Sign a token for testing. Prints the compact token.")))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!parser.positionalArguments().isEmpty()) {
        io.error(QStringLiteral("gatehouse-cli jwt sign: unexpected argument '%1'")
                     .arg(parser.positionalArguments().first()));
        return ExitUsage;
    }
    if (!parser.isSet(kAlg)) {
        io.error(QStringLiteral("gatehouse-cli jwt sign: --alg is required"));
        return ExitUsage;
    }
    const bool unsecured = parser.value(kAlg) == QLatin1String("none");
    if (unsecured && !parser.isSet(QStringLiteral("unsecured"))) {
        io.error(QStringLiteral("gatehouse-cli jwt sign: alg none makes an unsigned token; add --unsecured if that "
                                "is what you want"));
        return ExitUsage;
    }
    if (!unsecured && !keyGiven(parser)) {
        io.error(QStringLiteral("gatehouse-cli jwt sign: give the key with --secret-file or --key-file"));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("payload")) && parser.isSet(QStringLiteral("payload-file"))) {
        io.error(QStringLiteral("gatehouse-cli jwt sign: give --payload or --payload-file, not both"));
        return ExitUsage;
    }
    if (bothFromStdin(io, QStringLiteral("jwt sign"),
                      parser.value(QStringLiteral("payload-file")) == QLatin1String("-"), parser,
                      QStringLiteral("payload")))
        return ExitUsage;
    const auto clock = clockFromOptions(parser, io);
    if (!clock)
        return ExitUsage;

    auto parseObject = [&](const QByteArray& text, const QString& what) -> Result<QJsonObject> {
        const auto doc = json::StrictJson::parse(text);
        if (const auto* issue = doc.firstError()) {
            return Error::make(issue->code, QStringLiteral("%1: %2").arg(what, issue->message), issue->path);
        }
        if (!doc.hasValue() || !doc.toJsonValue().isObject())
            return Error::make(QStringLiteral("cli.json"), QStringLiteral("%1 must be a JSON object").arg(what));
        return doc.toJsonObject();
    };

    QByteArray payloadText("{}");
    if (parser.isSet(QStringLiteral("payload"))) {
        payloadText = parser.value(QStringLiteral("payload")).toUtf8();
    } else if (parser.isSet(QStringLiteral("payload-file"))) {
        const auto r = readInput(io, parser.value(QStringLiteral("payload-file")), true); // "-" is stdin
        if (printFailure(io, r, json))
            return ExitBadInput;
        payloadText = r.value();
    }
    auto payload = parseObject(payloadText, QStringLiteral("the payload"));
    if (printFailure(io, payload, json))
        return ExitBadInput;
    QJsonObject header;
    if (parser.isSet(QStringLiteral("header"))) {
        auto h = parseObject(parser.value(QStringLiteral("header")).toUtf8(), QStringLiteral("the header"));
        if (printFailure(io, h, json))
            return ExitBadInput;
        header = h.value();
    }
    header.insert(QStringLiteral("alg"), parser.value(kAlg));
    if (!header.contains(QStringLiteral("typ")))
        header.insert(QStringLiteral("typ"), QStringLiteral("JWT"));
    QJsonObject claimsObject = payload.value();
    const qint64 now = (*clock)->nowSeconds();
    if (parser.isSet(QStringLiteral("iat")))
        claimsObject.insert(QStringLiteral("iat"), now);
    if (parser.isSet(QStringLiteral("exp-in"))) {
        bool ok = false;
        const qint64 in = parser.value(QStringLiteral("exp-in")).toLongLong(&ok);
        if (!ok) {
            io.error(QStringLiteral("gatehouse-cli jwt sign: --exp-in takes seconds"));
            return ExitUsage;
        }
        claimsObject.insert(QStringLiteral("exp"), now + in);
    }

    std::optional<JwtKey> key;
    if (!loadGivenKey(parser, io, header.value(QStringLiteral("kid")).toString(), json, key))
        return ExitBadInput;
    JwtEncoder::Options options;
    options.allowUnsecured = unsecured;
    const auto token = JwtEncoder::encode(header, claimsObject, key ? *key : JwtKey(), options);
    if (printFailure(io, token, json))
        return ExitBadInput;
    if (json) {
        io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), true},
                                               {QStringLiteral("token"), QString::fromLatin1(token.value())}})
                         .toJson(QJsonDocument::Compact));
    } else {
        io.println(QString::fromLatin1(token.value()));
    }
    return ExitOk;
}

int jwtLint(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("token"));
    addKeyOptions(parser, false);
    addNowOption(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("fail-on"),
                                        QStringLiteral("Exit 1 when a finding is at least this severe: info, low, "
                                                       "medium, high (default) or critical."),
                                        QStringLiteral("SEVERITY"), QStringLiteral("high")));
    if (auto done = parseCommand(parser, args, io, QStringLiteral("jwt lint"),
                                 QStringLiteral("Security findings for a token (RFC 8725 and known CVEs), each in "
                                                "plain words with its rule. Give the key to also judge it.")))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    std::optional<JwtFinding::Severity> failOn;
    for (auto s : {JwtFinding::Severity::Info, JwtFinding::Severity::Low, JwtFinding::Severity::Medium,
                   JwtFinding::Severity::High, JwtFinding::Severity::Critical}) {
        if (JwtFinding::severityName(s) == parser.value(QStringLiteral("fail-on")))
            failOn = s;
    }
    if (!failOn) {
        io.error(QStringLiteral("gatehouse-cli jwt lint: --fail-on is info, low, medium, high or critical"));
        return ExitUsage;
    }
    if (bothFromStdin(io, QStringLiteral("jwt lint"), inputFromStdin(parser), parser, QStringLiteral("token")))
        return ExitUsage;
    int exitCode = ExitOk;
    const auto opened = clockAndInput(parser, io, exitCode);
    if (!opened)
        return exitCode;
    const JwtToken token = JwtToken::parse(opened->input);
    std::optional<JwtKey> key;
    if (!loadGivenKey(parser, io, token.headerObject().value(QStringLiteral("kid")).toString(), json, key))
        return ExitBadInput;
    const QList<JwtFinding> findings = JwtLinter::lint(token, key ? &*key : nullptr, opened->clock.get());
    bool failing = false;
    for (const auto& f : findings)
        failing = failing || f.severity() >= *failOn;
    if (json) {
        QJsonObject o{{QStringLiteral("ok"), true}, {QStringLiteral("findings"), findingsToJson(findings)}};
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else {
        io.print(findingsToText(findings));
    }
    return failing ? ExitNegative : ExitOk;
}

} // namespace

CommandGroup jwtGroup()
{
    return {QStringLiteral("jwt"),
            QStringLiteral("JSON Web Tokens (RFC 7519, RFC 8725)"),
            {{QStringLiteral("decode"), QStringLiteral("decode without verifying; say what is broken"), jwtDecode},
             {QStringLiteral("verify"), QStringLiteral("verify signature (pinned algorithm) and claims"), jwtVerify},
             {QStringLiteral("sign"), QStringLiteral("sign a token for testing"), jwtSign},
             {QStringLiteral("lint"), QStringLiteral("security findings in plain words"), jwtLint},
             {QStringLiteral("crack"), QStringLiteral("search an HS256/384/512 secret in a dictionary"), runJwtCrack}}};
}

} // namespace gatehouse::cli
