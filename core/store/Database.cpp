#include "store/Database.h"

#include "store/Schema.h"
#include "store/SqlError.h"
#include "store/SqlStatement.h"
#include "store/TaskSearchIndex.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSqlError>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcStore, "gatehouse.core.store", QtWarningMsg)

namespace gatehouse::core::store {

namespace {

QAtomicInteger<quint64> g_nextInstance{1};

// Creates an empty file readable and writable by the owner only, atomically (O_EXCL), so the database
// is never visible with a wider mode. SQLite then gives its -wal and -shm files the same mode.
Status createPrivateFile(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        return Error::make(
            err == ENOSPC ? QStringLiteral("db.full") : QStringLiteral("db.open"),
            QStringLiteral("Cannot create the database file: %1").arg(QString::fromLocal8Bit(std::strerror(err))),
            path);
    }
    ::close(fd);
    return {};
}

bool fileIsWritable(const QString& path)
{
    const QFileInfo info(path);
    return info.isWritable() && (info.permissions() & QFile::WriteOwner);
}

} // namespace

Result<std::shared_ptr<Database>> Database::open(const QString& path)
{
    return open(path, Options{});
}

Result<std::shared_ptr<Database>> Database::open(const QString& path, const Options& options)
{
    std::shared_ptr<Database> db(new Database);
    db->m_path = QFileInfo(path).absoluteFilePath();
    db->m_busyTimeoutMs = options.busyTimeoutMs;
    db->m_durable = options.durable;
    db->m_clock = options.clock ? options.clock : &SystemClock::instance();
    db->m_instance = g_nextInstance.fetchAndAddRelaxed(1);

    const bool existed = QFileInfo::exists(db->m_path);
    if (!existed) {
        if (!options.createIfMissing || options.readOnly)
            return Error::make(QStringLiteral("db.not_found"), QStringLiteral("The database file does not exist."),
                               db->m_path);
        if (Status s = createPrivateFile(db->m_path); !s)
            return s.error();
    } else if (!QFileInfo(db->m_path).isFile()) {
        return Error::make(QStringLiteral("db.open"), QStringLiteral("The path is not a regular file."), db->m_path);
    }
    db->m_readOnly = options.readOnly || !fileIsWritable(db->m_path);

    auto conn = db->connection();
    if (!conn)
        return conn.error();
    QSqlDatabase c = conn.value();

    auto version = Schema::installedVersion(c);
    if (!version)
        return version.error();
    if (version.value() > Schema::kCurrentVersion)
        return Error::make(
            QStringLiteral("db.schema.newer"),
            QStringLiteral("The database was written by a newer Gatehouse (schema %1; this one knows %2).")
                .arg(version.value())
                .arg(Schema::kCurrentVersion),
            db->m_path);

    if (version.value() < Schema::kCurrentVersion) {
        if (db->m_readOnly)
            return Error::make(QStringLiteral("db.readonly"),
                               QStringLiteral("The database needs an upgrade, but the file is read-only."), db->m_path);
        if (Status s = Schema::checkFlaskTables(c); !s)
            return s.error();
        auto hasTables = Schema::hasTables(c);
        if (!hasTables)
            return hasTables.error();
        if (existed && hasTables.value()) {
            const QString stamp = QDateTime::fromSecsSinceEpoch(db->m_clock->nowSeconds(), Qt::UTC)
                                      .toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
            QString target = QStringLiteral("%1.backup-v%2-%3").arg(db->m_path).arg(version.value()).arg(stamp);
            for (int n = 2; QFileInfo::exists(target); ++n)
                target = QStringLiteral("%1.backup-v%2-%3-%4").arg(db->m_path).arg(version.value()).arg(stamp).arg(n);
            if (Status s = db->backupTo(target); !s)
                return s.error();
            db->m_backupPath = target;
        }
    }
    if (!db->m_readOnly) {
        // After the backup (switching to WAL rewrites the file header), before the migrations (which then
        // commit without the rollback journal's syncs).
        auto mode =
            SqlStatement::scalar(c, QStringLiteral("PRAGMA journal_mode = WAL"), {}, QStringLiteral("open.wal"));
        if (!mode)
            return mode.error();
        if (mode.value().toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            qCWarning(lcStore) << "journal_mode stays" << mode.value().toString();
    }

    if (version.value() < Schema::kCurrentVersion) {
        for (int v = version.value() + 1; v <= Schema::kCurrentVersion; ++v) {
            const Clock& clock = *db->m_clock;
            const Status s = db->write([&](QSqlDatabase& w) -> Status {
                // Re-read inside the lock: another process may have migrated meanwhile.
                auto now = Schema::installedVersion(w);
                if (!now)
                    return now.error();
                if (now.value() >= v)
                    return {};
                return Schema::apply(w, v, clock);
            });
            if (!s)
                return s.error();
        }
    }

    auto id = SqlStatement::scalar(c, QStringLiteral("SELECT value FROM gh_meta WHERE key = 'database_id'"), {},
                                   QStringLiteral("open.id"));
    if (!id)
        return id.error();
    db->m_databaseId = id.value().toString();
    return db;
}

Database::~Database()
{
    QMutexLocker lock(&m_mutex);
    // removeDatabase closes each connection; it is not looked up first, because looking up another
    // thread's connection is refused (and warned about) by Qt.
    for (const QString& name : std::as_const(m_connectionNames))
        QSqlDatabase::removeDatabase(name);
}

Result<QSqlDatabase> Database::connection() const
{
    const QString name = QStringLiteral("gatehouse.store.%1.%2")
                             .arg(m_instance)
                             .arg(reinterpret_cast<quintptr>(QThread::currentThread()), 0, 16);
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase existing = QSqlDatabase::database(name, false);
        if (existing.isValid() && existing.isOpen())
            return existing;
        // A thread that reused the address of a finished one: start afresh.
        existing = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    return openConnection(name);
}

Result<QSqlDatabase> Database::openConnection(const QString& name) const
{
    {
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        QMutexLocker lock(&m_mutex);
        if (!m_connectionNames.contains(name))
            m_connectionNames << name;
        c.setDatabaseName(m_path);
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs);
        if (m_readOnly)
            options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        c.setConnectOptions(options);
        if (!c.open())
            return SqlError::fromQt(c.lastError(), QStringLiteral("open"));
    }
    QSqlDatabase c = QSqlDatabase::database(name, false);
    // The first read is what tells a SQLite file from anything else (open() itself is lazy).
    if (auto probe = SqlStatement::scalar(c, QStringLiteral("SELECT count(*) FROM sqlite_master"), {},
                                          QStringLiteral("open.probe"));
        !probe)
        return probe.error();
    const QStringList pragmas = {
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA busy_timeout = %1").arg(m_busyTimeoutMs),
        // WAL + NORMAL: a committed transaction survives a crash of the process (SIGKILL); only a power
        // loss may drop the last commits, and never corrupts the file.
        m_durable ? QStringLiteral("PRAGMA synchronous = NORMAL") : QStringLiteral("PRAGMA synchronous = OFF"),
    };
    for (const QString& pragma : pragmas) {
        if (auto r = SqlStatement::run(c, pragma, {}, QStringLiteral("open.pragma")); !r)
            return r.error();
    }
    return c;
}

