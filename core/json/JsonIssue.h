#pragma once

#include <QString>
#include <QtGlobal>

namespace gatehouse::core::json {

// One problem found by the strict reader. `code` is stable ("json.duplicate_key"); `path` names the
// place in the document ("payload.sub", "header.crit[1]"); `offset` is the byte offset in the input.
// Errors make a document unacceptable for verification; warnings (json.number_precision) do not.
struct JsonIssue
{
    enum class Severity
    {
        Error,
        Warning
    };

    QString code;
    QString message;
    QString path;
    qsizetype offset = 0;
    Severity severity = Severity::Error;

    bool isError() const { return severity == Severity::Error; }
};

} // namespace gatehouse::core::json
