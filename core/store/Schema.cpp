#include "store/Schema.h"

#include "crypto/SecureRandom.h"
#include "store/SqlStatement.h"
#include "store/TaskSearchIndex.h"

#include <QSet>

namespace gatehouse::core::store {

namespace {

struct FlaskTable
{
    const char* name;
    const char* ddl;
    const char* columns[3];
};

// Byte for byte what Flask-SQLAlchemy 3 (SQLAlchemy 1.4) emits for the reference app's models.
const FlaskTable kFlaskTables[] = {
    {"user",
     "CREATE TABLE user (\n\tid INTEGER NOT NULL, \n\tusername VARCHAR(80) NOT NULL, \n\tpassword VARCHAR(200) NOT "
     "NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (username)\n)",
     {"id", "username", "password"}},
    {"task",
     "CREATE TABLE task (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR(200) NOT NULL, \n\tcompleted BOOLEAN, \n\tPRIMARY "
     "KEY (id)\n)",
     {"id", "title", "completed"}},
    {"product",
     "CREATE TABLE product (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(100) NOT NULL, \n\tprice FLOAT NOT NULL, "
     "\n\tPRIMARY KEY (id)\n)",
     {"id", "name", "price"}},
};

const char* const kVersion1[] = {
    "CREATE TABLE gh_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
    "CREATE TABLE gh_schema_version (version INTEGER PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL, "
    "description TEXT NOT NULL)",
    "CREATE TABLE gh_permission (name TEXT PRIMARY KEY NOT NULL, description TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE gh_role (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, "
    "builtin INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE gh_role_permission (role_id INTEGER NOT NULL REFERENCES gh_role(id) ON DELETE CASCADE, "
    "permission TEXT NOT NULL REFERENCES gh_permission(name) ON DELETE CASCADE, PRIMARY KEY (role_id, permission))",
    "CREATE TABLE gh_user_role (user_id INTEGER NOT NULL REFERENCES \"user\"(id) ON DELETE CASCADE, "
    "role_id INTEGER NOT NULL REFERENCES gh_role(id) ON DELETE CASCADE, PRIMARY KEY (user_id, role_id))",
    "CREATE INDEX gh_user_role_role ON gh_user_role(role_id)",
    "CREATE TABLE gh_account (user_id INTEGER PRIMARY KEY NOT NULL REFERENCES \"user\"(id) ON DELETE CASCADE, "
    "disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until INTEGER, "
    "must_change_password INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, last_login INTEGER)",
    "CREATE TABLE gh_task (task_id INTEGER PRIMARY KEY NOT NULL REFERENCES task(id) ON DELETE CASCADE, "
    "owner_id INTEGER REFERENCES \"user\"(id) ON DELETE SET NULL, description TEXT NOT NULL DEFAULT '', "
    "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
    "CREATE INDEX gh_task_owner ON gh_task(owner_id)",
    "CREATE TABLE gh_audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor_id INTEGER, "
    "actor TEXT NOT NULL DEFAULT '', action TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', "
    "outcome TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX gh_audit_at ON gh_audit(at)",
    // A Flask app deletes with foreign keys off; these keep the gh_ rows from outliving (and, with reused
    // rowids, attaching to a new) user or task.
    "CREATE TRIGGER gh_user_deleted AFTER DELETE ON \"user\" BEGIN "
    "DELETE FROM gh_account WHERE user_id = OLD.id; DELETE FROM gh_user_role WHERE user_id = OLD.id; "
    "UPDATE gh_task SET owner_id = NULL WHERE owner_id = OLD.id; END",
    "CREATE TRIGGER gh_task_deleted AFTER DELETE ON task BEGIN DELETE FROM gh_task WHERE task_id = OLD.id; END",
};

struct BuiltinRole
{
    const char* name;
    const char* description;
    QStringList permissions;
};

} // namespace

Result<bool> Schema::hasTables(const QSqlDatabase& db)
{
    auto n = SqlStatement::scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table'"), {},
                                  QStringLiteral("schema.tables"));
    if (!n)
        return n.error();
    return n.value().toLongLong() > 0;
}

