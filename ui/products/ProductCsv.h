#pragma once

#include "services/ImportReport.h"
#include "services/Product.h"

#include <QStringList>

namespace gatehouse::ui::ProductCsv {

// The columns core's ImportExportService writes for products; an exported file imports again as it is
// (ids are assigned anew). Prices are written with a '.' decimal point whatever the locale.
QStringList exportHeader();
QStringList exportRow(const core::services::Product& product);
QStringList knownColumns();
QStringList requiredColumns();
// Every row checked with core's own name and price rules; thread-safe.
QList<core::services::ImportReport::RowError> validate(const QStringList& header, const QList<QStringList>& rows);
QString cell(const QStringList& header, const QStringList& row, const QString& column);
double price(const QStringList& header, const QStringList& row);

} // namespace gatehouse::ui::ProductCsv
