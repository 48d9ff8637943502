// Helper process for tst_store_processes: writes tasks into a Gatehouse database, one write transaction
// per task (the task row and its gh_task row together), and prints "ack N" after each COMMIT returned.
// Usage: store_writer PATH PREFIX COUNT
#include "store/Database.h"
#include "store/SqlStatement.h"

#include <QCoreApplication>

#include <cstdio>

using namespace gatehouse::core;
using namespace gatehouse::core::store;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return 2;
    auto db = Database::open(args.at(1));
    if (!db) {
        std::fprintf(stderr, "open: %s\n", qPrintable(db.error().code));
        return 3;
    }
    const QString prefix = args.at(2);
    const int count = args.at(3).toInt();
    for (int i = 0; i < count; ++i) {
        const Status s = db.value()->write([&](QSqlDatabase& c) -> Status {
            auto t = SqlStatement::run(c, QStringLiteral("INSERT INTO task (title, completed) VALUES (?, 0)"),
                                       {QStringLiteral("%1-%2").arg(prefix).arg(i)});
            if (!t)
                return t.error();
            auto g =
                SqlStatement::run(c,
                                  QStringLiteral("INSERT INTO gh_task (task_id, owner_id, description, created_at, "
                                                 "updated_at) VALUES (?, NULL, ?, 0, 0) ON CONFLICT(task_id) DO "
                                                 "UPDATE SET description = excluded.description"),
                                  {t.value().lastInsertId(), QString(200, QLatin1Char('d'))});
            return g ? Status() : Status(g.error());
        });
        if (!s) {
            std::fprintf(stderr, "write %d: %s %s\n", i, qPrintable(s.error().code), qPrintable(s.error().message));
            return 4;
        }
        std::printf("ack %d\n", i);
        std::fflush(stdout);
    }
    return 0;
}
