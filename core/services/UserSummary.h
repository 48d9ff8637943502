#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace gatehouse::core::services {

// What admins see of an account (never its hash).
struct UserSummary
{
    qint64 id = 0;
    QString username;
    QStringList roles;
    bool disabled = false;
    int failedLogins = 0;
    qint64 lockedUntil = 0; // 0: not locked
    bool mustChangePassword = false;
    qint64 createdAt = 0;
    qint64 lastLogin = 0; // 0: never
    QString hashScheme;   // "pbkdf2:sha256:600000", "sha256 (legacy)": the method part only
};

} // namespace gatehouse::core::services
