#pragma once

#include "common/Result.h"

#include <QSqlDatabase>

namespace gatehouse::core::services {

// Last-admin protection: an enabled account holding the built-in admin role must always remain.
class AdminGuard
{
public:
    // Whether `userId` is an enabled admin.
    static Result<bool> isActiveAdmin(const QSqlDatabase& db, qint64 userId);
    // admin.last when `userId` is the only enabled admin (so it may not be deleted, disabled or demoted).
    static Status ensureNotLastAdmin(const QSqlDatabase& db, qint64 userId);
};

} // namespace gatehouse::core::services
