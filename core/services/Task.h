#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace gatehouse::core::services {

// A task: Flask's task row (id, title, completed) with Gatehouse's gh_task fields.
struct Task
{
    qint64 id = 0;
    QString title;
    bool completed = false;
    QString description;
    qint64 ownerId = 0; // 0: nobody (a task the Flask app created)
    QString ownerName;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
};

struct TaskQuery
{
    enum class Sort
    {
        Id,
        Title,
        Completed,
        Created,
        Updated
    };
    QString search;                // substring of title or description (case-insensitive for ASCII)
    std::optional<bool> completed; // filter by done
    std::optional<qint64> ownerId; // filter by owner (0: tasks without owner); others' need task.view_all
    Sort sort = Sort::Id;
    bool descending = false;
    int page = 1;     // from 1
    int perPage = 50; // 1..500
    // 0: TaskPage::total is exact (a count over every match, O(matches)). N > 0: counting stops after N; with
    // more than N matches total is N and totalIsLowerBound says so ("10000+"), which keeps the first page
    // fast on huge tables.
    qint64 countCap = 0;
};

struct TaskPage
{
    QList<Task> items;
    qint64 total = 0;               // matching tasks over all pages (at most TaskQuery::countCap when that is set)
    bool totalIsLowerBound = false; // more than `total` tasks match (only with TaskQuery::countCap)
    int page = 1;
    int perPage = 50;
};

// Changes for TaskService::update: unset fields stay as they are.
struct TaskChanges
{
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<bool> completed;
};

} // namespace gatehouse::core::services
