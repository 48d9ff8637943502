// gatehouse-cli task: tasks in a local database (--db) or on a remote API (--remote PROFILE --url URL).
// list/add/edit/done/delete go through the Backend (BackendConnection), so both modes print the same JSON;
// import and export are local only.
#include "commands/BackendConnection.h"
#include "commands/Groups.h"
#include "commands/TransferCommands.h"

#include <QJsonArray>
#include <QMap>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::services;
using gatehouse::core::backend::Backend;

namespace {

QJsonObject taskJson(const Task& t)
{
    return {{QStringLiteral("id"), t.id},
            {QStringLiteral("title"), t.title},
            {QStringLiteral("completed"), t.completed},
            {QStringLiteral("description"), t.description},
            {QStringLiteral("owner"), t.ownerName},
            {QStringLiteral("updated_at"), t.updatedAt}};
}

QString taskLine(const Task& t)
{
    return QStringLiteral("%1  [%2] %3").arg(t.id).arg(t.completed ? QLatin1Char('x') : QLatin1Char(' ')).arg(t.title);
}

int taskResult(const BackendConnection& c, const Result<Task>& t)
{
    if (!t)
        return c.fail(t.error());
    return c.ok({{QStringLiteral("task"), taskJson(t.value())}}, taskLine(t.value()));
}

int taskList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addOptions(
        {{QStringLiteral("search"), QStringLiteral("Substring of title or description."), QStringLiteral("TEXT")},
         {QStringLiteral("done"), QStringLiteral("Only completed tasks.")},
         {QStringLiteral("open"), QStringLiteral("Only open tasks.")},
         {QStringLiteral("owner"), QStringLiteral("Only this user's tasks (local)."), QStringLiteral("NAME")},
         {QStringLiteral("sort"), QStringLiteral("id, title, completed, created or updated (local)."),
          QStringLiteral("FIELD"), QStringLiteral("id")},
         {QStringLiteral("desc"), QStringLiteral("Descending order (local).")},
         {QStringLiteral("page"), QStringLiteral("Page number (from 1)."), QStringLiteral("N"), QStringLiteral("1")},
         {QStringLiteral("per-page"), QStringLiteral("Tasks per page (1..500)."), QStringLiteral("N"),
          QStringLiteral("50")}});
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("task list"), QStringLiteral("List tasks you may see."),
                              0, {QStringLiteral("owner"), QStringLiteral("sort"), QStringLiteral("desc")}))
        return *done;
    TaskQuery q;
    q.search = parser.value(QStringLiteral("search"));
    if (parser.isSet(QStringLiteral("done")))
        q.completed = true;
    if (parser.isSet(QStringLiteral("open")))
        q.completed = false;
    if (parser.isSet(QStringLiteral("owner"))) {
        auto id = c.userIdByName(parser.value(QStringLiteral("owner")));
        if (!id)
            return c.fail(id.error());
        q.ownerId = id.value();
    }
    const QString sort = parser.value(QStringLiteral("sort"));
    const QMap<QString, TaskQuery::Sort> sorts = {{QStringLiteral("id"), TaskQuery::Sort::Id},
                                                  {QStringLiteral("title"), TaskQuery::Sort::Title},
                                                  {QStringLiteral("completed"), TaskQuery::Sort::Completed},
                                                  {QStringLiteral("created"), TaskQuery::Sort::Created},
                                                  {QStringLiteral("updated"), TaskQuery::Sort::Updated}};
    if (!sorts.contains(sort)) {
        io.error(QStringLiteral("gatehouse-cli task list: unknown --sort"));
        return ExitUsage;
    }
    q.sort = sorts.value(sort);
    q.descending = parser.isSet(QStringLiteral("desc"));
    q.page = parser.value(QStringLiteral("page")).toInt();
    q.perPage = parser.value(QStringLiteral("per-page")).toInt();
    auto page = c.await<Result<TaskPage>>([&q](Backend& b) { return b.listTasks(q); });
    if (!page)
        return c.fail(page.error());
    QJsonArray array;
    QStringList lines;
    for (const Task& t : page.value().items) {
        array.append(taskJson(t));
        lines << taskLine(t);
    }
    lines << QStringLiteral("(%1 of %2)").arg(page.value().items.size()).arg(page.value().total);
    return c.ok({{QStringLiteral("tasks"), array}, {QStringLiteral("total"), page.value().total}},
                lines.join(QLatin1Char('\n')));
}

