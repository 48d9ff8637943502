#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QString>

namespace gatehouse::core::store {

// The substring index over task titles and descriptions: an FTS5 table with the trigram tokenizer
// (gh_task_fts, rowid = task.id, columns title and description), kept in step with task and gh_task by
// triggers, so rows a Flask app inserts, edits or deletes directly are indexed too (its SQLite only needs
// FTS5, which Debian's and Python's have). Queries use it as a filter that may over-match (its case
// folding is Unicode, LIKE's is ASCII only); the caller re-checks the exact LIKE, so results do not depend
// on it. Trigrams need a search text of at least kMinLength characters; shorter ones use LIKE alone.
class TaskSearchIndex
{
public:
    static constexpr int kMinLength = 3;

    // Creates the table and triggers and indexes the existing tasks (inside the caller's transaction).
    // db.fts_unavailable when this SQLite lacks FTS5 or its trigram tokenizer (SQLite older than 3.34).
    static Status install(QSqlDatabase& db);
    // FTS5's integrity-check of both tables against task and gh_task (reads everything: O(tasks)).
    // db.corrupt when the index does not match; rebuild() repairs it.
    static Status verify(const QSqlDatabase& db);
    // Re-indexes every task from task and gh_task (inside the caller's write transaction).
    static Status rebuild(const QSqlDatabase& db);
    // Whether `text` is long enough for the trigram index.
    static bool usable(const QString& text);
    // An FTS5 query matching `text` literally: one quoted string, so nothing the user types is FTS syntax.
    static QString matchExpression(const QString& text);
    // `text` as a LIKE pattern "%text%" with '\' as the escape character for \, % and _.
    static QString likePattern(const QString& text);
};

} // namespace gatehouse::core::store
