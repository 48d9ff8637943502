// gatehouse-cli db | user | role | task | product | audit: local mode on a SQLite file, through the same
// core services as the desktop app (permissions are checked there, not here).
//
// Every command takes --db PATH (default: gatehouse.sqlite in the user's data folder). Commands that act
// as someone take --as NAME and read that user's password from standard input (--password-stdin; one
// line). Commands that set a password read it from the next line. Passwords are never arguments.
// Exit codes: 0 ok, 1 refused login or account state, 2 usage, 3 bad input, 4 permission denied,
// 5 database error.
#include "commands/Groups.h"

#include "common/Clock.h"
#include "services/AccountService.h"
#include "services/AuditLog.h"
#include "services/ImportExportService.h"
#include "services/ProductService.h"
#include "services/RoleService.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/Schema.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <openssl/crypto.h>

#include <memory>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::services;

namespace {

enum : int
{
    ExitPermission = 4,
    ExitDatabase = 5,
};

int exitFor(const Error& e)
{
    if (e.code == QLatin1String("perm.denied"))
        return ExitPermission;
    if (e.code.startsWith(QLatin1String("db.")))
        return ExitDatabase;
    if (e.code.startsWith(QLatin1String("auth.")) || e.code.startsWith(QLatin1String("account.")) ||
        e.code == QLatin1String("admin.last") || e.code.startsWith(QLatin1String("setup.")))
        return ExitNegative;
    return ExitBadInput;
}

// Standard input as lines, read once; each line is wiped when the holder goes.
class StdinLines
{
public:
    ~StdinLines()
    {
        for (QByteArray& l : m_lines)
            OPENSSL_cleanse(l.data(), std::size_t(l.size()));
    }
    std::optional<QString> next(const CliIo& io)
    {
        if (!m_read) {
            m_read = true;
            const QByteArray all = io.in ? io.in->read(1024 * 1024) : QByteArray();
            m_lines = all.split('\n');
            for (QByteArray& l : m_lines) {
                if (l.endsWith('\r'))
                    l.chop(1);
            }
        }
        if (m_next >= m_lines.size() || (m_next == m_lines.size() - 1 && m_lines.last().isEmpty()))
            return std::nullopt;
        return QString::fromUtf8(m_lines.at(m_next++));
    }

private:
    bool m_read = false;
    int m_next = 0;
    QList<QByteArray> m_lines;
};

// One command's local-mode context: the open database, the services and the acting user.
struct Local
{
    bool json = false;
    std::shared_ptr<store::Database> db;
    ServiceContext ctx;
    std::unique_ptr<AccountService> accounts;
    std::unique_ptr<RoleService> roles;
    std::unique_ptr<TaskService> tasks;
    std::unique_ptr<ProductService> products;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<ImportExportService> transfer;
    Principal actor;
    QString actingPassword; // kept only for "user passwd" (the current password)
    StdinLines stdinLines;
};

QString defaultDbPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir.isEmpty() ? QDir::homePath() : dir).filePath(QStringLiteral("gatehouse.sqlite"));
}

void addLocalOptions(QCommandLineParser& p, bool actor)
{
    p.addOption(QCommandLineOption(QStringLiteral("db"),
                                   QStringLiteral("The SQLite file (default: %1).").arg(defaultDbPath()),
                                   QStringLiteral("PATH")));
    p.addOption(QCommandLineOption(QStringLiteral("hash-iterations"),
                                   QStringLiteral("PBKDF2 iterations for new and upgraded hashes (default 600000)."),
                                   QStringLiteral("N")));
    if (actor) {
        p.addOption(
            QCommandLineOption(QStringLiteral("as"), QStringLiteral("Act as this user."), QStringLiteral("NAME")));
        p.addOption(QCommandLineOption(QStringLiteral("password-stdin"),
                                       QStringLiteral("Read the acting user's password from the first line of "
                                                      "standard input.")));
    }
}

int fail(Local& l, const CliIo& io, const Error& e)
{
    printError(io, e, l.json);
    return exitFor(e);
}

