#include "commands/LocalSupport.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QStandardPaths>

namespace gatehouse::cli::local {

using namespace gatehouse::core;
using namespace gatehouse::core::services;

int exitFor(const Error& e)
{
    return exitCodeFor(e);
}

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

std::optional<int> openLocal(const QCommandLineParser& p, const CliIo& io, Local& l, bool authenticate,
                             bool createIfMissing, bool changingPassword)
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
    if (name.isEmpty()) {
        io.error(QStringLiteral("gatehouse-cli: this command needs --as NAME (and --password-stdin, or a terminal to "
                                "type the password at)"));
        return ExitUsage;
    }
    if (auto done = l.passwords.choose(io, p.isSet(QStringLiteral("password-stdin"))))
        return done;
    const auto password = l.passwords.next(io, QStringLiteral("Password for %1: ").arg(name));
    if (!password)
        return fail(l, io, password.error());
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

qint64 idArg(const QString& s)
{
    bool ok = false;
    const qint64 id = s.toLongLong(&ok);
    return ok ? id : -1;
}

} // namespace gatehouse::cli::local
