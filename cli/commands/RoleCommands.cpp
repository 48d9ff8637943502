// gatehouse-cli role: roles and their permissions in the local database.
#include "commands/Groups.h"
#include "commands/LocalSupport.h"

#include <QJsonArray>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::services;
using namespace gatehouse::cli::local;

namespace {

int roleList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    GH_PREPARE("role list", "List roles and their permissions.", true, 0)
    Q_UNUSED(pos);
    auto roles = l.roles->listRoles(l.actor);
    if (!roles)
        return fail(l, io, roles.error());
    QJsonArray array;
    QStringList lines;
    for (const RoleInfo& r : roles.value()) {
        array.append(QJsonObject{{QStringLiteral("name"), r.name},
                                 {QStringLiteral("builtin"), r.builtin},
                                 {QStringLiteral("members"), r.members},
                                 {QStringLiteral("permissions"), QJsonArray::fromStringList(r.permissions)}});
        lines << QStringLiteral("%1%2 (%3 members): %4")
                     .arg(r.name, r.builtin ? QStringLiteral(" [built-in]") : QString())
                     .arg(r.members)
                     .arg(r.permissions.join(QLatin1Char(' ')));
    }
    return ok(l, io, {{QStringLiteral("roles"), array}}, lines.join(QLatin1Char('\n')));
}

int roleCreate(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The new role."));
    parser.addOption(QCommandLineOption(QStringLiteral("permissions"), QStringLiteral("Comma-separated permissions."),
                                        QStringLiteral("LIST")));
    GH_PREPARE("role create", "Create a custom role (role.manage).", true, 1)
    const QStringList perms = parser.value(QStringLiteral("permissions")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto id = l.roles->createRole(l.actor, pos.at(0), perms);
    if (!id)
        return fail(l, io, id.error());
    return ok(l, io, {{QStringLiteral("id"), id.value()}}, QStringLiteral("Created role %1.").arg(pos.at(0)));
}

template <typename F>
int roleAction(const QStringList& args, const CliIo& io, const char* usage, const char* description,
               const QStringList& names, F action)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    for (const QString& n : names)
        parser.addPositionalArgument(n, n);
    if (auto d = parseCommand(parser, args, io, QString::fromLatin1(usage), QString::fromLatin1(description)))
        return *d;
    if (parser.positionalArguments().size() != names.size()) {
        io.error(QStringLiteral("gatehouse-cli %1: expected %2")
                     .arg(QString::fromLatin1(usage), names.join(QLatin1Char(' '))));
        return ExitUsage;
    }
    Local l;
    if (auto d = openLocal(parser, io, l, true))
        return *d;
    return okStatus(l, io, action(l, parser.positionalArguments()), QStringLiteral("Done."));
}

} // namespace

CommandGroup roleGroup()
{
    return {QStringLiteral("role"),
            QStringLiteral("Roles and permissions"),
            {{QStringLiteral("list"), QStringLiteral("List roles"), roleList},
             {QStringLiteral("create"), QStringLiteral("Create a custom role"), roleCreate},
             {QStringLiteral("delete"), QStringLiteral("Delete a custom role"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return roleAction(
                      a, io, "role delete", "Delete a custom role (role.manage).", {QStringLiteral("role")},
                      [](Local& l, const QStringList& p) { return l.roles->deleteRole(l.actor, p.at(0)); });
              }},
             {QStringLiteral("grant"), QStringLiteral("Add a permission to a role"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return roleAction(
                      a, io, "role grant", "Add a permission to a role (role.manage).",
                      {QStringLiteral("role"), QStringLiteral("permission")},
                      [](Local& l, const QStringList& p) { return l.roles->grant(l.actor, p.at(0), p.at(1)); });
              }},
             {QStringLiteral("revoke"), QStringLiteral("Remove a permission from a role"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return roleAction(
                      a, io, "role revoke", "Remove a permission from a role (role.manage).",
                      {QStringLiteral("role"), QStringLiteral("permission")},
                      [](Local& l, const QStringList& p) { return l.roles->revoke(l.actor, p.at(0), p.at(1)); });
              }},
             {QStringLiteral("assign"), QStringLiteral("Give a user a role"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return roleAction(a, io, "role assign", "Give a user a role (role.manage).",
                                    {QStringLiteral("user"), QStringLiteral("role")},
                                    [](Local& l, const QStringList& p) -> Status {
                                        auto id = userIdByName(l, p.at(0));
                                        if (!id)
                                            return id.error();
                                        return l.roles->assign(l.actor, id.value(), p.at(1));
                                    });
              }},
             {QStringLiteral("unassign"), QStringLiteral("Take a role from a user"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return roleAction(a, io, "role unassign", "Take a role from a user (role.manage).",
                                    {QStringLiteral("user"), QStringLiteral("role")},
                                    [](Local& l, const QStringList& p) -> Status {
                                        auto id = userIdByName(l, p.at(0));
                                        if (!id)
                                            return id.error();
                                        return l.roles->unassign(l.actor, id.value(), p.at(1));
                                    });
              }}}};
}

} // namespace gatehouse::cli