// Opens the database, builds the services and, when `authenticate`, logs the --as user in.
std::optional<int> openLocal(const QCommandLineParser& p, const CliIo& io, Local& l, bool authenticate,
                             bool createIfMissing = false, bool changingPassword = false)
{
    l.json = p.isSet(QStringLiteral("json"));
    store::Database::Options o;
    o.createIfMissing = createIfMissing;
    const QString path = p.isSet(QStringLiteral("db")) ? p.value(QStringLiteral("db")) : defaultDbPath();
    auto db = store::Database::open(path, o);
    if (!db)
        return fail(l, io, db.error());
    l.db = db.value();
    l.ctx.db = l.db;
    if (p.isSet(QStringLiteral("hash-iterations"))) {
        bool ok = false;
        const uint n = p.value(QStringLiteral("hash-iterations")).toUInt(&ok);
        if (!ok || n == 0) {
            io.error(QStringLiteral("gatehouse-cli: --hash-iterations takes a positive number"));
            return ExitUsage;
        }
        l.ctx.hashPolicy = password::HashPolicy::pbkdf2Sha256(n);
    }
    l.accounts = std::make_unique<AccountService>(l.ctx);
    l.roles = std::make_unique<RoleService>(l.ctx);
    l.tasks = std::make_unique<TaskService>(l.ctx);
    l.products = std::make_unique<ProductService>(l.ctx);
    l.audit = std::make_unique<AuditLog>(l.ctx);
    l.transfer = std::make_unique<ImportExportService>(l.ctx);
    if (!authenticate)
        return std::nullopt;
    const QString name = p.value(QStringLiteral("as"));
    if (name.isEmpty() || !p.isSet(QStringLiteral("password-stdin"))) {
        io.error(QStringLiteral("gatehouse-cli: this command needs --as NAME and --password-stdin"));
        return ExitUsage;
    }
    const auto password = l.stdinLines.next(io);
    if (!password)
        return fail(l, io,
                    Error::make(QStringLiteral("password.missing"), QStringLiteral("No password on standard input.")));
    auto login = l.accounts->login(name, *password);
    if (!login)
        return fail(l, io, login.error());
    l.actor = login.value().principal;
    if (login.value().mustChangePassword && !changingPassword)
        return fail(l, io,
                    Error::make(QStringLiteral("account.must_change_password"),
                                QStringLiteral("The password must be changed first: gatehouse-cli user passwd.")));
    if (changingPassword)
        l.actingPassword = *password;
    return std::nullopt;
}

int ok(Local& l, const CliIo& io, const QJsonObject& extra, const QString& text)
{
    if (l.json) {
        QJsonObject o = extra;
        o.insert(QStringLiteral("ok"), true);
        io.writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else if (!text.isEmpty()) {
        io.println(text);
    }
    return ExitOk;
}

int okStatus(Local& l, const CliIo& io, const Status& s, const QString& text)
{
    if (!s)
        return fail(l, io, s.error());
    return ok(l, io, {}, text);
}

Result<qint64> userIdByName(Local& l, const QString& name)
{
    auto u = l.accounts->findUser(l.actor, name);
    if (!u)
        return u.error();
    return u.value().id;
}

QString when(qint64 seconds)
{
    return seconds ? QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate) : QStringLiteral("-");
}

// Parses, opens and authenticates in one go; `positional` is the exact number of positional arguments.
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

// ---- db ----

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
    const auto password = l.stdinLines.next(io);
    if (!password)
        return fail(l, io,
                    Error::make(QStringLiteral("password.missing"), QStringLiteral("No password on standard input.")));
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

// ---- user ----

int userList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    GH_PREPARE("user list", "List accounts (user.view).", true, 0)
    Q_UNUSED(pos);
    auto users = l.accounts->listUsers(l.actor);
    if (!users)
        return fail(l, io, users.error());
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
    return ok(l, io, {{QStringLiteral("users"), array}}, lines.join(QLatin1Char('\n')));
}

