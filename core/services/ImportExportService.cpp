#include "services/ImportExportService.h"

#include "services/Actor.h"
#include "services/AuditLog.h"
#include "services/Csv.h"
#include "services/Permissions.h"
#include "services/ProductService.h"
#include "services/TaskService.h"
#include "store/SqlError.h"
#include "store/SqlStatement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

namespace gatehouse::core::services {

using store::SqlStatement;

namespace {

// A table of string cells with named columns, from CSV or JSON.
struct Table
{
    QStringList columns;
    QList<QStringList> rows;
};

Result<Table> readTable(const QByteArray& data, ImportExportService::Format format, const QStringList& allowed,
                        const QStringList& required)
{
    Table table;
    if (format == ImportExportService::Format::Csv) {
        auto rows = Csv::parse(data);
        if (!rows)
            return rows.error();
        if (rows.value().isEmpty())
            return Error::make(QStringLiteral("import.format"), QStringLiteral("The file has no header row."));
        table.columns = rows.value().takeFirst();
        table.rows = rows.value();
    } else {
        QJsonParseError pe{};
        const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isArray())
            return Error::make(
                QStringLiteral("import.format"), QStringLiteral("The file is not a JSON array of objects."),
                pe.error != QJsonParseError::NoError ? QStringLiteral("offset %1").arg(pe.offset) : QString());
        table.columns = allowed;
        int index = 0;
        for (const QJsonValue& v : doc.array()) {
            ++index;
            if (!v.isObject())
                return Error::make(QStringLiteral("import.format"), QStringLiteral("Every element must be an object."),
                                   QStringLiteral("row %1").arg(index));
            const QJsonObject o = v.toObject();
            QStringList row;
            for (const QString& key : o.keys()) {
                if (!allowed.contains(key))
                    return Error::make(QStringLiteral("import.format"), QStringLiteral("Unknown field."),
                                       QStringLiteral("row %1: %2").arg(index).arg(key.left(64)));
            }
            for (const QString& c : allowed) {
                const QJsonValue cell = o.value(c);
                if (cell.isBool())
                    row << (cell.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
                else if (cell.isDouble())
                    row << QString::number(cell.toDouble(), 'g', 17);
                else if (cell.isString())
                    row << cell.toString();
                else if (cell.isUndefined() || cell.isNull())
                    row << QString();
                else
                    row << QStringLiteral("\x01invalid"); // objects/arrays: reported by the row checks
            }
            table.rows << row;
        }
        return table;
    }
    QSet<QString> seen;
    for (const QString& c : table.columns) {
        if (!allowed.contains(c))
            return Error::make(QStringLiteral("import.format"), QStringLiteral("Unknown column."), c.left(64));
        if (seen.contains(c))
            return Error::make(QStringLiteral("import.format"), QStringLiteral("A column appears twice."), c);
        seen.insert(c);
    }
    for (const QString& c : required) {
        if (!seen.contains(c))
            return Error::make(QStringLiteral("import.format"), QStringLiteral("A required column is missing."), c);
    }
    return table;
}

QString cell(const Table& t, const QStringList& row, const QString& column)
{
    const qsizetype i = t.columns.indexOf(column);
    return i >= 0 && i < row.size() ? row.at(i) : QString();
}

std::optional<bool> parseBool(const QString& s)
{
    const QString v = s.trimmed().toLower();
    if (v.isEmpty() || v == QLatin1String("false") || v == QLatin1String("0") || v == QLatin1String("no"))
        return false;
    if (v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes"))
        return true;
    return std::nullopt;
}

QByteArray render(const QStringList& columns, const QList<QList<QVariant>>& rows, ImportExportService::Format format)
{
    if (format == ImportExportService::Format::Csv) {
        QList<QStringList> out{columns};
        for (const QList<QVariant>& r : rows) {
            QStringList line;
            for (const QVariant& v : r)
                line << (v.typeId() == QMetaType::Bool ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                         : v.typeId() == QMetaType::Double ? QString::number(v.toDouble(), 'g', 17)
                                                           : v.toString());
            out << line;
        }
        return Csv::format(out);
    }
    QJsonArray array;
    for (const QList<QVariant>& r : rows) {
        QJsonObject o;
        for (qsizetype i = 0; i < columns.size(); ++i)
            o.insert(columns.at(i), QJsonValue::fromVariant(r.at(i)));
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

Error cancelledError()
{
    return Error::make(QStringLiteral("import.cancelled"),
                       QStringLiteral("The import was cancelled; nothing was imported."));
}

bool cancelled(const ImportExportService::ImportControl& control)
{
    return control.isCancelled && control.isCancelled();
}

// The last word inside the transaction: true, and the import commits whatever a cancel says from now on.
bool mayCommit(const ImportExportService::ImportControl& control)
{
    return !cancelled(control) && (!control.beginCommit || control.beginCommit());
}

void notify(const ImportExportService::ImportControl& control, qint64 done, qint64 total)
{
    if (control.progress)
        control.progress(done, total);
}

} // namespace

Result<QByteArray> ImportExportService::exportTasks(const Principal& principal, Format format) const
{
    return m_ctx.db->read<QByteArray>([&](QSqlDatabase& c) -> Result<QByteArray> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::taskView()); !s)
            return s.error();
        const bool all = actor.value().has(Permissions::taskViewAll());
        auto q = SqlStatement::run(
            c,
            QStringLiteral("SELECT t.id, t.title, coalesce(t.completed, 0), coalesce(g.description, ''), "
                           "coalesce(u.username, ''), coalesce(g.created_at, 0), coalesce(g.updated_at, 0) FROM task t "
                           "LEFT JOIN gh_task g ON g.task_id = t.id LEFT JOIN \"user\" u ON u.id = g.owner_id") +
                (all ? QString() : QStringLiteral(" WHERE g.owner_id = ?")) + QStringLiteral(" ORDER BY t.id"),
            all ? QVariantList{} : QVariantList{principal.userId()}, QStringLiteral("export.tasks"));
        if (!q)
            return q.error();
        QList<QList<QVariant>> rows;
        while (q.value().next()) {
            const QSqlQuery& r = q.value();
            rows << QList<QVariant>{r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toInt() != 0,
                                    r.value(3).toString(),   r.value(4).toString(), r.value(5).toLongLong(),
                                    r.value(6).toLongLong()};
        }
        return render({QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("completed"),
                       QStringLiteral("description"), QStringLiteral("owner"), QStringLiteral("created_at"),
                       QStringLiteral("updated_at")},
                      rows, format);
    });
}

Result<QByteArray> ImportExportService::exportProducts(const Principal& principal, Format format) const
{
    return m_ctx.db->read<QByteArray>([&](QSqlDatabase& c) -> Result<QByteArray> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::productView()); !s)
            return s.error();
        auto q = SqlStatement::run(c, QStringLiteral("SELECT id, name, price FROM product ORDER BY id"), {},
                                   QStringLiteral("export.products"));
        if (!q)
            return q.error();
        QList<QList<QVariant>> rows;
        while (q.value().next())
            rows << QList<QVariant>{q.value().value(0).toLongLong(), q.value().value(1).toString(),
                                    q.value().value(2).toDouble()};
        return render({QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("price")}, rows, format);
    });
}

