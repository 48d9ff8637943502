#pragma once

// What the local-mode command files (Db/User/Role/Task/Product/Audit/TransferCommands.cpp) share: opening
// the database, building the services, authenticating the acting user, and printing results and errors
// with the local exit codes.
//
// Every command takes --db PATH (default: gatehouse.sqlite in the user's data folder). Commands that act
// as someone take --as NAME and read that user's password from standard input (--password-stdin; one
// line) or, when standard input is a terminal, from a prompt with echo off. Commands that set a password
// read it from the next line (or the next prompt). Passwords are never arguments.
// Exit codes: 0 ok, 1 refused login or account state, 2 usage, 3 bad input, 4 permission denied,
// 5 database error.
#include "CommandSupport.h"
#include "PasswordInput.h"

#include "common/Result.h"
#include "services/AccountService.h"
#include "services/AuditLog.h"
#include "services/ImportExportService.h"
#include "services/ProductService.h"
#include "services/RoleService.h"
#include "services/TaskService.h"
#include "store/Database.h"

#include <QCommandLineParser>
#include <QJsonObject>

#include <memory>
#include <optional>

namespace gatehouse::cli::local {

// The exit code for a service error (exitCodeFor): perm.denied 4, db.* 5, refused logins and account
// states 1, else 3.
int exitFor(const core::Error& e);

// One command's local-mode context: the open database, the services and the acting user.
struct Local
{
    bool json = false;
    std::shared_ptr<core::store::Database> db;
    core::services::ServiceContext ctx;
    std::unique_ptr<core::services::AccountService> accounts;
    std::unique_ptr<core::services::RoleService> roles;
    std::unique_ptr<core::services::TaskService> tasks;
    std::unique_ptr<core::services::ProductService> products;
    std::unique_ptr<core::services::AuditLog> audit;
    std::unique_ptr<core::services::ImportExportService> transfer;
    core::services::Principal actor;
    QString actingPassword;  // kept only for "user passwd" (the current password)
    PasswordInput passwords; // the acting user's, then any new password
};

QString defaultDbPath();
// --db and --hash-iterations; with `actor`, also --as and --password-stdin.
void addLocalOptions(QCommandLineParser& p, bool actor);
// Prints `e` (JSON with --json) and returns its exit code.
int fail(Local& l, const CliIo& io, const core::Error& e);
// Opens the database, builds the services and, when `authenticate`, logs the --as user in. A value means
// "return this exit code now" (the error has been printed).
std::optional<int> openLocal(const QCommandLineParser& p, const CliIo& io, Local& l, bool authenticate,
                             bool createIfMissing = false, bool changingPassword = false);
// Success: `extra` plus "ok": true with --json, else `text` (when not empty) on a line.
int ok(Local& l, const CliIo& io, const QJsonObject& extra, const QString& text);
int okStatus(Local& l, const CliIo& io, const core::Status& s, const QString& text);
core::Result<qint64> userIdByName(Local& l, const QString& name);
// Seconds since the epoch as ISO 8601 UTC, "-" for 0.
QString when(qint64 seconds);
// A numeric id argument; -1 (which no record has) when it is not a number.
qint64 idArg(const QString& s);

} // namespace gatehouse::cli::local

// Parses, opens and authenticates in one go; `positional` is the exact number of positional arguments.
// Needs `parser`, `args` and `io` in scope; declares `l` (the Local) and `pos` (the positional arguments).
#define GH_PREPARE(usage, description, authenticate, positional)                                                       \
    if (auto done = parseCommand(parser, args, io, QStringLiteral(usage), QStringLiteral(description)))                \
        return *done;                                                                                                  \
    if (parser.positionalArguments().size() != (positional)) {                                                         \
        io.error(QStringLiteral("gatehouse-cli %1: expected %2 argument(s); see --help")                               \
                     .arg(QStringLiteral(usage))                                                                       \
                     .arg(positional));                                                                                \
        return ExitUsage;                                                                                              \
    }                                                                                                                  \
    Local l;                                                                                                           \
    if (auto done = openLocal(parser, io, l, authenticate))                                                            \
        return *done;                                                                                                  \
    const QStringList pos = parser.positionalArguments();