int userAdd(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The new username."));
    parser.addOption(
        QCommandLineOption(QStringLiteral("must-change"), QStringLiteral("Force a password change at first login.")));
    GH_PREPARE("user add", "Create an account (user.manage); its password is the second line of standard input.", true,
               1)
    const auto password = l.stdinLines.next(io);
    if (!password)
        return fail(
            l, io,
            Error::make(QStringLiteral("password.missing"), QStringLiteral("No new password on standard input.")));
    auto id = l.accounts->createUser(l.actor, pos.at(0), *password, parser.isSet(QStringLiteral("must-change")));
    if (!id)
        return fail(l, io, id.error());
    return ok(l, io, {{QStringLiteral("id"), id.value()}},
              QStringLiteral("Created %1 (id %2).").arg(pos.at(0)).arg(id.value()));
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
    const auto password = l.stdinLines.next(io);
    if (!password)
        return fail(
            l, io,
            Error::make(QStringLiteral("password.missing"), QStringLiteral("No new password on standard input.")));
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

template <typename F>
int userAction(const QStringList& args, const CliIo& io, const char* usage, const char* description, F action,
               const QString& done)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The account."));
    if (auto d = parseCommand(parser, args, io, QString::fromLatin1(usage), QString::fromLatin1(description)))
        return *d;
    if (parser.positionalArguments().size() != 1) {
        io.error(QStringLiteral("gatehouse-cli %1: expected a username").arg(QString::fromLatin1(usage)));
        return ExitUsage;
    }
    Local l;
    if (auto d = openLocal(parser, io, l, true))
        return *d;
    const QString name = parser.positionalArguments().at(0);
    auto id = userIdByName(l, name);
    if (!id)
        return fail(l, io, id.error());
    return okStatus(l, io, action(l, id.value()), done.arg(name));
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

// ---- role ----

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

// ---- task / product ----

QJsonObject taskJson(const Task& t)
{
    return {{QStringLiteral("id"), t.id},
            {QStringLiteral("title"), t.title},
            {QStringLiteral("completed"), t.completed},
            {QStringLiteral("description"), t.description},
            {QStringLiteral("owner"), t.ownerName},
            {QStringLiteral("updated_at"), t.updatedAt}};
}

int taskResult(Local& l, const CliIo& io, const Result<Task>& t)
{
    if (!t)
        return fail(l, io, t.error());
    return ok(l, io, {{QStringLiteral("task"), taskJson(t.value())}},
              QStringLiteral("%1  [%2] %3")
                  .arg(t.value().id)
                  .arg(t.value().completed ? QLatin1Char('x') : QLatin1Char(' '))
                  .arg(t.value().title));
}

int taskList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addOptions(
        {{QStringLiteral("search"), QStringLiteral("Substring of title or description."), QStringLiteral("TEXT")},
         {QStringLiteral("done"), QStringLiteral("Only completed tasks.")},
         {QStringLiteral("open"), QStringLiteral("Only open tasks.")},
         {QStringLiteral("owner"), QStringLiteral("Only this user's tasks."), QStringLiteral("NAME")},
         {QStringLiteral("sort"), QStringLiteral("id, title, completed, created or updated."), QStringLiteral("FIELD"),
          QStringLiteral("id")},
         {QStringLiteral("desc"), QStringLiteral("Descending order.")},
         {QStringLiteral("page"), QStringLiteral("Page number (from 1)."), QStringLiteral("N"), QStringLiteral("1")},
         {QStringLiteral("per-page"), QStringLiteral("Tasks per page (1..500)."), QStringLiteral("N"),
          QStringLiteral("50")}});
    GH_PREPARE("task list", "List tasks you may see.", true, 0)
    Q_UNUSED(pos);
    TaskQuery q;
    q.search = parser.value(QStringLiteral("search"));
    if (parser.isSet(QStringLiteral("done")))
        q.completed = true;
    if (parser.isSet(QStringLiteral("open")))
        q.completed = false;
    if (parser.isSet(QStringLiteral("owner"))) {
        auto id = userIdByName(l, parser.value(QStringLiteral("owner")));
        if (!id)
            return fail(l, io, id.error());
        q.ownerId = id.value();
    }
    const QString sort = parser.value(QStringLiteral("sort"));
    const QMap<QString, TaskQuery::Sort> sorts = {{QStringLiteral("id"), TaskQuery::Sort::Id},
                                                  {QStringLiteral("title"), TaskQuery::Sort::Title},
                                                  {QStringLiteral("completed"), TaskQuery::Sort::Completed},
                                                  {QStringLiteral("created"), TaskQuery::Sort::Created},
                                                  {QStringLiteral("updated"), TaskQuery::Sort::Updated}};
    if (!sorts.contains(sort)) {
        io.error(QStringLiteral("gatehouse-cli task list: unknown --sort"));
        return ExitUsage;
    }
    q.sort = sorts.value(sort);
    q.descending = parser.isSet(QStringLiteral("desc"));
    q.page = parser.value(QStringLiteral("page")).toInt();
    q.perPage = parser.value(QStringLiteral("per-page")).toInt();
    auto page = l.tasks->list(l.actor, q);
    if (!page)
        return fail(l, io, page.error());
    QJsonArray array;
    QStringList lines;
    for (const Task& t : page.value().items) {
        array.append(taskJson(t));
        lines << QStringLiteral("%1  [%2] %3")
                     .arg(t.id)
                     .arg(t.completed ? QLatin1Char('x') : QLatin1Char(' '))
                     .arg(t.title);
    }
    lines << QStringLiteral("(%1 of %2)").arg(page.value().items.size()).arg(page.value().total);
    return ok(l, io, {{QStringLiteral("tasks"), array}, {QStringLiteral("total"), page.value().total}},
              lines.join(QLatin1Char('\n')));
}

