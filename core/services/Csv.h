#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace gatehouse::core::services {

// RFC 4180 CSV: comma-separated, fields with commas, quotes or line breaks quoted with '"' and quotes
// doubled, CRLF or LF line ends, UTF-8 (a leading BOM is skipped). Cells are returned exactly as written.
// Errors: csv.quote (unterminated or stray quote; `where` = "line N"), csv.utf8.
class Csv
{
public:
    static Result<QList<QStringList>> parse(const QByteArray& data);
    // Quotes a field only when it must; rows end with CRLF.
    static QByteArray format(const QList<QStringList>& rows);
};

} // namespace gatehouse::core::services
