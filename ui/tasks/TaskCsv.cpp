#include "tasks/TaskCsv.h"

#include "services/TaskService.h"

#include <QDateTime>

namespace gatehouse::ui::TaskCsv {

using core::Status;
using core::services::ImportReport;
using core::services::Task;
using core::services::TaskService;

namespace {

QString isoTime(qint64 seconds)
{
    return seconds > 0 ? QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate) : QString();
}

} // namespace

QStringList exportHeader()
{
    return {QStringLiteral("id"),          QStringLiteral("title"), QStringLiteral("completed"),
            QStringLiteral("description"), QStringLiteral("owner"), QStringLiteral("created_at"),
            QStringLiteral("updated_at")};
}

QStringList exportRow(const Task& t)
{
    return {QString::number(t.id), t.title,     t.completed ? QStringLiteral("true") : QStringLiteral("false"),
            t.description,         t.ownerName, isoTime(t.createdAt),
            isoTime(t.updatedAt)};
}

QStringList knownColumns()
{
    return exportHeader();
}

QStringList requiredColumns()
{
    return {QStringLiteral("title")};
}

std::optional<bool> parseBool(const QString& s)
{
    const QString v = s.trimmed().toLower();
    if (v.isEmpty() || v == QLatin1String("false") || v == QLatin1String("0") || v == QLatin1String("no"))
        return false;
    if (v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes"))
        return true;
    return std::nullopt;
}

QString cell(const QStringList& header, const QStringList& row, const QString& column)
{
    const qsizetype i = header.indexOf(column);
    return i >= 0 && i < row.size() ? row.at(i) : QString();
}

QList<ImportReport::RowError> validate(const QStringList& header, const QList<QStringList>& rows)
{
    QList<ImportReport::RowError> errors;
    for (int i = 0; i < rows.size(); ++i) {
        const QStringList& r = rows.at(i);
        if (Status s = TaskService::validateTitle(cell(header, r, QStringLiteral("title"))); !s)
            errors << ImportReport::RowError{i + 1, QStringLiteral("title"), s.error().code, s.error().message};
        if (Status s = TaskService::validateDescription(cell(header, r, QStringLiteral("description"))); !s)
            errors << ImportReport::RowError{i + 1, QStringLiteral("description"), s.error().code, s.error().message};
        if (!parseBool(cell(header, r, QStringLiteral("completed"))))
            errors << ImportReport::RowError{i + 1, QStringLiteral("completed"), QStringLiteral("import.boolean"),
                                             QStringLiteral("Use true/false, yes/no or 1/0.")};
    }
    return errors;
}

} // namespace gatehouse::ui::TaskCsv
