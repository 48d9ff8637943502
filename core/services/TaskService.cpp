#include "services/TaskService.h"

#include "services/Actor.h"
#include "services/Permissions.h"
#include "store/SqlStatement.h"
#include "store/TaskSearchIndex.h"

namespace gatehouse::core::services {

using store::SqlStatement;
using store::TaskSearchIndex;

namespace {

const QString kSelect = QStringLiteral(
    "SELECT t.id, t.title, coalesce(t.completed, 0), coalesce(g.description, ''), coalesce(g.owner_id, 0), "
    "coalesce(u.username, ''), coalesce(g.created_at, 0), coalesce(g.updated_at, 0) "
    "FROM task t LEFT JOIN gh_task g ON g.task_id = t.id LEFT JOIN \"user\" u ON u.id = g.owner_id");

Task rowToTask(const QSqlQuery& r)
{
    return Task{r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toInt() != 0, r.value(3).toString(),
                r.value(4).toLongLong(), r.value(5).toString(), r.value(6).toLongLong(), r.value(7).toLongLong()};
}

Error notFound()
{
    return Error::make(QStringLiteral("task.not_found"), QStringLiteral("There is no such task."));
}

// Characters (code points) without a copy: every low surrogate belongs to the character before it.
qsizetype codePoints(const QString& s)
{
    qsizetype n = s.size();
    for (const QChar c : s) {
        if (c.isLowSurrogate())
            --n;
    }
    return n;
}

bool allSpace(const QString& s)
{
    for (const QChar c : s) {
        if (!c.isSpace())
            return false;
    }
    return true;
}

Status checkTitleImpl(const QString& title)
{
    const qsizetype n = codePoints(title);
    if (n < 1 || n > 200 || allSpace(title))
        return Error::make(QStringLiteral("task.invalid_title"), QStringLiteral("A title has 1 to 200 characters."),
                           QStringLiteral("title"));
    return {};
}

Status checkDescriptionImpl(const QString& description)
{
    if (description.size() > 10000 && codePoints(description) > 10000)
        return Error::make(QStringLiteral("task.invalid_description"),
                           QStringLiteral("A description has at most 10000 characters."),
                           QStringLiteral("description"));
    return {};
}

// The task if the actor may see it: own, or anyone's with task.view_all.
Result<Task> visibleTask(const QSqlDatabase& db, const Actor& actor, qint64 taskId)
{
    auto q = SqlStatement::run(db, kSelect + QStringLiteral(" WHERE t.id = ?"), {taskId}, QStringLiteral("task.get"));
    if (!q)
        return q.error();
    if (!q.value().next())
        return notFound();
    Task t = rowToTask(q.value());
    if (t.ownerId != actor.userId() && !actor.has(Permissions::taskViewAll()))
        return notFound();
    return t;
}

} // namespace

Status TaskService::validateTitle(const QString& title)
{
    return checkTitleImpl(title);
}

Status TaskService::validateDescription(const QString& description)
{
    return checkDescriptionImpl(description);
}

Result<TaskPage> TaskService::list(const Principal& principal, const TaskQuery& query) const
{
    if (query.page < 1 || query.perPage < 1 || query.perPage > 500)
        return Error::make(QStringLiteral("task.invalid_query"),
                           QStringLiteral("Pages start at 1 and hold 1 to 500 tasks."));
    return m_ctx.db->read<TaskPage>([&](QSqlDatabase& c) -> Result<TaskPage> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::taskView()); !s)
            return s.error();
        QString where = QStringLiteral(" WHERE 1 = 1");
        QVariantList params;
        if (!actor.value().has(Permissions::taskViewAll())) {
            if (query.ownerId && *query.ownerId != principal.userId())
                return actor.value().require(Permissions::taskViewAll()).error();
            where += QStringLiteral(" AND g.owner_id = ?");
            params << principal.userId();
        } else if (query.ownerId) {
            if (*query.ownerId == 0) {
                where += QStringLiteral(" AND g.owner_id IS NULL");
            } else {
                where += QStringLiteral(" AND g.owner_id = ?");
                params << *query.ownerId;
            }
        }
        if (query.completed) {
            // Spelled so that the (completed, title) index serves both the filter and the sort.
            where += *query.completed ? QStringLiteral(" AND t.completed = 1")
                                      : QStringLiteral(" AND (t.completed = 0 OR t.completed IS NULL)");
        }
        if (!query.search.isEmpty()) {
            // The trigram index narrows the rows to candidates; LIKE keeps its exact meaning (ASCII-only case
            // folding, % and _ literal) whether or not the index can be used.
            if (TaskSearchIndex::usable(query.search)) {
                where += QStringLiteral(
                    " AND t.id IN (SELECT rowid FROM gh_task_title_fts WHERE gh_task_title_fts MATCH ? UNION ALL "
                    "SELECT rowid FROM gh_task_description_fts WHERE gh_task_description_fts MATCH ?)");
                const QString match = TaskSearchIndex::matchExpression(query.search);
                params << match << match;
            }
            where += QStringLiteral(" AND (t.title LIKE ? ESCAPE '\\' OR g.description LIKE ? ESCAPE '\\')");
            const QString like = TaskSearchIndex::likePattern(query.search);
            params << like << like;
        }
        QVariantList countParams = params;
        QString countSql =
            QStringLiteral("SELECT count(*) FROM task t LEFT JOIN gh_task g ON g.task_id = t.id") + where;
        if (query.countCap > 0) {
            countSql =
                QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM task t LEFT JOIN gh_task g ON g.task_id = t.id") +
                where + QStringLiteral(" LIMIT ?)");
            countParams << query.countCap + 1; // one more than the cap tells "exactly cap" from "more"
        }
        auto total = SqlStatement::scalar(c, countSql, countParams, QStringLiteral("task.count"));
        if (!total)
            return total.error();

