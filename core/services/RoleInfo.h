#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace gatehouse::core::services {

struct RoleInfo
{
    qint64 id = 0;
    QString name;
    bool builtin = false;
    QString description;
    QStringList permissions; // sorted
    int members = 0;
};

} // namespace gatehouse::core::services
