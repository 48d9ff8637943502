#pragma once

#include <QList>
#include <QString>

namespace gatehouse::core::services {

// The outcome of an import. When `errors` is not empty nothing was imported (the file is rejected as a
// whole); each error names its row (1 = the first data row) and field.
struct ImportReport
{
    struct RowError
    {
        int row = 0;
        QString field;
        QString code;
        QString message;
    };
    int imported = 0;
    QList<RowError> errors;
};

} // namespace gatehouse::core::services