        QString order;
        switch (query.sort) {
        case TaskQuery::Sort::Id:
            order = QStringLiteral("t.id");
            break;
        case TaskQuery::Sort::Title:
            order = QStringLiteral("t.title");
            break;
        case TaskQuery::Sort::Completed:
            // Under a done filter every row has the same value: the id order alone is the same order, and
            // avoids sorting every match (the expression index serves the unfiltered case).
            order = query.completed ? QStringLiteral("t.id") : QStringLiteral("coalesce(t.completed, 0)");
            break;
        case TaskQuery::Sort::Created:
            order = QStringLiteral("g.created_at");
            break;
        case TaskQuery::Sort::Updated:
            order = QStringLiteral("g.updated_at");
            break;
        }
        QString select = kSelect;
        QString tieBreak = QStringLiteral(", t.id");
        if (query.sort == TaskQuery::Sort::Created || query.sort == TaskQuery::Sort::Updated) {
            // Every task has a gh_task row (schema 5): an inner join lets SQLite walk gh_task's time index in
            // order (it never reorders a LEFT JOIN), with the tie-break in the index's own order.
            select.replace(QStringLiteral("task t LEFT JOIN gh_task g"), QStringLiteral("task t JOIN gh_task g"));
            tieBreak = QStringLiteral(", g.task_id");
        }
        const QString dir = query.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
        QVariantList pageParams = params;
        pageParams << query.perPage << qint64(query.page - 1) * query.perPage;
        auto q = SqlStatement::run(c,
                                   select + where + QStringLiteral(" ORDER BY ") + order + dir + tieBreak + dir +
                                       QStringLiteral(" LIMIT ? OFFSET ?"),
                                   pageParams, QStringLiteral("task.list"));
        if (!q)
            return q.error();
        TaskPage page;
        page.total = total.value().toLongLong();
        page.totalIsLowerBound = query.countCap > 0 && page.total > query.countCap;
        if (page.totalIsLowerBound)
            page.total = query.countCap;
        page.page = query.page;
        page.perPage = query.perPage;
        while (q.value().next())
            page.items << rowToTask(q.value());
        return page;
    });
}

