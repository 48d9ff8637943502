#pragma once

#include "services/ImportReport.h"
#include "services/Task.h"

#include <QStringList>

#include <optional>

namespace gatehouse::ui::TaskCsv {

// The columns core's ImportExportService writes for tasks; an exported file imports again as it is
// (id, owner and the times are assigned anew on import).
QStringList exportHeader();
QStringList exportRow(const core::services::Task& task);
QStringList knownColumns();
QStringList requiredColumns();
// true/false, 1/0, yes/no (any case); empty is false. As core's import reads it.
std::optional<bool> parseBool(const QString& cell);
// Every row checked with core's own title and description rules; thread-safe.
QList<core::services::ImportReport::RowError> validate(const QStringList& header, const QList<QStringList>& rows);
QString cell(const QStringList& header, const QStringList& row, const QString& column);

} // namespace gatehouse::ui::TaskCsv
