#pragma once

#include "common/Result.h"
#include "services/Principal.h"
#include "services/ServiceContext.h"
#include "services/Task.h"

namespace gatehouse::core::services {

// Tasks, with the checks of PRODUCT.md inside every call: the operation's permission (task.view, create,
// edit, complete, delete) and, for a task the actor does not own, task.view_all as well. A task the actor
// may not see is reported as task.not_found (its existence is not revealed). Titles are 1..200 characters
// and descriptions up to 10000; text is stored and returned exactly as given.
//
// Error codes: perm.denied, task.not_found, task.invalid_title, task.invalid_description, task.invalid_query,
// auth.session_invalid, db.*.
class TaskService
{
public:
    explicit TaskService(ServiceContext context) : m_ctx(std::move(context)) {}

    Result<TaskPage> list(const Principal& actor, const TaskQuery& query) const;
    Result<Task> get(const Principal& actor, qint64 taskId) const;
    Result<Task> create(const Principal& actor, const QString& title, const QString& description = {});
    // title/description need task.edit, completed needs task.complete.
    Result<Task> update(const Principal& actor, qint64 taskId, const TaskChanges& changes);
    Result<Task> setCompleted(const Principal& actor, qint64 taskId, bool completed);
    Status remove(const Principal& actor, qint64 taskId);

    // The field rules, also used by imports.
    static Status validateTitle(const QString& title);
    static Status validateDescription(const QString& description);

private:
    ServiceContext m_ctx;
};

} // namespace gatehouse::core::services