Result<Task> TaskService::get(const Principal& principal, qint64 taskId) const
{
    return m_ctx.db->read<Task>([&](QSqlDatabase& c) -> Result<Task> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::taskView()); !s)
            return s.error();
        return visibleTask(c, actor.value(), taskId);
    });
}

Result<Task> TaskService::create(const Principal& principal, const QString& title, const QString& description)
{
    if (Status s = TaskService::validateTitle(title); !s)
        return s.error();
    if (Status s = TaskService::validateDescription(description); !s)
        return s.error();
    const qint64 now = m_ctx.clock->nowSeconds();
    return m_ctx.db->write<Task>([&](QSqlDatabase& c) -> Result<Task> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::taskCreate()); !s)
            return s.error();
        auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO task (title, completed) VALUES (?, 0)"), {title},
                                   QStringLiteral("task.create"));
        if (!r)
            return r.error();
        const qint64 id = r.value().lastInsertId().toLongLong();
        // An upsert: a stale gh_task row (left by a program that replaced the task row) must not survive.
        // Not REPLACE, which would carry its conflict mode into the search index triggers.
        if (auto g =
                SqlStatement::run(c,
                                  QStringLiteral("INSERT INTO gh_task (task_id, owner_id, description, "
                                                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(task_id) "
                                                 "DO UPDATE SET owner_id = excluded.owner_id, description = "
                                                 "excluded.description, created_at = excluded.created_at, "
                                                 "updated_at = excluded.updated_at"),
                                  {id, principal.userId(), description, now, now}, QStringLiteral("task.create"));
            !g)
            return g.error();
        return visibleTask(c, actor.value(), id);
    });
}

Result<Task> TaskService::update(const Principal& principal, qint64 taskId, const TaskChanges& changes)
{
    if (changes.title) {
        if (Status s = TaskService::validateTitle(*changes.title); !s)
            return s.error();
    }
    if (changes.description) {
        if (Status s = TaskService::validateDescription(*changes.description); !s)
            return s.error();
    }
    const qint64 now = m_ctx.clock->nowSeconds();
    return m_ctx.db->write<Task>([&](QSqlDatabase& c) -> Result<Task> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (changes.title || changes.description) {
            if (Status s = actor.value().require(Permissions::taskEdit()); !s)
                return s.error();
        }
        if (changes.completed) {
            if (Status s = actor.value().require(Permissions::taskComplete()); !s)
                return s.error();
        }
        auto task = visibleTask(c, actor.value(), taskId);
        if (!task)
            return task.error();
        if (changes.title || changes.completed) {
            auto r = SqlStatement::run(c, QStringLiteral("UPDATE task SET title = ?, completed = ? WHERE id = ?"),
                                       {changes.title.value_or(task.value().title),
                                        changes.completed.value_or(task.value().completed) ? 1 : 0, taskId},
                                       QStringLiteral("task.update"));
            if (!r)
                return r.error();
        }
        auto g = SqlStatement::run(
            c,
            QStringLiteral(
                "INSERT INTO gh_task (task_id, owner_id, description, created_at, updated_at) "
                "VALUES (?, NULL, ?, ?, ?) ON CONFLICT(task_id) DO UPDATE SET description = excluded.description, "
                "updated_at = excluded.updated_at"),
            {taskId, changes.description.value_or(task.value().description), now, now}, QStringLiteral("task.update"));
        if (!g)
            return g.error();
        return visibleTask(c, actor.value(), taskId);
    });
}

Result<Task> TaskService::setCompleted(const Principal& principal, qint64 taskId, bool completed)
{
    TaskChanges changes;
    changes.completed = completed;
    return update(principal, taskId, changes);
}

Status TaskService::remove(const Principal& principal, qint64 taskId)
{
    return m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::taskDelete()); !s)
            return s;
        auto task = visibleTask(c, actor.value(), taskId);
        if (!task)
            return task.error();
        auto r = SqlStatement::run(c, QStringLiteral("DELETE FROM task WHERE id = ?"), {taskId},
                                   QStringLiteral("task.delete"));
        return r ? Status() : Status(r.error());
    });
}

} // namespace gatehouse::core::services
