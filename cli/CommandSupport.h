#pragma once

#include "CliIo.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace gatehouse::cli {

// One subcommand of a group ("jwt decode"). `run` receives the arguments after the group name,
// starting with the command name itself (QCommandLineParser treats the first one as the program name).
struct Command
{
    QString name;
    QString summary;
    std::function<int(const QStringList& args, const CliIo& io)> run;
};

struct CommandGroup
{
    QString name;
    QString summary;
    QList<Command> commands;
};

// Dispatches `args` (starting with the command name) to the matching command of `group`;
// prints the group's help for --help or no command. Returns the exit code.
int dispatch(const CommandGroup& group, const QStringList& args, const CliIo& io);

// Parses a command line without QCommandLineParser::process() (which would exit the process).
// Adds --help and --json to every command. Returns an exit code to return at once when parsing
// failed (usage error) or --help was printed, otherwise std::nullopt.
std::optional<int> parseCommand(QCommandLineParser& parser, const QStringList& args, const CliIo& io,
                                const QString& usageLine, const QString& description);

// Shared input options: a positional INPUT ("-" for stdin) or --file PATH.
void addInputOptions(QCommandLineParser& parser, const QString& what);
// Reads the input chosen by addInputOptions. On failure prints the error and returns std::nullopt
// with `exitCode` set (2 for usage, 3 for unreadable input).
std::optional<QByteArray> readChosenInput(const QCommandLineParser& parser, const CliIo& io, int& exitCode,
                                          qint64 maxBytes = 16 * 1024 * 1024);

// The opening every input-taking command shares: parseCommand, then readChosenInput. std::nullopt means
// return `exitCode` at once (ExitOk after --help, else the error has been printed).
struct CommandInput
{
    bool json = false; // --json
    QByteArray data;
};
std::optional<CommandInput> parseCommandWithInput(QCommandLineParser& parser, const QStringList& args, const CliIo& io,
                                                  const QString& usageLine, const QString& description, int& exitCode);

// Prints an Error as "gatehouse-cli: <message> (<where>) [<code>]" on stderr, or as JSON on stdout
// ({"ok":false,"error":{"code","message","where"}}) when `json` is set.
void printError(const CliIo& io, const core::Error& error, bool json);
QJsonObject errorToJson(const core::Error& error);

// printError for a failed `result`: true when it failed (and was printed), so the caller returns its exit code.
template <typename T>
bool printFailure(const CliIo& io, const core::Result<T>& result, bool json)
{
    if (result)
        return false;
    printError(io, result.error(), json);
    return true;
}

// The exit code for an error of the local services or a remote back end: perm.denied (and HTTP 403) 4,
// db.* 5; refused logins, account states, the last-admin rule, HTTP 401 and 429: 1; the network, the
// server's 5xx, answers of the wrong shape and what a server does not offer: 6; anything else (a bad name,
// not found, conflict, HTTP 400/404/409/422) 3.
int exitCodeFor(const core::Error& error);

// Overwrites a secret read for this command before the buffer is released.
void wipeSecret(QByteArray& secret);

} // namespace gatehouse::cli
