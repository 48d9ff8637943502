#include "store/TaskSearchIndex.h"

#include "store/SqlStatement.h"

namespace gatehouse::core::store {

namespace {

// Two external-content tables (the text stays in task and gh_task, the index holds trigrams only), so an
// import that writes a task and then its description indexes each once instead of re-indexing the title.
// The triggers follow SQLite's documented pattern for external content: the old values are deleted with
// the 'delete' command before new ones are indexed. columnsize=0: no per-row size table (no ranking here).
// An "INSERT OR REPLACE INTO task" by another program replaces a row without delete triggers; its old
// trigrams then stay behind, which can only make the index over-match (callers re-check with LIKE).
const char* const kStatements[] = {
    "CREATE VIRTUAL TABLE gh_task_title_fts USING fts5(title, content='task', content_rowid='id', "
    "tokenize='trigram', columnsize=0)",
    "CREATE VIRTUAL TABLE gh_task_description_fts USING fts5(description, content='gh_task', "
    "content_rowid='task_id', tokenize='trigram', columnsize=0)",
    "INSERT INTO gh_task_title_fts (gh_task_title_fts) VALUES ('rebuild')",
    "INSERT INTO gh_task_description_fts (gh_task_description_fts) VALUES ('rebuild')",

    "CREATE TRIGGER gh_task_fts_insert AFTER INSERT ON task BEGIN "
    "INSERT INTO gh_task_title_fts (rowid, title) VALUES (NEW.id, NEW.title); END",
    "CREATE TRIGGER gh_task_fts_update AFTER UPDATE OF id, title ON task "
    "WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title BEGIN "
    "INSERT INTO gh_task_title_fts (gh_task_title_fts, rowid, title) VALUES ('delete', OLD.id, OLD.title); "
    "INSERT INTO gh_task_title_fts (rowid, title) VALUES (NEW.id, NEW.title); END",
    "CREATE TRIGGER gh_task_fts_delete AFTER DELETE ON task BEGIN "
    "INSERT INTO gh_task_title_fts (gh_task_title_fts, rowid, title) VALUES ('delete', OLD.id, OLD.title); END",

    // Empty descriptions (most rows) are not indexed at all.
    "CREATE TRIGGER gh_task_description_fts_insert AFTER INSERT ON gh_task WHEN NEW.description <> '' BEGIN "
    "INSERT INTO gh_task_description_fts (rowid, description) VALUES (NEW.task_id, NEW.description); END",
    "CREATE TRIGGER gh_task_description_fts_update AFTER UPDATE OF task_id, description ON gh_task "
    "WHEN OLD.task_id IS NOT NEW.task_id OR OLD.description IS NOT NEW.description BEGIN "
    "INSERT INTO gh_task_description_fts (gh_task_description_fts, rowid, description) "
    "SELECT 'delete', OLD.task_id, OLD.description WHERE OLD.description <> ''; "
    "INSERT INTO gh_task_description_fts (rowid, description) "
    "SELECT NEW.task_id, NEW.description WHERE NEW.description <> ''; END",
    "CREATE TRIGGER gh_task_description_fts_delete AFTER DELETE ON gh_task WHEN OLD.description <> '' BEGIN "
    "INSERT INTO gh_task_description_fts (gh_task_description_fts, rowid, description) "
    "VALUES ('delete', OLD.task_id, OLD.description); END",
};

} // namespace

Status TaskSearchIndex::install(QSqlDatabase& db)
{
    const QString where = QStringLiteral("migrate.search");
    // A probe outside the schema: a clear error instead of "no such module" halfway through.
    if (auto probe = SqlStatement::run(
            db, QStringLiteral("CREATE VIRTUAL TABLE temp.gh_fts_probe USING fts5(x, tokenize='trigram')"), {}, where);
        !probe)
        return Error::make(QStringLiteral("db.fts_unavailable"),
                           QStringLiteral("This SQLite library lacks FTS5 with the trigram tokenizer (SQLite 3.34 "
                                          "or later with FTS5 is needed): %1")
                               .arg(probe.error().message),
                           where);
    if (auto r = SqlStatement::run(db, QStringLiteral("DROP TABLE temp.gh_fts_probe"), {}, where); !r)
        return r.error();
    for (const char* sql : kStatements) {
        if (auto r = SqlStatement::run(db, QString::fromLatin1(sql), {}, where); !r)
            return r.error();
    }
    return {};
}

Status TaskSearchIndex::verify(const QSqlDatabase& db)
{
    for (const char* table : {"gh_task_title_fts", "gh_task_description_fts"}) {
        const QString t = QString::fromLatin1(table);
        auto r = SqlStatement::run(db, QStringLiteral("INSERT INTO %1 (%1, rank) VALUES ('integrity-check', 1)").arg(t),
                                   {}, QStringLiteral("search.verify"));
        if (!r)
            return Error::make(
                QStringLiteral("db.corrupt"),
                QStringLiteral("The task search index does not match the tasks (%1): %2").arg(t, r.error().message), t);
    }
    return {};
}

Status TaskSearchIndex::rebuild(const QSqlDatabase& db)
{
    for (const char* table : {"gh_task_title_fts", "gh_task_description_fts"}) {
        const QString t = QString::fromLatin1(table);
        if (auto r = SqlStatement::run(db, QStringLiteral("INSERT INTO %1 (%1) VALUES ('rebuild')").arg(t), {},
                                       QStringLiteral("search.rebuild"));
            !r)
            return r.error();
    }
    return {};
}

bool TaskSearchIndex::usable(const QString& text)
{
    // Trigrams are of characters (code points), not UTF-16 units.
    return text.toUcs4().size() >= kMinLength;
}

QString TaskSearchIndex::matchExpression(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString TaskSearchIndex::likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace gatehouse::core::store
