#include "store/SqlError.h"

namespace gatehouse::core::store {

int SqlError::primaryCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

Error SqlError::fromQt(const QSqlError& error, const QString& where)
{
    const QString detail = error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    switch (primaryCode(error)) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return Error::make(QStringLiteral("db.busy"),
                           QStringLiteral("The database is busy (another program is writing to it): %1").arg(detail),
                           where);
    case 8: // SQLITE_READONLY
        return Error::make(QStringLiteral("db.readonly"),
                           QStringLiteral("The database file is read-only: %1").arg(detail), where);
    case 11: // SQLITE_CORRUPT
        return Error::make(QStringLiteral("db.corrupt"), QStringLiteral("The database file is damaged: %1").arg(detail),
                           where);
    case 26: // SQLITE_NOTADB
        return Error::make(QStringLiteral("db.not_sqlite"),
                           QStringLiteral("The file is not a SQLite database (or is encrypted)."), where);
    case 13: // SQLITE_FULL
        return Error::make(QStringLiteral("db.full"),
                           QStringLiteral("The disk (or the database's size limit) is full; nothing was saved."),
                           where);
    case 19: // SQLITE_CONSTRAINT
        return Error::make(QStringLiteral("db.constraint"),
                           QStringLiteral("The change breaks a database rule: %1").arg(detail), where);
    case 14: // SQLITE_CANTOPEN
        return Error::make(QStringLiteral("db.open"),
                           QStringLiteral("The database file cannot be opened: %1").arg(detail), where);
    case 10: // SQLITE_IOERR
        return Error::make(QStringLiteral("db.io"),
                           QStringLiteral("Reading or writing the database file failed: %1").arg(detail), where);
    default:
        break;
    }
    return Error::make(QStringLiteral("db.query"), QStringLiteral("A database query failed: %1").arg(detail), where);
}

} // namespace gatehouse::core::store
