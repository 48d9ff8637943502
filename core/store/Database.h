#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace gatehouse::core::store {

// A Gatehouse SQLite file: Flask-SQLAlchemy's user/task/product tables plus Gatehouse's gh_* tables.
//
// Opening validates the file (db.not_sqlite, db.corrupt), creates a new file with mode 0600 (SQLite gives
// the -wal/-shm files the same mode), adopts an existing Flask database by adding the gh_* tables beside its
// own, and applies forward migrations, each in one transaction, after writing a backup copy beside an
// existing file (Schema). Connections use WAL, a busy timeout and foreign keys.
//
// Threading: one QSqlDatabase connection per thread, opened on first use in that thread and named after
// the instance and the thread. A Database must outlive every thread that used it; the destructor removes
// all its connections. Writes go through write(), which runs the body in "BEGIN IMMEDIATE" ... "COMMIT"
// and rolls back on any error, so an error never leaves anything half-written.
//
// A file whose mode has no owner write bit (or that this process cannot write) opens read-only even for
// root: reads work, writes fail with db.readonly, and a file that needs a migration is refused (db.readonly).
class Database
{
public:
    struct Options
    {
        bool readOnly = false;
        bool createIfMissing = true;
        int busyTimeoutMs = 5000;
        // For backup file names; the system clock when null.
        const Clock* clock = nullptr;
        // false: PRAGMA synchronous = OFF, no fsync at all. Only for throw-away files (tests, scratch
        // copies): a power loss may then corrupt the file.
        bool durable = true;
    };

    // Errors: db.not_found, db.open, db.not_sqlite, db.corrupt, db.readonly, db.full, db.io,
    // db.schema.newer (written by a newer Gatehouse), db.schema.incompatible (Flask tables lack columns
    // Gatehouse needs), db.backup.
    static Result<std::shared_ptr<Database>> open(const QString& path, const Options& options);
    static Result<std::shared_ptr<Database>> open(const QString& path);

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    QString path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }
    // The backup written before the migrations of this open, or empty.
    QString backupPath() const { return m_backupPath; }
    // Random per-database identifier (gh_meta.database_id); names the token signing key.
    QString databaseId() const { return m_databaseId; }
    const Clock& clock() const { return *m_clock; }

    // The calling thread's connection, opened and configured on first use.
    Result<QSqlDatabase> connection() const;

    // Runs `body` in one write transaction. The body's error (or a failing COMMIT) rolls everything back.
    Status write(const std::function<Status(QSqlDatabase&)>& body) const;
    template <typename T>
    Result<T> write(const std::function<Result<T>(QSqlDatabase&)>& body) const
    {
        std::optional<Result<T>> out;
        const Status s = write([&](QSqlDatabase& db) -> Status {
            out.emplace(body(db));
            if (!out->ok())
                return out->error();
            return {};
        });
        if (!s)
            return s.error();
        return std::move(*out);
    }
    // Runs `body` in a read transaction (one consistent snapshot).
    Status read(const std::function<Status(QSqlDatabase&)>& body) const;
    template <typename T>
    Result<T> read(const std::function<Result<T>(QSqlDatabase&)>& body) const
    {
        std::optional<Result<T>> out;
        const Status s = read([&](QSqlDatabase& db) -> Status {
            out.emplace(body(db));
            if (!out->ok())
                return out->error();
            return {};
        });
        if (!s)
            return s.error();
        return std::move(*out);
    }

    // PRAGMA integrity_check, then (on a writable file) the task search index against the tasks
    // (TaskSearchIndex::verify); db.corrupt with the first findings.
    Status integrityCheck() const;
    // A consistent copy (VACUUM INTO) at `target`, which must not exist; written with mode 0600.
    Status backupTo(const QString& target) const;

private:
    Database() = default;
    Status beginImmediate(QSqlDatabase& db) const;
    Status finish(QSqlDatabase& db, const Status& bodyStatus) const;
    Result<QSqlDatabase> openConnection(const QString& name) const;

    QString m_path;
    bool m_readOnly = false;
    int m_busyTimeoutMs = 5000;
    bool m_durable = true;
    QString m_backupPath;
    QString m_databaseId;
    const Clock* m_clock = nullptr;
    quint64 m_instance = 0;
    mutable QMutex m_mutex;
    mutable QStringList m_connectionNames;
};

} // namespace gatehouse::core::store