Result<QByteArray> ImportExportService::exportUsers(const Principal& principal, Format format, bool includeHashes)
{
    const qint64 now = m_ctx.clock->nowSeconds();
    return m_ctx.db->write<QByteArray>([&](QSqlDatabase& c) -> Result<QByteArray> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(includeHashes ? Permissions::userManage() : Permissions::userView()); !s)
            return s.error();
        auto q = SqlStatement::run(
            c,
            QStringLiteral(
                "SELECT u.id, u.username, (SELECT group_concat(name, ' ') FROM (SELECT r.name FROM "
                "gh_user_role ur JOIN gh_role r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.name)), "
                "coalesce(a.disabled, 0), coalesce(a.created_at, 0), coalesce(a.last_login, 0), u.password "
                "FROM \"user\" u LEFT JOIN gh_account a ON a.user_id = u.id ORDER BY u.id"),
            {}, QStringLiteral("export.users"));
        if (!q)
            return q.error();
        QList<QList<QVariant>> rows;
        while (q.value().next()) {
            const QSqlQuery& r = q.value();
            QList<QVariant> row{r.value(0).toLongLong(), r.value(1).toString(),   r.value(2).toString(),
                                r.value(3).toInt() != 0, r.value(4).toLongLong(), r.value(5).toLongLong()};
            if (includeHashes)
                row << r.value(6).toString();
            rows << row;
        }
        QStringList columns{QStringLiteral("id"),       QStringLiteral("username"),   QStringLiteral("roles"),
                            QStringLiteral("disabled"), QStringLiteral("created_at"), QStringLiteral("last_login")};
        if (includeHashes)
            columns << QStringLiteral("password_hash");
        if (Status s =
                AuditLog::record(c, now,
                                 {0, now, principal.userId(), actor.value().username(), QStringLiteral("user.export"),
                                  QStringLiteral("%1 users").arg(rows.size()), QStringLiteral("ok"),
                                  includeHashes ? QStringLiteral("with password hashes") : QString()});
            !s)
            return s.error();
        return render(columns, rows, format);
    });
}