Status Database::beginImmediate(QSqlDatabase& db) const
{
    if (m_readOnly)
        return Error::make(QStringLiteral("db.readonly"), QStringLiteral("The database file is read-only."), m_path);
    // Never QSqlDatabase::transaction(): its deferred BEGIN fails with SQLITE_BUSY, without waiting, when
    // a read turns into a write while another connection writes.
    if (auto r = SqlStatement::run(db, QStringLiteral("BEGIN IMMEDIATE"), {}, QStringLiteral("begin")); !r)
        return r.error();
    return {};
}

Status Database::finish(QSqlDatabase& db, const Status& bodyStatus) const
{
    if (bodyStatus) {
        auto commit = SqlStatement::run(db, QStringLiteral("COMMIT"), {}, QStringLiteral("commit"));
        if (commit)
            return {};
        (void)SqlStatement::run(db, QStringLiteral("ROLLBACK"), {}, QStringLiteral("rollback"));
        return commit.error();
    }
    (void)SqlStatement::run(db, QStringLiteral("ROLLBACK"), {}, QStringLiteral("rollback"));
    return bodyStatus;
}

Status Database::write(const std::function<Status(QSqlDatabase&)>& body) const
{
    auto conn = connection();
    if (!conn)
        return conn.error();
    QSqlDatabase db = conn.value();
    if (Status s = beginImmediate(db); !s)
        return s;
    return finish(db, body(db));
}

Status Database::read(const std::function<Status(QSqlDatabase&)>& body) const
{
    auto conn = connection();
    if (!conn)
        return conn.error();
    QSqlDatabase db = conn.value();
    if (auto r = SqlStatement::run(db, QStringLiteral("BEGIN"), {}, QStringLiteral("begin")); !r)
        return r.error();
    const Status s = body(db);
    (void)SqlStatement::run(db, s ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"), {}, QStringLiteral("end"));
    return s;
}

Status Database::integrityCheck() const
{
    auto conn = connection();
    if (!conn)
        return conn.error();
    auto q = SqlStatement::run(conn.value(), QStringLiteral("PRAGMA integrity_check(20)"), {},
                               QStringLiteral("integrity_check"));
    if (!q)
        return q.error();
    QStringList findings;
    while (q.value().next())
        findings << q.value().value(0).toString();
    if (findings == QStringList{QStringLiteral("ok")}) {
        // SQLite 3.40's integrity_check does not look into FTS5 tables; the search index is checked on its
        // own (its check is an INSERT statement, refused on a read-only connection).
        if (m_readOnly)
            return {};
        if (Status s = TaskSearchIndex::verify(conn.value()); !s)
            return Error::make(s.error().code, s.error().message, m_path);
        return {};
    }
    return Error::make(QStringLiteral("db.corrupt"),
                       QStringLiteral("The database file is damaged: %1").arg(findings.join(QStringLiteral("; "))),
                       m_path);
}

Status Database::backupTo(const QString& target) const
{
    if (QFileInfo::exists(target))
        return Error::make(QStringLiteral("db.backup"), QStringLiteral("The backup file already exists."), target);
    // VACUUM INTO accepts an empty existing file: creating it first fixes its mode at 0600.
    if (Status s = createPrivateFile(target); !s)
        return Error::make(QStringLiteral("db.backup"), s.error().message, target);
    auto conn = connection();
    if (!conn) {
        QFile::remove(target);
        return conn.error();
    }
    if (auto r = SqlStatement::run(conn.value(), QStringLiteral("VACUUM INTO ?"), {target}, QStringLiteral("backup"));
        !r) {
        QFile::remove(target);
        return Error::make(r.error().code == QLatin1String("db.full") ? r.error().code : QStringLiteral("db.backup"),
                           QStringLiteral("Writing the backup copy failed: %1").arg(r.error().message), target);
    }
    return {};
}

} // namespace gatehouse::core::store
