#include "CommandSupport.h"

#include <QJsonDocument>

#include <openssl/crypto.h>

namespace gatehouse::cli {

int dispatch(const CommandGroup& group, const QStringList& args, const CliIo& io)
{
    auto groupHelp = [&] {
        QString text = QStringLiteral("Usage: gatehouse-cli %1 <command> [options]\n\n%2\n\nCommands:\n")
                           .arg(group.name, group.summary);
        for (const auto& c : group.commands)
            text += QStringLiteral("  %1  %2\n").arg(c.name.leftJustified(10), c.summary);
        text += QStringLiteral("\nRun 'gatehouse-cli %1 <command> --help' for its options.\n").arg(group.name);
        return text;
    };
    if (args.isEmpty()) {
        io.err->write(groupHelp().toUtf8());
        return ExitUsage;
    }
    if (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        io.print(groupHelp());
        return ExitOk;
    }
    for (const auto& c : group.commands) {
        if (c.name == args.first())
            return c.run(args, io);
    }
    io.error(QStringLiteral("gatehouse-cli %1: unknown command '%2'").arg(group.name, args.first()));
    io.err->write(groupHelp().toUtf8());
    return ExitUsage;
}

std::optional<int> parseCommand(QCommandLineParser& parser, const QStringList& args, const CliIo& io,
                                const QString& usageLine, const QString& description)
{
    parser.setApplicationDescription(description);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print the result as JSON.")));
    QStringList withProgram = args;
    if (!withProgram.isEmpty())
        withProgram[0] = QStringLiteral("gatehouse-cli ") + usageLine;
    if (!parser.parse(withProgram)) {
        io.error(QStringLiteral("gatehouse-cli %1: %2").arg(usageLine, parser.errorText()));
        io.error(QStringLiteral("Run 'gatehouse-cli %1 --help' for usage.").arg(usageLine));
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        // QCommandLineParser names the program after the executable's path; name the command instead.
        QString text = parser.helpText();
        const qsizetype optionsAt = text.indexOf(QStringLiteral(" [options]"));
        if (text.startsWith(QStringLiteral("Usage: ")) && optionsAt > 0)
            text.replace(7, optionsAt - 7, QStringLiteral("gatehouse-cli ") + usageLine);
        io.print(text);
        return ExitOk;
    }
    return std::nullopt;
}

void addInputOptions(QCommandLineParser& parser, const QString& what)
{
    parser.addPositionalArgument(QStringLiteral("input"),
                                 QStringLiteral("The %1, or - to read it from standard input.").arg(what),
                                 QStringLiteral("[INPUT|-]"));
    parser.addOption(QCommandLineOption(
        QStringLiteral("file"), QStringLiteral("Read the %1 from FILE instead.").arg(what), QStringLiteral("FILE")));
}

std::optional<QByteArray> readChosenInput(const QCommandLineParser& parser, const CliIo& io, int& exitCode,
                                          qint64 maxBytes)
{
    const QStringList positional = parser.positionalArguments();
    const bool fromFile = parser.isSet(QStringLiteral("file"));
    if ((fromFile && !positional.isEmpty()) || (!fromFile && positional.size() != 1)) {
        io.error(QStringLiteral("gatehouse-cli: give exactly one input: an argument, - for standard input, or --file"));
        exitCode = ExitUsage;
        return std::nullopt;
    }
    const QString source = fromFile ? parser.value(QStringLiteral("file")) : positional.first();
    auto data = readInput(io, source, fromFile, maxBytes);
    if (!data) {
        printError(io, data.error(), parser.isSet(QStringLiteral("json")));
        exitCode = ExitBadInput;
        return std::nullopt;
    }
    return std::move(data).value();
}

std::optional<CommandInput> parseCommandWithInput(QCommandLineParser& parser, const QStringList& args, const CliIo& io,
                                                  const QString& usageLine, const QString& description, int& exitCode)
{
    if (auto rc = parseCommand(parser, args, io, usageLine, description)) {
        exitCode = *rc;
        return std::nullopt;
    }
    auto data = readChosenInput(parser, io, exitCode);
    if (!data)
        return std::nullopt;
    return CommandInput{parser.isSet(QStringLiteral("json")), std::move(*data)};
}

int exitCodeFor(const core::Error& error)
{
    const QString& c = error.code;
    if (c == QLatin1String("perm.denied") || c == QLatin1String("http.403"))
        return ExitPermission;
    if (c.startsWith(QLatin1String("db.")))
        return ExitDatabase;
    if (c.startsWith(QLatin1String("auth.")) || c.startsWith(QLatin1String("account.")) ||
        c == QLatin1String("admin.last") || c.startsWith(QLatin1String("setup.")) ||
        c.startsWith(QLatin1String("http.401")) || c == QLatin1String("http.429"))
        return ExitNegative;
    if (c == QLatin1String("http.400") || c == QLatin1String("http.404") || c == QLatin1String("http.409") ||
        c == QLatin1String("http.422") || c == QLatin1String("http.4xx"))
        return ExitBadInput;
    if (c.startsWith(QLatin1String("network.")) || c.startsWith(QLatin1String("http.")) ||
        c.startsWith(QLatin1String("remote.")) || c.startsWith(QLatin1String("vault.")))
        return ExitNetwork;
    return ExitBadInput;
}

void wipeSecret(QByteArray& secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    secret.clear();
}

QJsonObject errorToJson(const core::Error& error)
{
    QJsonObject e{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}};
    if (!error.where.isEmpty())
        e.insert(QStringLiteral("where"), error.where);
    return e;
}

void printError(const CliIo& io, const core::Error& error, bool json)
{
    if (json) {
        const QJsonObject o{{QStringLiteral("ok"), false}, {QStringLiteral("error"), errorToJson(error)}};
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
        return;
    }
    QString line = QStringLiteral("gatehouse-cli: ") + error.message;
    if (!error.where.isEmpty())
        line += QStringLiteral(" (") + error.where + QLatin1Char(')');
    line += QStringLiteral(" [") + error.code + QLatin1Char(']');
    io.error(line);
}

} // namespace gatehouse::cli