Result<ImportReport> ImportExportService::importTasks(const Principal& principal, const QByteArray& data, Format format,
                                                      const ImportControl& control)
{
    auto table =
        readTable(data, format, {QStringLiteral("title"), QStringLiteral("completed"), QStringLiteral("description")},
                  {QStringLiteral("title")});
    if (!table)
        return table.error();
    struct Row
    {
        QString title;
        bool completed = false;
        QString description;
    };
    QList<Row> rows;
    rows.reserve(table.value().rows.size());
    ImportReport report;
    int index = 0;
    const qsizetype titleColumn = table.value().columns.indexOf(QStringLiteral("title"));
    const qsizetype descriptionColumn = table.value().columns.indexOf(QStringLiteral("description"));
    const qsizetype completedColumn = table.value().columns.indexOf(QStringLiteral("completed"));
    auto at = [](const QStringList& row, qsizetype column) { return column >= 0 ? row.at(column) : QString(); };
    for (const QStringList& r : table.value().rows) {
        ++index;
        if (r.size() != table.value().columns.size()) {
            report.errors << ImportReport::RowError{
                index,
                {},
                QStringLiteral("import.columns"),
                QStringLiteral("The row has %1 cells, the header %2.").arg(r.size()).arg(table.value().columns.size())};
            continue;
        }
        Row row{at(r, titleColumn), false, at(r, descriptionColumn)};
        if (Status s = TaskService::validateTitle(row.title); !s)
            report.errors << ImportReport::RowError{index, QStringLiteral("title"), s.error().code, s.error().message};
        if (Status s = TaskService::validateDescription(row.description); !s)
            report.errors << ImportReport::RowError{index, QStringLiteral("description"), s.error().code,
                                                    s.error().message};
        const auto done = parseBool(at(r, completedColumn));
        if (!done)
            report.errors << ImportReport::RowError{index, QStringLiteral("completed"),
                                                    QStringLiteral("import.boolean"),
                                                    QStringLiteral("Use true/false, yes/no or 1/0.")};
        else
            row.completed = *done;
        rows << std::move(row);
    }
    if (!report.errors.isEmpty())
        return report;
    const qint64 now = m_ctx.clock->nowSeconds();
    const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status p = actor.value().require(Permissions::taskCreate()); !p)
            return p;
        // Staged in a temporary table, then written by two INSERT ... SELECT statements: FTS5 (3.40) flushes
        // its pending index data at every statement inside a transaction, so row-by-row inserts into task
        // would write one tiny index segment per row and merge them all along (5-10x slower).
        const QString where = QStringLiteral("import.tasks");
        if (auto r = SqlStatement::run(c,
                                       QStringLiteral("CREATE TEMP TABLE gh_import_task (seq INTEGER PRIMARY KEY, "
                                                      "title TEXT NOT NULL, completed INTEGER NOT NULL, description "
                                                      "TEXT NOT NULL)"),
                                       {}, where);
            !r)
            return r.error();
        // Many rows per statement: the per-statement cost of QSqlQuery dominates a row's.
        constexpr qsizetype kBatch = 256;
        auto stageSql = [](qsizetype n) {
            QString sql =
                QStringLiteral("INSERT INTO temp.gh_import_task (seq, title, completed, description) VALUES ");
            for (qsizetype i = 0; i < n; ++i)
                sql += i ? QStringLiteral(", (?, ?, ?, ?)") : QStringLiteral("(?, ?, ?, ?)");
            return sql;
        };
        QSqlQuery stage(c);
        qsizetype prepared = 0;
        for (qsizetype start = 0; start < rows.size(); start += kBatch) {
            if (cancelled(control))
                return cancelledError();
            notify(control, start, rows.size());
            const qsizetype n = qMin(kBatch, rows.size() - start);
            if (n != prepared) {
                if (!stage.prepare(stageSql(n)))
                    return store::SqlError::fromQt(stage.lastError(), where);
                prepared = n;
            }
            for (qsizetype i = 0; i < n; ++i) {
                const Row& row = rows.at(start + i);
                const int p = int(i * 4);
                stage.bindValue(p, start + i + 1);
                stage.bindValue(p + 1, row.title);
                stage.bindValue(p + 2, row.completed ? 1 : 0);
                stage.bindValue(p + 3, row.description.isNull() ? QString(QLatin1String("")) : row.description);
            }
            if (!stage.exec())
                return store::SqlError::fromQt(stage.lastError(), where);
        }
        stage.finish();
        if (cancelled(control))
            return cancelledError();
        // The ids SQLite would give one by one (no AUTOINCREMENT here): after the largest.
        auto base = SqlStatement::scalar(c, QStringLiteral("SELECT coalesce(max(id), 0) FROM task"), {}, where);
        if (!base)
            return base.error();
        const qint64 first = base.value().toLongLong();
        // gh_task first (its foreign key checked at COMMIT), so the task trigger that gives rows from other
        // programs a gh_task row finds it there and does nothing.
        if (auto r = SqlStatement::run(c, QStringLiteral("PRAGMA defer_foreign_keys = ON"), {}, where); !r)
            return r.error();
        // An upsert, not REPLACE: a stale gh_task row is updated (its triggers keep the index right).
        if (auto r = SqlStatement::run(
                c,
                QStringLiteral("INSERT INTO gh_task (task_id, owner_id, description, created_at, updated_at) SELECT "
                               "? + seq, ?, description, ?, ? FROM temp.gh_import_task WHERE true ORDER BY seq "
                               "ON CONFLICT(task_id) DO UPDATE SET owner_id = excluded.owner_id, description = "
                               "excluded.description, created_at = excluded.created_at, updated_at = "
                               "excluded.updated_at"),
                {first, principal.userId(), now, now}, where);
            !r)
            return r.error();
        if (auto r = SqlStatement::run(c,
                                       QStringLiteral("INSERT INTO task (id, title, completed) SELECT ? + seq, title, "
                                                      "completed FROM temp.gh_import_task ORDER BY seq"),
                                       {first}, where);
            !r)
            return r.error();
        auto dropped = SqlStatement::run(c, QStringLiteral("DROP TABLE temp.gh_import_task"), {}, where);
        if (!dropped)
            return dropped.error();
        if (!mayCommit(control))
            return cancelledError();
        notify(control, rows.size(), rows.size());
        return {};
    });
    if (!s)
        return s.error();
    report.imported = int(rows.size());
    return report;
}

