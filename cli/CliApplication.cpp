#include "CliApplication.h"

#include "commands/Groups.h"

#include <QFile>

#include <cstdio>

namespace gatehouse::cli {

namespace {

QList<CommandGroup> groups()
{
    return {jwtGroup(),  hashGroup(), cookieGroup(),  sessionGroup(), dbGroup(),    userGroup(),
            roleGroup(), taskGroup(), productGroup(), auditGroup(),   remoteGroup()};
}

QString usage()
{
    QString text = QStringLiteral("Usage: gatehouse-cli <group> <command> [options]\n\nGroups:\n");
    for (const auto& g : groups()) {
        QStringList names;
        for (const auto& c : g.commands)
            names << c.name;
        text += QStringLiteral("  %1 %2  %3\n")
                    .arg(g.name.leftJustified(8), names.join(QStringLiteral(" | ")).leftJustified(32), g.summary);
    }
    text += QStringLiteral("\nRun 'gatehouse-cli <group> <command> --help' for a command's options.\n"
                           "Exit codes: 0 ok, 1 negative result (bad signature, wrong password, expired),\n"
                           "            2 usage error, 3 bad input, 4 permission denied, 5 database error,\n"
                           "            6 network or server error.\n"
                           "Passwords: --password-stdin, or a prompt with echo off when stdin is a terminal.\n");
    return text;
}

} // namespace

int run(const QStringList& arguments, const CliIo& io)
{
    QStringList args = arguments.mid(1);
    // "gatehouse-cli --db PATH <group> <command> ..." and "gatehouse-cli --remote PROFILE --url URL <group> ...":
    // the commands also take these options after the command, which is where they are moved.
    const QStringList leading{QStringLiteral("--db"), QStringLiteral("--remote"), QStringLiteral("--url"),
                              QStringLiteral("--pin"), QStringLiteral("--token-file")};
    QStringList moved;
    while (args.size() >= 2 && leading.contains(args.first())) {
        moved << args.at(0) << args.at(1);
        args = args.mid(2);
    }
    args += moved;
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h") ||
        args.first() == QLatin1String("help")) {
        if (args.isEmpty()) {
            io.err->write(usage().toUtf8());
            return ExitUsage;
        }
        io.print(usage());
        return ExitOk;
    }
    if (args.first() == QLatin1String("--version")) {
        io.println(QStringLiteral("gatehouse-cli %1").arg(QStringLiteral(GATEHOUSE_VERSION)));
        return ExitOk;
    }
    for (const auto& g : groups()) {
        if (g.name == args.first())
            return dispatch(g, args.mid(1), io);
    }
    io.error(QStringLiteral("gatehouse-cli: unknown command group '%1'").arg(args.first()));
    io.err->write(usage().toUtf8());
    return ExitUsage;
}

int runFromProcess(const QStringList& arguments)
{
    QFile in, out, err;
    (void)in.open(stdin, QIODevice::ReadOnly);
    (void)out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    (void)err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
    CliIo io{&in, &out, &err};
    return run(arguments, io);
}

} // namespace gatehouse::cli