Result<int> Schema::installedVersion(const QSqlDatabase& db)
{
    auto exists = SqlStatement::scalar(
        db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gh_schema_version'"),
        {}, QStringLiteral("schema.version"));
    if (!exists)
        return exists.error();
    if (exists.value().toLongLong() == 0)
        return 0;
    auto v = SqlStatement::scalar(db, QStringLiteral("SELECT coalesce(max(version), 0) FROM gh_schema_version"), {},
                                  QStringLiteral("schema.version"));
    if (!v)
        return v.error();
    return v.value().toInt();
}

Status Schema::checkFlaskTables(const QSqlDatabase& db)
{
    for (const FlaskTable& table : kFlaskTables) {
        auto q = SqlStatement::run(db, QStringLiteral("SELECT name FROM pragma_table_info(?)"),
                                   {QString::fromLatin1(table.name)}, QStringLiteral("schema.flask"));
        if (!q)
            return q.error();
        QSet<QString> columns;
        while (q.value().next())
            columns.insert(q.value().value(0).toString().toLower());
        if (columns.isEmpty())
            continue; // created by the migration
        for (const char* column : table.columns) {
            if (!columns.contains(QString::fromLatin1(column)))
                return Error::make(QStringLiteral("db.schema.incompatible"),
                                   QStringLiteral("The existing table \"%1\" has no column \"%2\".")
                                       .arg(QString::fromLatin1(table.name), QString::fromLatin1(column)),
                                   QString::fromLatin1(table.name));
        }
    }
    return {};
}

namespace {

// Version 2: indexes for the task list (filter by done, sort by title or time, per owner). Indexes on
// Flask's task table are invisible to the Flask app.
Status applyVersion2(QSqlDatabase& db, const Clock& clock)
{
    const QString where = QStringLiteral("migrate.v2");
    const char* const statements[] = {
        "CREATE INDEX IF NOT EXISTS gh_task_title ON task(title)",
        "CREATE INDEX IF NOT EXISTS gh_task_completed_title ON task(completed, title)",
        "CREATE INDEX IF NOT EXISTS gh_task_owner_created ON gh_task(owner_id, created_at)",
        "CREATE INDEX IF NOT EXISTS gh_task_updated ON gh_task(updated_at)",
    };
    for (const char* sql : statements) {
        if (auto r = SqlStatement::run(db, QString::fromLatin1(sql), {}, where); !r)
            return r.error();
    }
    if (auto r = SqlStatement::run(
            db, QStringLiteral("INSERT INTO gh_schema_version (version, applied_at, description) VALUES (2, ?, ?)"),
            {clock.nowSeconds(), QStringLiteral("Task list indexes")}, where);
        !r)
        return r.error();
    return {};
}

Status recordVersion(QSqlDatabase& db, int version, const QString& description, const Clock& clock,
                     const QString& where)
{
    auto r = SqlStatement::run(
        db, QStringLiteral("INSERT INTO gh_schema_version (version, applied_at, description) VALUES (?, ?, ?)"),
        {version, clock.nowSeconds(), description}, where);
    return r ? Status() : Status(r.error());
}

// Version 3: the trigram search index (TaskSearchIndex) and indexes for the remaining sort orders, so a
// first page of any filter and sort reads about a page of rows.
Status applyVersion3(QSqlDatabase& db, const Clock& clock)
{
    const QString where = QStringLiteral("migrate.v3");
    if (Status s = TaskSearchIndex::install(db); !s)
        return s;
    const char* const statements[] = {
        "CREATE INDEX gh_task_created ON gh_task(created_at)",
        "CREATE INDEX gh_task_done ON task(coalesce(completed, 0))",
        // gh_task_owner_created serves every owner_id lookup (filters, the user-delete trigger, the foreign
        // key); one index less to write per task.
        "DROP INDEX gh_task_owner",
    };
    for (const char* sql : statements) {
        if (auto r = SqlStatement::run(db, QString::fromLatin1(sql), {}, where); !r)
            return r.error();
    }
    return recordVersion(db, 3, QStringLiteral("Task search index (FTS5 trigram), sort indexes"), clock, where);
}

// Version 4: a credential epoch per account, carried by session tokens and Principals and compared on every
// call. It is bumped on password change, reset and disable, and every new gh_account row (a new account, or
// a reused user id after a delete) takes a fresh value from one counter, so an (id, epoch) pair is never
// issued twice and a token of a deleted account cannot come back to life.
Status applyVersion4(QSqlDatabase& db, const Clock& clock)
{
    const QString where = QStringLiteral("migrate.v4");
    const char* const statements[] = {
        "ALTER TABLE gh_account ADD COLUMN credential_epoch INTEGER NOT NULL DEFAULT 0",
        "INSERT INTO gh_meta (key, value) VALUES ('credential_epoch', '0')",
        "CREATE TRIGGER gh_account_epoch AFTER INSERT ON gh_account BEGIN "
        "UPDATE gh_meta SET value = value + 1 WHERE key = 'credential_epoch'; "
        "UPDATE gh_account SET credential_epoch = (SELECT value FROM gh_meta WHERE key = 'credential_epoch') "
        "WHERE user_id = NEW.user_id; END",
    };
    for (const char* sql : statements) {
        if (auto r = SqlStatement::run(db, QString::fromLatin1(sql), {}, where); !r)
            return r.error();
    }
    return recordVersion(db, 4, QStringLiteral("Credential epoch for session tokens"), clock, where);
}

// Version 5: every task has a gh_task row, also those other programs insert (a trigger adds one without
// owner, timestamped by SQLite's clock), so task lists can join gh_task as an inner join and read the first
// page sorted by creation or update time off its indexes instead of sorting every task.
Status applyVersion5(QSqlDatabase& db, const Clock& clock)
{
    const QString where = QStringLiteral("migrate.v5");
    if (auto r = SqlStatement::run(db,
                                   QStringLiteral("INSERT INTO gh_task (task_id, owner_id, description, created_at, "
                                                  "updated_at) SELECT id, NULL, '', ?, ? FROM task WHERE id NOT IN "
                                                  "(SELECT task_id FROM gh_task)"),
                                   {clock.nowSeconds(), clock.nowSeconds()}, where);
        !r)
        return r.error();
    if (auto r = SqlStatement::run(
            db,
            QStringLiteral("CREATE TRIGGER gh_task_row AFTER INSERT ON task BEGIN "
                           "INSERT OR IGNORE INTO gh_task (task_id, owner_id, description, created_at, updated_at) "
                           "VALUES (NEW.id, NULL, '', CAST(strftime('%s', 'now') AS INTEGER), "
                           "CAST(strftime('%s', 'now') AS INTEGER)); END"),
            {}, where);
        !r)
        return r.error();
    return recordVersion(db, 5, QStringLiteral("A gh_task row for every task"), clock, where);
}

} // namespace