std::optional<ImportExportService::Format> formatOption(const QCommandLineParser& p, const CliIo& io)
{
    const QString f = p.value(QStringLiteral("format"));
    if (f == QLatin1String("csv"))
        return ImportExportService::Format::Csv;
    if (f == QLatin1String("json"))
        return ImportExportService::Format::Json;
    io.error(QStringLiteral("gatehouse-cli: --format is csv or json"));
    return std::nullopt;
}

int printImport(Local& l, const CliIo& io, const Result<ImportReport>& report)
{
    if (!report)
        return fail(l, io, report.error());
    if (report.value().errors.isEmpty())
        return ok(l, io, {{QStringLiteral("imported"), report.value().imported}},
                  QStringLiteral("Imported %1 rows.").arg(report.value().imported));
    QJsonArray errors;
    for (const auto& e : report.value().errors) {
        errors.append(QJsonObject{{QStringLiteral("row"), e.row},
                                  {QStringLiteral("field"), e.field},
                                  {QStringLiteral("code"), e.code},
                                  {QStringLiteral("message"), e.message}});
        if (!l.json)
            io.error(QStringLiteral("row %1 %2: %3 [%4]").arg(e.row).arg(e.field, e.message, e.code));
    }
    if (l.json)
        io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                               {QStringLiteral("imported"), 0},
                                               {QStringLiteral("errors"), errors}})
                         .toJson(QJsonDocument::Compact));
    else
        io.error(QStringLiteral("Nothing imported: %1 bad rows.").arg(report.value().errors.size()));
    return ExitBadInput;
}

template <typename F>
int importCommand(const QStringList& args, const CliIo& io, const char* usage, F importer)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The CSV or JSON file."));
    parser.addOption(
        {QStringLiteral("format"), QStringLiteral("csv or json."), QStringLiteral("FORMAT"), QStringLiteral("csv")});
    if (auto d = parseCommand(parser, args, io, QString::fromLatin1(usage),
                              QStringLiteral("Import rows; any bad row rejects the whole file.")))
        return *d;
    if (parser.positionalArguments().size() != 1) {
        io.error(QStringLiteral("gatehouse-cli %1: expected a file").arg(QString::fromLatin1(usage)));
        return ExitUsage;
    }
    const auto format = formatOption(parser, io);
    if (!format)
        return ExitUsage;
    QFile file(parser.positionalArguments().at(0));
    if (!file.open(QIODevice::ReadOnly)) {
        io.error(QStringLiteral("gatehouse-cli: cannot read %1").arg(file.fileName()));
        return ExitBadInput;
    }
    const QByteArray data = file.read(512 * 1024 * 1024);
    Local l;
    if (auto d = openLocal(parser, io, l, true))
        return *d;
    return printImport(l, io, importer(l, data, *format));
}

template <typename F>
int exportCommand(const QStringList& args, const CliIo& io, const char* usage, F exporter, bool users = false)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addOption(
        {QStringLiteral("format"), QStringLiteral("csv or json."), QStringLiteral("FORMAT"), QStringLiteral("csv")});
    if (users)
        parser.addOption({QStringLiteral("with-hashes"), QStringLiteral("Include password hashes (user.manage).")});
    if (auto d =
            parseCommand(parser, args, io, QString::fromLatin1(usage), QStringLiteral("Export to standard output.")))
        return *d;
    const auto format = formatOption(parser, io);
    if (!format)
        return ExitUsage;
    Local l;
    if (auto d = openLocal(parser, io, l, true))
        return *d;
    auto data = exporter(l, *format, users && parser.isSet(QStringLiteral("with-hashes")));
    if (!data)
        return fail(l, io, data.error());
    io.out->write(data.value());
    return ExitOk;
}

