#pragma once

// Fills a Gatehouse database with many ownerless tasks or products fast: one transaction, one prepared
// statement, bound values. Uses its own connection, closed before returning.
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
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return q.lastError().text();
        if (!q.prepare(tasks ? QStringLiteral("INSERT INTO task (title, completed) VALUES (?, ?)")
                             : QStringLiteral("INSERT INTO product (name, price) VALUES (?, ?)")))
            return q.lastError().text();
        for (qint64 i = 1; i <= count && error.isEmpty(); ++i) {
            q.bindValue(0, QStringLiteral("%1 %2").arg(prefix).arg(i, 7, 10, QLatin1Char('0')));
            q.bindValue(1, tasks ? QVariant(int(i % 3 == 0)) : QVariant(double(i % 1000) / 10.0));
            if (!q.exec())
                error = q.lastError().text();
        }
        if (!q.exec(error.isEmpty() ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")) && error.isEmpty())
            error = q.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace gatehouse::test
