// gatehouse-cli db: create, check, migrate and back up the local database (local mode).
#include "commands/Groups.h"
#include "commands/LocalSupport.h"

#include "store/Schema.h"

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::services;
using namespace gatehouse::cli::local;

namespace {

int dbInit(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, false);
    parser.addOption(QCommandLineOption(QStringLiteral("admin"), QStringLiteral("The first admin's username."),
                                        QStringLiteral("NAME")));
    if (auto done = parseCommand(parser, args, io, QStringLiteral("db init"),
                                 QStringLiteral("Create (or adopt) a database and its first admin; the admin's "
                                                "password is read from the first line of standard input. On an "
                                                "adopted database with users but no admin, --admin names an existing "
                                                "user, who proves their password.")))
        return *done;
    Local l;
    if (auto done = openLocal(parser, io, l, false, true))
        return *done;
    const QString admin = parser.value(QStringLiteral("admin"));
    if (admin.isEmpty()) {
        io.error(QStringLiteral("gatehouse-cli db init: --admin NAME is required"));
        return ExitUsage;
    }
    l.passwords.chooseStdinUnlessTerminal(io);
    const auto password = l.passwords.next(io, QStringLiteral("Password for the admin %1: ").arg(admin));
    if (!password)
        return fail(l, io, password.error());
    // An adopted database with users but no admin: the named existing user claims it with their password.
    auto claim = l.accounts->needsAdminClaim();
    if (!claim)
        return fail(l, io, claim.error());
    auto p =
        claim.value() ? l.accounts->claimFirstAdmin(admin, *password) : l.accounts->createFirstAdmin(admin, *password);
    if (!p)
        return fail(l, io, p.error());
    return ok(l, io, {{QStringLiteral("admin"), admin}, {QStringLiteral("path"), l.db->path()}},
              QStringLiteral("Created %1 with the admin %2.").arg(l.db->path(), admin));
}

int dbCheck(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, false);
    GH_PREPARE("db check", "Check the file's integrity (PRAGMA integrity_check) and schema version.", false, 0)
    Q_UNUSED(pos);
    if (Status s = l.db->integrityCheck(); !s)
        return fail(l, io, s.error());
    return ok(l, io,
              {{QStringLiteral("integrity"), QStringLiteral("ok")},
               {QStringLiteral("schema"), store::Schema::kCurrentVersion}},
              QStringLiteral("ok (schema %1)").arg(store::Schema::kCurrentVersion));
}

int dbMigrate(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, false);
    GH_PREPARE("db migrate", "Bring the schema up to date (a backup is written beside the file first).", false, 0)
    Q_UNUSED(pos);
    const QString backup = l.db->backupPath();
    return ok(l, io, {{QStringLiteral("schema"), store::Schema::kCurrentVersion}, {QStringLiteral("backup"), backup}},
              backup.isEmpty() ? QStringLiteral("Up to date (schema %1).").arg(store::Schema::kCurrentVersion)
                               : QStringLiteral("Migrated; backup at %1").arg(backup));
}

int dbBackup(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, false);
    parser.addPositionalArgument(QStringLiteral("target"), QStringLiteral("The new backup file (must not exist)."));
    GH_PREPARE("db backup", "Write a consistent copy of the database (mode 0600).", false, 1)
    return okStatus(l, io, l.db->backupTo(pos.at(0)), QStringLiteral("Backup written to %1").arg(pos.at(0)));
}

} // namespace

CommandGroup dbGroup()
{
    return {QStringLiteral("db"),
            QStringLiteral("Local database: create, check, migrate, back up"),
            {{QStringLiteral("init"), QStringLiteral("Create a database and its first admin"), dbInit},
             {QStringLiteral("check"), QStringLiteral("Integrity and schema check"), dbCheck},
             {QStringLiteral("migrate"), QStringLiteral("Upgrade the schema (with a backup)"), dbMigrate},
             {QStringLiteral("backup"), QStringLiteral("Write a consistent copy"), dbBackup}}};
}

} // namespace gatehouse::cli
