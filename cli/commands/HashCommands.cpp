// gatehouse-cli hash make | verify | info: werkzeug-compatible password hashes.
#include "commands/Groups.h"

#include "password/PasswordHash.h"
#include "password/PasswordHasher.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/crypto.h>

namespace gatehouse::cli {

using namespace gatehouse::core;
using password::HashPolicy;
using password::PasswordHash;
using password::PasswordHasher;

namespace {

const QString kPasswordFile = QStringLiteral("password-file");

void wipe(QByteArray& secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), static_cast<size_t>(secret.size()));
    secret.clear();
}

void addPasswordOption(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(kPasswordFile,
                                        QStringLiteral("Read the password from FILE, or from standard input with "
                                                       "'-' (the default). Never pass a password as an argument."),
                                        QStringLiteral("FILE"), QStringLiteral("-")));
}

std::optional<HashPolicy> policyFromOptions(const QCommandLineParser& parser, const CliIo& io)
{
    const QString method = parser.value(QStringLiteral("method"));
    HashPolicy policy;
    if (method == QLatin1String("pbkdf2:sha256")) {
        policy = HashPolicy::pbkdf2Sha256();
    } else if (method == QLatin1String("pbkdf2:sha512")) {
        policy = HashPolicy::pbkdf2Sha512();
    } else if (method == QLatin1String("scrypt")) {
        policy = HashPolicy::scrypt();
    } else {
        io.error(QStringLiteral("gatehouse-cli hash: unknown --method '%1' (pbkdf2:sha256, pbkdf2:sha512, scrypt)")
                     .arg(method));
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("iterations"))) {
        bool ok = false;
        const uint iterations = parser.value(QStringLiteral("iterations")).toUInt(&ok);
        if (!ok || iterations == 0 || method == QLatin1String("scrypt")) {
            io.error(QStringLiteral("gatehouse-cli hash: --iterations takes a positive number, for pbkdf2 methods"));
            return std::nullopt;
        }
        policy.iterations = iterations;
    }
    const Status valid = PasswordHasher::checkPolicy(policy);
    if (!valid) {
        io.error(QStringLiteral("gatehouse-cli hash: %1").arg(valid.error().message));
        return std::nullopt;
    }
    return policy;
}

void addPolicyOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("method"),
                                        QStringLiteral("pbkdf2:sha256 (default), pbkdf2:sha512 or scrypt "
                                                       "(scrypt:32768:8:1)."),
                                        QStringLiteral("METHOD"), QStringLiteral("pbkdf2:sha256")));
    parser.addOption(QCommandLineOption(QStringLiteral("iterations"),
                                        QStringLiteral("PBKDF2 iterations (default 600000)."), QStringLiteral("N")));
}

int hashMake(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addPasswordOption(parser);
    addPolicyOptions(parser);
    if (auto done = parseCommand(parser, args, io, QStringLiteral("hash make"),
                                 QStringLiteral("Make a werkzeug-compatible password hash (pbkdf2:sha256:600000 by "
                                                "default) from a password read from a file or standard input.")))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!parser.positionalArguments().isEmpty()) {
        io.error(QStringLiteral("gatehouse-cli hash make: the password is never an argument; use --password-file "
                                "FILE or standard input"));
        return ExitUsage;
    }
    const auto policy = policyFromOptions(parser, io);
    if (!policy)
        return ExitUsage;
    auto password = readSecretFile(io, parser.value(kPasswordFile));
    if (!password) {
        printError(io, password.error(), json);
        return ExitBadInput;
    }
    QByteArray secret = std::move(password).value();
    if (secret.isEmpty()) {
        wipe(secret);
        printError(io, Error::make(QStringLiteral("password.empty"), QStringLiteral("the password is empty")), json);
        return ExitBadInput;
    }
    auto made = PasswordHasher::make(QByteArrayView(secret), *policy);
    wipe(secret);
    if (!made) {
        printError(io, made.error(), json);
        return ExitBadInput;
    }
    if (json) {
        io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("hash"), made.value()}})
                         .toJson(QJsonDocument::Compact));
    } else {
        io.println(made.value());
    }
    return ExitOk;
}

