#pragma once

#include "common/Result.h"

#include <QSqlError>

namespace gatehouse::core::store {

// Maps a Qt/SQLite error to a stable code. The SQLite primary result code (nativeErrorCode, low byte)
// decides: db.busy (BUSY, LOCKED), db.readonly, db.corrupt, db.not_sqlite (NOTADB), db.full, db.constraint,
// db.open (CANTOPEN), db.io (IOERR); anything else is db.query. The message carries SQLite's own text,
// which names tables and constraints but never a bound value (every value is bound, never spliced).
class SqlError
{
public:
    static Error fromQt(const QSqlError& error, const QString& where = {});
    // The SQLite primary result code of an error, or -1 when it carries none.
    static int primaryCode(const QSqlError& error);
};

} // namespace gatehouse::core::store
