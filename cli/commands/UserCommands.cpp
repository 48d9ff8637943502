// gatehouse-cli user: accounts. list/add/disable/enable/unlock/delete go through the Backend
// (BackendConnection): a local database (--db) or a remote API (--remote PROFILE --url URL), the same JSON
// either way. passwd, roles and export are local only.
#include "commands/BackendConnection.h"
#include "commands/Groups.h"
#include "commands/TransferCommands.h"

#include <QDateTime>
#include <QJsonArray>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::services;
using namespace gatehouse::cli::local;
using gatehouse::core::backend::Backend;

namespace {

int userList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    BackendConnection c;
    if (auto done =
            c.prepare(parser, args, io, QStringLiteral("user list"), QStringLiteral("List accounts (user.view)."), 0))
        return *done;
    auto users = c.await<Result<QList<UserSummary>>>([](Backend& b) { return b.listUsers(); });
    if (!users)
        return c.fail(users.error());
    QJsonArray array;
    QStringList lines;
    for (const UserSummary& u : users.value()) {
        array.append(QJsonObject{{QStringLiteral("id"), u.id},
                                 {QStringLiteral("username"), u.username},
                                 {QStringLiteral("roles"), QJsonArray::fromStringList(u.roles)},
                                 {QStringLiteral("disabled"), u.disabled},
                                 {QStringLiteral("failed_logins"), u.failedLogins},
                                 {QStringLiteral("locked_until"), u.lockedUntil},
                                 {QStringLiteral("must_change_password"), u.mustChangePassword},
                                 {QStringLiteral("last_login"), u.lastLogin},
                                 {QStringLiteral("hash_scheme"), u.hashScheme}});
        lines << QStringLiteral("%1  %2  %3%4%5  last login %6")
                     .arg(u.id)
                     .arg(u.username, u.roles.join(QLatin1Char(',')),
                          u.disabled ? QStringLiteral("  disabled") : QString(),
                          u.lockedUntil > QDateTime::currentSecsSinceEpoch() ? QStringLiteral("  locked") : QString(),
                          when(u.lastLogin));
    }
    return c.ok({{QStringLiteral("users"), array}}, lines.join(QLatin1Char('\n')));
}

int userAdd(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The new username."));
    parser.addOption(QCommandLineOption(
        QStringLiteral("must-change"),
        QStringLiteral("Force a password change at first login (local only: the reference server has no "
                       "forced change, only a plain password reset).")));
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("user add"),
                              QStringLiteral("Create an account (user.manage); its password is the second line of "
                                             "standard input (or the second prompt)."),
                              1, {QStringLiteral("must-change")}))
        return *done;
    const bool mustChange = parser.isSet(QStringLiteral("must-change"));
    const QString name = parser.positionalArguments().at(0);
    auto password = c.passwords().next(io, QStringLiteral("Password for the new account %1: ").arg(name));
    if (!password)
        return c.fail(password.error());
    QString secret = password.value();
    auto id = c.await<Result<qint64>>([&](Backend& b) { return b.createUser(name, secret, {}); });
    // A forced change is an admin reset to the same password (Backend::createUser has no such flag).
    Status forced;
    if (id && mustChange)
        forced = c.await<Status>([&](Backend& b) { return b.resetPassword(id.value(), secret); });
    secret.fill(QChar(0));
    if (!id)
        return c.fail(id.error());
    if (!forced)
        return c.fail(forced.error());
    return c.ok({{QStringLiteral("id"), id.value()}}, QStringLiteral("Created %1 (id %2).").arg(name).arg(id.value()));
}