int hashVerify(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("hash string"));
    addPasswordOption(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("rehash"),
                                        QStringLiteral("On a match, also say whether the hash is below the default "
                                                       "policy and should be replaced.")));
    if (auto done = parseCommand(parser, args, io, QStringLiteral("hash verify"),
                                 QStringLiteral("Check a password against a werkzeug hash. Exit 0 when it matches, "
                                                "1 when it does not, 3 when the hash is malformed or unsupported.")))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    const QString passwordSource = parser.value(kPasswordFile);
    if (passwordSource == QLatin1String("-") && parser.positionalArguments().value(0) == QLatin1String("-")) {
        io.error(QStringLiteral("gatehouse-cli hash verify: the hash and the password cannot both come from "
                                "standard input"));
        return ExitUsage;
    }
    int exitCode = ExitOk;
    const auto hashText = readChosenInput(parser, io, exitCode, 64 * 1024);
    if (!hashText)
        return exitCode;
    auto password = readSecretFile(io, passwordSource);
    if (!password) {
        printError(io, password.error(), json);
        return ExitBadInput;
    }
    QByteArray secret = std::move(password).value();
    const QByteArray stored = hashText->trimmed();
    const auto result = PasswordHasher::verify(QByteArrayView(secret), QByteArrayView(stored));
    wipe(secret);
    if (!result) {
        printError(io, result.error(), json);
        return ExitBadInput;
    }
    const bool match = result.value();
    bool rehash = false;
    if (match && parser.isSet(QStringLiteral("rehash"))) {
        const auto needs = PasswordHasher::needsRehash(QByteArrayView(stored), HashPolicy{});
        rehash = needs.ok() && needs.value();
    }
    if (json) {
        QJsonObject o{{QStringLiteral("ok"), true}, {QStringLiteral("match"), match}};
        if (parser.isSet(QStringLiteral("rehash")))
            o.insert(QStringLiteral("needs_rehash"), rehash);
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else {
        io.println(match ? QStringLiteral("match") : QStringLiteral("no match"));
        if (match && rehash)
            io.println(QStringLiteral("needs rehash: below the default policy (pbkdf2:sha256:600000)"));
    }
    return match ? ExitOk : ExitNegative;
}

int hashInfo(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("hash string"));
    if (auto done = parseCommand(parser, args, io, QStringLiteral("hash info"),
                                 QStringLiteral("Identify a password hash: its format, the werkzeug versions that "
                                                "write and read it, its strength, and whether to rehash it.")))
        return *done;
    const bool json = parser.isSet(QStringLiteral("json"));
    int exitCode = ExitOk;
    const auto hashText = readChosenInput(parser, io, exitCode, 64 * 1024);
    if (!hashText)
        return exitCode;
    const QByteArray stored = hashText->trimmed();
    const auto parsed = PasswordHash::parse(stored);
    if (!parsed) {
        printError(io, parsed.error(), json);
        return ExitBadInput;
    }
    const PasswordHash::Info info = parsed->info();
    const auto needs = PasswordHasher::needsRehash(QByteArrayView(stored), HashPolicy{});
    const bool rehash = needs.ok() && needs.value();
    if (json) {
        QJsonObject o{{QStringLiteral("ok"), true},
                      {QStringLiteral("format"), info.format},
                      {QStringLiteral("versions"), info.versions},
                      {QStringLiteral("strength"), PasswordHash::strengthName(info.strength)},
                      {QStringLiteral("verdict"), info.verdict},
                      {QStringLiteral("salt_length"), int(parsed->salt().size())},
                      {QStringLiteral("needs_rehash"), rehash}};
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else {
        io.println(QStringLiteral("format:       %1").arg(info.format));
        io.println(QStringLiteral("werkzeug:     %1").arg(info.versions));
        io.println(
            QStringLiteral("strength:     %1 — %2").arg(PasswordHash::strengthName(info.strength), info.verdict));
        io.println(QStringLiteral("salt:         %1 characters").arg(parsed->salt().size()));
        io.println(QStringLiteral("needs rehash: %1")
                       .arg(rehash ? QStringLiteral("yes (below pbkdf2:sha256:600000)") : QStringLiteral("no")));
    }
    return ExitOk;
}

} // namespace

CommandGroup hashGroup()
{
    return {QStringLiteral("hash"),
            QStringLiteral("werkzeug-compatible password hashes"),
            {{QStringLiteral("make"), QStringLiteral("make a hash from a password"), hashMake},
             {QStringLiteral("verify"), QStringLiteral("check a password against a hash"), hashVerify},
             {QStringLiteral("info"), QStringLiteral("identify a hash's format, versions and strength"), hashInfo}}};
}

} // namespace gatehouse::cli