int taskAdd(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("title"), QStringLiteral("The title."));
    parser.addOption({QStringLiteral("description"), QStringLiteral("A description."), QStringLiteral("TEXT")});
    BackendConnection c;
    if (auto done =
            c.prepare(parser, args, io, QStringLiteral("task add"), QStringLiteral("Add a task (task.create)."), 1))
        return *done;
    const QString title = parser.positionalArguments().at(0);
    const QString description = parser.value(QStringLiteral("description"));
    return taskResult(c, c.await<Result<Task>>([&](Backend& b) { return b.createTask(title, description); }));
}

int taskEdit(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The task id."));
    parser.addOptions({{QStringLiteral("title"), QStringLiteral("New title."), QStringLiteral("TEXT")},
                       {QStringLiteral("description"), QStringLiteral("New description."), QStringLiteral("TEXT")}});
    BackendConnection c;
    if (auto done =
            c.prepare(parser, args, io, QStringLiteral("task edit"), QStringLiteral("Edit a task (task.edit)."), 1))
        return *done;
    TaskChanges changes;
    if (parser.isSet(QStringLiteral("title")))
        changes.title = parser.value(QStringLiteral("title"));
    if (parser.isSet(QStringLiteral("description")))
        changes.description = parser.value(QStringLiteral("description"));
    const qint64 id = local::idArg(parser.positionalArguments().at(0));
    return taskResult(c, c.await<Result<Task>>([&](Backend& b) { return b.updateTask(id, changes); }));
}

int taskDone(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The task id."));
    parser.addOption({QStringLiteral("undo"), QStringLiteral("Mark it not done.")});
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("task done"),
                              QStringLiteral("Mark a task done (task.complete)."), 1))
        return *done;
    TaskChanges changes;
    changes.completed = !parser.isSet(QStringLiteral("undo"));
    const qint64 id = local::idArg(parser.positionalArguments().at(0));
    return taskResult(c, c.await<Result<Task>>([&](Backend& b) { return b.updateTask(id, changes); }));
}

int taskDelete(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The task id."));
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("task delete"),
                              QStringLiteral("Delete a task (task.delete)."), 1))
        return *done;
    const qint64 id = local::idArg(parser.positionalArguments().at(0));
    return c.okStatus(c.await<Status>([id](Backend& b) { return b.deleteTask(id); }), QStringLiteral("Deleted."));
}

} // namespace

CommandGroup taskGroup()
{
    using namespace gatehouse::cli::local;
    return {QStringLiteral("task"),
            QStringLiteral("Tasks in the local database or on a remote API"),
            {{QStringLiteral("list"), QStringLiteral("List tasks"), taskList},
             {QStringLiteral("add"), QStringLiteral("Add a task"), taskAdd},
             {QStringLiteral("edit"), QStringLiteral("Edit a task"), taskEdit},
             {QStringLiteral("done"), QStringLiteral("Mark a task done (or --undo)"), taskDone},
             {QStringLiteral("delete"), QStringLiteral("Delete a task"), taskDelete},
             {QStringLiteral("import"), QStringLiteral("Import tasks from CSV or JSON (local)"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return importCommand(args, io, "task import",
                                       [](Local& l, const QByteArray& d, ImportExportService::Format f) {
                                           return l.transfer->importTasks(l.actor, d, f);
                                       });
              }},
             {QStringLiteral("export"), QStringLiteral("Export tasks as CSV or JSON (local)"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return exportCommand(args, io, "task export", [](Local& l, ImportExportService::Format f, bool) {
                      return l.transfer->exportTasks(l.actor, f);
                  });
              }}}};
}

} // namespace gatehouse::cli