int productList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addOptions(
        {{QStringLiteral("search"), QStringLiteral("Substring of the name."), QStringLiteral("TEXT")},
         {QStringLiteral("page"), QStringLiteral("Page number."), QStringLiteral("N"), QStringLiteral("1")},
         {QStringLiteral("per-page"), QStringLiteral("Per page."), QStringLiteral("N"), QStringLiteral("50")}});
    GH_PREPARE("product list", "List products.", true, 0)
    Q_UNUSED(pos);
    ProductQuery q;
    q.search = parser.value(QStringLiteral("search"));
    q.page = parser.value(QStringLiteral("page")).toInt();
    q.perPage = parser.value(QStringLiteral("per-page")).toInt();
    auto page = l.products->list(l.actor, q);
    if (!page)
        return fail(l, io, page.error());
    QJsonArray array;
    QStringList lines;
    for (const Product& p : page.value().items) {
        array.append(QJsonObject{
            {QStringLiteral("id"), p.id}, {QStringLiteral("name"), p.name}, {QStringLiteral("price"), p.price}});
        lines << QStringLiteral("%1  %2  %3").arg(p.id).arg(p.name).arg(p.price);
    }
    return ok(l, io, {{QStringLiteral("products"), array}, {QStringLiteral("total"), page.value().total}},
              lines.join(QLatin1Char('\n')));
}

int productResult(Local& l, const CliIo& io, const Result<Product>& p)
{
    if (!p)
        return fail(l, io, p.error());
    return ok(l, io,
              {{QStringLiteral("product"), QJsonObject{{QStringLiteral("id"), p.value().id},
                                                       {QStringLiteral("name"), p.value().name},
                                                       {QStringLiteral("price"), p.value().price}}}},
              QStringLiteral("%1  %2  %3").arg(p.value().id).arg(p.value().name).arg(p.value().price));
}

int auditList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addOptions(
        {{QStringLiteral("action"), QStringLiteral("An action, or a prefix ending in '.'."), QStringLiteral("ACTION")},
         {QStringLiteral("limit"), QStringLiteral("How many (newest first)."), QStringLiteral("N"),
          QStringLiteral("100")}});
    GH_PREPARE("audit list", "Read the audit log (audit.view).", true, 0)
    Q_UNUSED(pos);
    AuditLog::Query q;
    q.action = parser.value(QStringLiteral("action"));
    q.limit = parser.value(QStringLiteral("limit")).toInt();
    auto entries = l.audit->list(l.actor, q);
    if (!entries)
        return fail(l, io, entries.error());
    QJsonArray array;
    QStringList lines;
    for (const AuditEntry& e : entries.value()) {
        array.append(QJsonObject{{QStringLiteral("at"), e.at},
                                 {QStringLiteral("actor"), e.actor},
                                 {QStringLiteral("action"), e.action},
                                 {QStringLiteral("target"), e.target},
                                 {QStringLiteral("outcome"), e.outcome},
                                 {QStringLiteral("detail"), e.detail}});
        lines << QStringLiteral("%1  %2  %3  %4  %5  %6")
                     .arg(when(e.at), e.actor, e.action, e.target, e.outcome, e.detail);
    }
    return ok(l, io, {{QStringLiteral("entries"), array}}, lines.join(QLatin1Char('\n')));
}

