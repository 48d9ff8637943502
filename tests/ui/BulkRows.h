#pragma once

// Fills a Gatehouse database with many ownerless tasks or products fast: one transaction, one prepared
// statement (a recursive CTE) with bound values. Uses its own connection, closed before returning.
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace gatehouse::test {

// Inserts `count` rows named "<prefix> <n>" (n from 1). Returns an empty string or the SQL error.
inline QString insertBulkRows(const QString& dbPath, const QString& table, qint64 count,
                              const QString& prefix = QStringLiteral("Row"))
{
    const QString name = QStringLiteral("bulk-rows");
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dbPath);
        if (!db.open())
            return db.lastError().text();
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA busy_timeout = 10000"));
        const bool tasks = table == QStringLiteral("task");
        // One statement generating every row inside SQLite: no per-row round trip through Qt.
        const QString sql =
            QStringLiteral("INSERT INTO ") +
            (tasks ? QStringLiteral("task (title, completed)") : QStringLiteral("product (name, price)")) +
            QStringLiteral(" WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                           "SELECT printf('%s %07d', ?, i), ") +
            (tasks ? QStringLiteral("i % 3 = 0") : QStringLiteral("(i % 1000) / 10.0")) + QStringLiteral(" FROM n");
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return q.lastError().text();
        if (!q.prepare(sql))
            error = q.lastError().text();
        q.bindValue(0, count);
        q.bindValue(1, prefix);
        if (error.isEmpty() && !q.exec())
            error = q.lastError().text();
        if (!q.exec(error.isEmpty() ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")) && error.isEmpty())
            error = q.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace gatehouse::test