int userPasswd(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("name"),
                                 QStringLiteral("Whose password (default: your own). Another user's is reset with a "
                                                "forced change (user.manage)."),
                                 QStringLiteral("[NAME]"));
    if (auto done = parseCommand(parser, args, io, QStringLiteral("user passwd"),
                                 QStringLiteral("Change your password, or reset another user's; the new password is "
                                                "the second line of standard input.")))
        return *done;
    Local l;
    if (auto done = openLocal(parser, io, l, true, false, true))
        return *done;
    const QStringList pos = parser.positionalArguments();
    const auto password = l.passwords.next(io, QStringLiteral("New password: "));
    if (!password)
        return fail(l, io, password.error());
    if (pos.isEmpty() || pos.at(0) == l.actor.username()) {
        // The acting password (first line) is the current one.
        return okStatus(l, io, l.accounts->changePassword(l.actor, l.actingPassword, *password),
                        QStringLiteral("Password changed."));
    }
    auto id = userIdByName(l, pos.at(0));
    if (!id)
        return fail(l, io, id.error());
    return okStatus(l, io, l.accounts->resetPassword(l.actor, id.value(), *password),
                    QStringLiteral("Password of %1 reset; it must be changed at next login.").arg(pos.at(0)));
}

using UserAction = std::function<QFuture<Status>(Backend&, qint64 id)>;

int userAction(const QStringList& args, const CliIo& io, const char* usage, const char* description,
               const UserAction& action, const QString& done)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The account."));
    BackendConnection c;
    if (auto d = c.prepare(parser, args, io, QString::fromLatin1(usage), QString::fromLatin1(description), 1))
        return *d;
    const QString name = parser.positionalArguments().at(0);
    auto id = c.userIdByName(name);
    if (!id)
        return c.fail(id.error());
    return c.okStatus(c.await<Status>([&](Backend& b) { return action(b, id.value()); }), done.arg(name));
}

int userRoles(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The account."));
    GH_PREPARE("user roles", "Show a user's roles.", true, 1)
    auto id = userIdByName(l, pos.at(0));
    if (!id)
        return fail(l, io, id.error());
    auto roles = l.roles->rolesOf(l.actor, id.value());
    if (!roles)
        return fail(l, io, roles.error());
    return ok(l, io, {{QStringLiteral("roles"), QJsonArray::fromStringList(roles.value())}},
              roles.value().join(QLatin1Char('\n')));
}

} // namespace

CommandGroup userGroup()
{
    return {
        QStringLiteral("user"),
        QStringLiteral("Accounts in the local database or on a remote API"),
        {{QStringLiteral("list"), QStringLiteral("List accounts"), userList},
         {QStringLiteral("add"), QStringLiteral("Create an account"), userAdd},
         {QStringLiteral("passwd"), QStringLiteral("Change your password or reset another's (local)"), userPasswd},
         {QStringLiteral("disable"), QStringLiteral("Disable an account"),
          [](const QStringList& a, const CliIo& io) -> int {
              return userAction(
                  a, io, "user disable", "Disable an account (user.manage).",
                  [](Backend& b, qint64 id) { return b.setUserDisabled(id, true); }, QStringLiteral("Disabled %1."));
          }},
         {QStringLiteral("enable"), QStringLiteral("Enable an account"),
          [](const QStringList& a, const CliIo& io) -> int {
              return userAction(
                  a, io, "user enable", "Enable an account (user.manage).",
                  [](Backend& b, qint64 id) { return b.setUserDisabled(id, false); }, QStringLiteral("Enabled %1."));
          }},
         {QStringLiteral("unlock"), QStringLiteral("Clear a lockout"),
          [](const QStringList& a, const CliIo& io) -> int {
              return userAction(
                  a, io, "user unlock", "Clear failed logins and the lockout (user.manage).",
                  [](Backend& b, qint64 id) { return b.unlockUser(id); }, QStringLiteral("Unlocked %1."));
          }},
         {QStringLiteral("delete"), QStringLiteral("Delete an account"),
          [](const QStringList& a, const CliIo& io) -> int {
              return userAction(
                  a, io, "user delete", "Delete an account (user.manage).",
                  [](Backend& b, qint64 id) { return b.deleteUser(id); }, QStringLiteral("Deleted %1."));
          }},
         {QStringLiteral("roles"), QStringLiteral("Show a user's roles (local)"), userRoles},
         {QStringLiteral("export"), QStringLiteral("Export accounts as CSV or JSON (local)"),
          [](const QStringList& args, const CliIo& io) -> int {
              return exportCommand(
                  args, io, "user export",
                  [](Local& l, ImportExportService::Format f, bool hashes) {
                      return l.transfer->exportUsers(l.actor, f, hashes);
                  },
                  true);
          }}}};
}

} // namespace gatehouse::cli