Status Schema::apply(QSqlDatabase& db, int toVersion, const Clock& clock)
{
    if (toVersion == 5)
        return applyVersion5(db, clock);
    if (toVersion == 2)
        return applyVersion2(db, clock);
    if (toVersion == 3)
        return applyVersion3(db, clock);
    if (toVersion == 4)
        return applyVersion4(db, clock);
    if (toVersion != 1)
        return Error::make(QStringLiteral("db.migrate"), QStringLiteral("No migration to version %1.").arg(toVersion));

    const QString where = QStringLiteral("migrate.v1");
    if (Status s = checkFlaskTables(db); !s)
        return s;
    for (const FlaskTable& table : kFlaskTables) {
        auto exists = SqlStatement::scalar(
            db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"),
            {QString::fromLatin1(table.name)}, where);
        if (!exists)
            return exists.error();
        if (exists.value().toLongLong() == 0) {
            if (auto r = SqlStatement::run(db, QString::fromLatin1(table.ddl), {}, where); !r)
                return r.error();
        }
    }
    for (const char* ddl : kVersion1) {
        if (auto r = SqlStatement::run(db, QString::fromLatin1(ddl), {}, where); !r)
            return r.error();
    }

    const QList<QPair<const char*, const char*>> permissions = {
        {"task.view", "See own tasks"},
        {"task.view_all", "See and act on everyone's tasks"},
        {"task.create", "Create tasks"},
        {"task.edit", "Edit tasks"},
        {"task.complete", "Mark tasks done or not done"},
        {"task.delete", "Delete tasks"},
        {"product.view", "See products"},
        {"product.create", "Create products"},
        {"product.edit", "Edit products"},
        {"product.delete", "Delete products"},
        {"user.view", "See the user list"},
        {"user.manage", "Create, disable, unlock, reset and delete users"},
        {"role.manage", "Create roles, edit their permissions, assign them"},
        {"audit.view", "Read the audit log"},
    };
    QStringList all;
    for (const auto& [name, description] : permissions) {
        all << QString::fromLatin1(name);
        if (auto r =
                SqlStatement::run(db, QStringLiteral("INSERT INTO gh_permission (name, description) VALUES (?, ?)"),
                                  {QString::fromLatin1(name), QString::fromLatin1(description)}, where);
            !r)
            return r.error();
    }
    const QStringList taskAndProduct = {QStringLiteral("task.view"),     QStringLiteral("task.view_all"),
                                        QStringLiteral("task.create"),   QStringLiteral("task.edit"),
                                        QStringLiteral("task.complete"), QStringLiteral("task.delete"),
                                        QStringLiteral("product.view"),  QStringLiteral("product.create"),
                                        QStringLiteral("product.edit"),  QStringLiteral("product.delete")};
    const BuiltinRole roles[] = {
        {"admin", "Everything", all},
        {"manager", "All task and product permissions, and the user list",
         taskAndProduct + QStringList{QStringLiteral("user.view")}},
        {"user",
         "Own tasks (view, create, edit, complete) and the product list",
         {QStringLiteral("task.view"), QStringLiteral("task.create"), QStringLiteral("task.edit"),
          QStringLiteral("task.complete"), QStringLiteral("product.view")}},
        {"viewer", "Read-only", {QStringLiteral("task.view"), QStringLiteral("product.view")}},
    };
    for (const BuiltinRole& role : roles) {
        auto inserted =
            SqlStatement::run(db, QStringLiteral("INSERT INTO gh_role (name, builtin, description) VALUES (?, 1, ?)"),
                              {QString::fromLatin1(role.name), QString::fromLatin1(role.description)}, where);
        if (!inserted)
            return inserted.error();
        const QVariant roleId = inserted.value().lastInsertId();
        for (const QString& p : role.permissions) {
            if (auto r = SqlStatement::run(
                    db, QStringLiteral("INSERT INTO gh_role_permission (role_id, permission) VALUES (?, ?)"),
                    {roleId, p}, where);
                !r)
                return r.error();
        }
    }

    const qint64 now = clock.nowSeconds();
    auto id = crypto::secureRandomBytes(16);
    if (!id)
        return id.error();
    const QList<QPair<QString, QString>> meta = {
        {QStringLiteral("database_id"), QString::fromLatin1(id.value().toHex())},
        {QStringLiteral("password_min_length"), QStringLiteral("12")},
    };
    for (const auto& [key, value] : meta) {
        if (auto r = SqlStatement::run(db, QStringLiteral("INSERT INTO gh_meta (key, value) VALUES (?, ?)"),
                                       {key, value}, where);
            !r)
            return r.error();
    }
    // Users a Flask app registered before Gatehouse arrived become ordinary accounts with the "user" role.
    if (auto r = SqlStatement::run(
            db, QStringLiteral("INSERT INTO gh_account (user_id, created_at) SELECT id, ? FROM \"user\""), {now},
            where);
        !r)
        return r.error();
    if (auto r = SqlStatement::run(db,
                                   QStringLiteral("INSERT INTO gh_user_role (user_id, role_id) SELECT u.id, r.id "
                                                  "FROM \"user\" u, gh_role r WHERE r.name = 'user'"),
                                   {}, where);
        !r)
        return r.error();
    if (auto r = SqlStatement::run(
            db,
            QStringLiteral("INSERT INTO gh_task (task_id, owner_id, created_at, updated_at) SELECT id, NULL, ?, ? "
                           "FROM task"),
            {now, now}, where);
        !r)
        return r.error();
    if (auto r = SqlStatement::run(
            db, QStringLiteral("INSERT INTO gh_schema_version (version, applied_at, description) VALUES (1, ?, ?)"),
            {now, QStringLiteral("Gatehouse tables, built-in roles and permissions")}, where);
        !r)
        return r.error();
    return {};
}

} // namespace gatehouse::core::store