Result<ImportReport> ImportExportService::importProducts(const Principal& principal, const QByteArray& data,
                                                         Format format, const ImportControl& control)
{
    auto table = readTable(data, format, {QStringLiteral("name"), QStringLiteral("price")},
                           {QStringLiteral("name"), QStringLiteral("price")});
    if (!table)
        return table.error();
    QList<QPair<QString, double>> rows;
    ImportReport report;
    int index = 0;
    for (const QStringList& r : table.value().rows) {
        ++index;
        if (r.size() != table.value().columns.size()) {
            report.errors << ImportReport::RowError{
                index, {}, QStringLiteral("import.columns"), QStringLiteral("The row has the wrong number of cells.")};
            continue;
        }
        const QString name = cell(table.value(), r, QStringLiteral("name"));
        bool ok = false;
        const double price = cell(table.value(), r, QStringLiteral("price")).trimmed().toDouble(&ok);
        if (Status s = ProductService::validateName(name); !s)
            report.errors << ImportReport::RowError{index, QStringLiteral("name"), s.error().code, s.error().message};
        if (!ok)
            report.errors << ImportReport::RowError{index, QStringLiteral("price"),
                                                    QStringLiteral("product.invalid_price"),
                                                    QStringLiteral("The price is not a number.")};
        else if (Status s = ProductService::validatePrice(price); !s)
            report.errors << ImportReport::RowError{index, QStringLiteral("price"), s.error().code, s.error().message};
        rows << qMakePair(name, price);
    }
    if (!report.errors.isEmpty())
        return report;
    const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status p = actor.value().require(Permissions::productCreate()); !p)
            return p;
        constexpr qsizetype kBatch = 256;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (i % kBatch == 0) {
                if (cancelled(control))
                    return cancelledError();
                notify(control, i, rows.size());
            }
            const auto& [name, price] = rows.at(i);
            if (auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES (?, ?)"),
                                           {name, price}, QStringLiteral("import.products"));
                !r)
                return r.error();
        }
        if (!mayCommit(control))
            return cancelledError();
        notify(control, rows.size(), rows.size());
        return {};
    });
    if (!s)
        return s.error();
    report.imported = int(rows.size());
    return report;
}

} // namespace gatehouse::core::services
