#include "CliApplication.h"

#include <QFile>

#include <cstdio>

namespace gatehouse::cli {

namespace {

QString usage()
{
    return QStringLiteral(
        "Usage: gatehouse-cli <group> <command> [options]\n"
        "\n"
        "Groups:\n"
        "  jwt    decode | verify | sign | lint      JSON Web Tokens (RFC 7519, RFC 8725)\n"
        "  hash   make | verify | info               werkzeug-compatible password hashes\n"
        "\n"
        "Run 'gatehouse-cli <group> <command> --help' for a command's options.\n"
        "Exit codes: 0 ok, 1 negative result (bad signature, wrong password, expired),\n"
        "            2 usage error, 3 bad input.\n");
}

} // namespace

int run(const QStringList& arguments, const CliIo& io)
{
    const QStringList args = arguments.mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h") ||
        args.first() == QLatin1String("help")) {
        io.print(usage());
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    if (args.first() == QLatin1String("--version")) {
        io.println(QStringLiteral("gatehouse-cli %1").arg(QStringLiteral(GATEHOUSE_VERSION)));
        return ExitOk;
    }
    io.error(QStringLiteral("gatehouse-cli: unknown command group '%1'").arg(args.first()));
    io.error(usage());
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