qint64 idArg(const QString& s)
{
    bool ok = false;
    const qint64 id = s.toLongLong(&ok);
    return ok ? id : -1;
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

CommandGroup userGroup()
{
    return {QStringLiteral("user"),
            QStringLiteral("Local accounts"),
            {{QStringLiteral("list"), QStringLiteral("List accounts"), userList},
             {QStringLiteral("add"), QStringLiteral("Create an account"), userAdd},
             {QStringLiteral("passwd"), QStringLiteral("Change your password or reset another's"), userPasswd},
             {QStringLiteral("disable"), QStringLiteral("Disable an account"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return userAction(
                      a, io, "user disable", "Disable an account (user.manage).",
                      [](Local& l, qint64 id) { return l.accounts->setDisabled(l.actor, id, true); },
                      QStringLiteral("Disabled %1."));
              }},
             {QStringLiteral("enable"), QStringLiteral("Enable an account"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return userAction(
                      a, io, "user enable", "Enable an account (user.manage).",
                      [](Local& l, qint64 id) { return l.accounts->setDisabled(l.actor, id, false); },
                      QStringLiteral("Enabled %1."));
              }},
             {QStringLiteral("unlock"), QStringLiteral("Clear a lockout"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return userAction(
                      a, io, "user unlock", "Clear failed logins and the lockout (user.manage).",
                      [](Local& l, qint64 id) { return l.accounts->unlock(l.actor, id); },
                      QStringLiteral("Unlocked %1."));
              }},
             {QStringLiteral("delete"), QStringLiteral("Delete an account"),
              [](const QStringList& a, const CliIo& io) -> int {
                  return userAction(
                      a, io, "user delete", "Delete an account (user.manage).",
                      [](Local& l, qint64 id) { return l.accounts->deleteUser(l.actor, id); },
                      QStringLiteral("Deleted %1."));
              }},
             {QStringLiteral("roles"), QStringLiteral("Show a user's roles"), userRoles},
             {QStringLiteral("export"), QStringLiteral("Export accounts as CSV or JSON"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return exportCommand(
                      args, io, "user export",
                      [](Local& l, ImportExportService::Format f, bool hashes) {
                          return l.transfer->exportUsers(l.actor, f, hashes);
                      },
                      true);
              }}}};
}

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

CommandGroup taskGroup()
{
    return {QStringLiteral("task"),
            QStringLiteral("Tasks in the local database"),
            {{QStringLiteral("list"), QStringLiteral("List tasks"), taskList},
             {QStringLiteral("add"), QStringLiteral("Add a task"),
              [](const QStringList& args, const CliIo& io) -> int {
                  QCommandLineParser parser;
                  addLocalOptions(parser, true);
                  parser.addPositionalArgument(QStringLiteral("title"), QStringLiteral("The title."));
                  parser.addOption(
                      {QStringLiteral("description"), QStringLiteral("A description."), QStringLiteral("TEXT")});
                  GH_PREPARE("task add", "Add a task (task.create).", true, 1)
                  return taskResult(l, io,
                                    l.tasks->create(l.actor, pos.at(0), parser.value(QStringLiteral("description"))));
              }},
             {QStringLiteral("edit"), QStringLiteral("Edit a task"),
              [](const QStringList& args, const CliIo& io) -> int {
                  QCommandLineParser parser;
                  addLocalOptions(parser, true);
                  parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The task id."));
                  parser.addOptions(
                      {{QStringLiteral("title"), QStringLiteral("New title."), QStringLiteral("TEXT")},
                       {QStringLiteral("description"), QStringLiteral("New description."), QStringLiteral("TEXT")}});
                  GH_PREPARE("task edit", "Edit a task (task.edit).", true, 1)
                  TaskChanges c;
                  if (parser.isSet(QStringLiteral("title")))
                      c.title = parser.value(QStringLiteral("title"));
                  if (parser.isSet(QStringLiteral("description")))
                      c.description = parser.value(QStringLiteral("description"));
                  return taskResult(l, io, l.tasks->update(l.actor, idArg(pos.at(0)), c));
              }},
             {QStringLiteral("done"), QStringLiteral("Mark a task done (or --undo)"),
              [](const QStringList& args, const CliIo& io) -> int {
                  QCommandLineParser parser;
                  addLocalOptions(parser, true);
                  parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The task id."));
                  parser.addOption({QStringLiteral("undo"), QStringLiteral("Mark it not done.")});
                  GH_PREPARE("task done", "Mark a task done (task.complete).", true, 1)
                  return taskResult(
                      l, io, l.tasks->setCompleted(l.actor, idArg(pos.at(0)), !parser.isSet(QStringLiteral("undo"))));
              }},
             {QStringLiteral("delete"), QStringLiteral("Delete a task"),
              [](const QStringList& args, const CliIo& io) -> int {
                  QCommandLineParser parser;
                  addLocalOptions(parser, true);
                  parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The task id."));
                  GH_PREPARE("task delete", "Delete a task (task.delete).", true, 1)
                  return okStatus(l, io, l.tasks->remove(l.actor, idArg(pos.at(0))), QStringLiteral("Deleted."));
              }},
             {QStringLiteral("import"), QStringLiteral("Import tasks from CSV or JSON"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return importCommand(args, io, "task import",
                                       [](Local& l, const QByteArray& d, ImportExportService::Format f) {
                                           return l.transfer->importTasks(l.actor, d, f);
                                       });
              }},
             {QStringLiteral("export"), QStringLiteral("Export tasks as CSV or JSON"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return exportCommand(args, io, "task export", [](Local& l, ImportExportService::Format f, bool) {
                      return l.transfer->exportTasks(l.actor, f);
                  });
              }}}};
}

CommandGroup productGroup()
{
    return {QStringLiteral("product"),
            QStringLiteral("Products in the local database"),
            {{QStringLiteral("list"), QStringLiteral("List products"), productList},
             {QStringLiteral("add"), QStringLiteral("Add a product"),
              [](const QStringList& args, const CliIo& io) -> int {
                  QCommandLineParser parser;
                  addLocalOptions(parser, true);
                  parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The name."));
                  parser.addPositionalArgument(QStringLiteral("price"), QStringLiteral("The price."));
                  GH_PREPARE("product add", "Add a product (product.create).", true, 2)
                  bool okPrice = false;
                  const double price = pos.at(1).toDouble(&okPrice);
                  if (!okPrice)
                      return fail(l, io,
                                  Error::make(QStringLiteral("product.invalid_price"),
                                              QStringLiteral("The price is not a number.")));
                  return productResult(l, io, l.products->create(l.actor, pos.at(0), price));
              }},
             {QStringLiteral("edit"), QStringLiteral("Edit a product"),
              [](const QStringList& args, const CliIo& io) -> int {
                  QCommandLineParser parser;
                  addLocalOptions(parser, true);
                  parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The product id."));
                  parser.addOptions({{QStringLiteral("name"), QStringLiteral("New name."), QStringLiteral("TEXT")},
                                     {QStringLiteral("price"), QStringLiteral("New price."), QStringLiteral("N")}});
                  GH_PREPARE("product edit", "Edit a product (product.edit).", true, 1)
                  ProductChanges c;
                  if (parser.isSet(QStringLiteral("name")))
                      c.name = parser.value(QStringLiteral("name"));
                  if (parser.isSet(QStringLiteral("price"))) {
                      bool okPrice = false;
                      c.price = parser.value(QStringLiteral("price")).toDouble(&okPrice);
                      if (!okPrice)
                          return fail(l, io,
                                      Error::make(QStringLiteral("product.invalid_price"),
                                                  QStringLiteral("The price is not a number.")));
                  }
                  return productResult(l, io, l.products->update(l.actor, idArg(pos.at(0)), c));
              }},
             {QStringLiteral("delete"), QStringLiteral("Delete a product"),
              [](const QStringList& args, const CliIo& io) -> int {
                  QCommandLineParser parser;
                  addLocalOptions(parser, true);
                  parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The product id."));
                  GH_PREPARE("product delete", "Delete a product (product.delete).", true, 1)
                  return okStatus(l, io, l.products->remove(l.actor, idArg(pos.at(0))), QStringLiteral("Deleted."));
              }},
             {QStringLiteral("import"), QStringLiteral("Import products from CSV or JSON"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return importCommand(args, io, "product import",
                                       [](Local& l, const QByteArray& d, ImportExportService::Format f) {
                                           return l.transfer->importProducts(l.actor, d, f);
                                       });
              }},
             {QStringLiteral("export"), QStringLiteral("Export products as CSV or JSON"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return exportCommand(args, io, "product export", [](Local& l, ImportExportService::Format f, bool) {
                      return l.transfer->exportProducts(l.actor, f);
                  });
              }}}};
}

CommandGroup auditGroup()
{
    return {QStringLiteral("audit"),
            QStringLiteral("The local audit log"),
            {{QStringLiteral("list"), QStringLiteral("Read the audit log"), auditList}}};
}

} // namespace gatehouse::cli
