#pragma once

#include "services/Principal.h"

#include <QByteArray>

namespace gatehouse::core::services {

// A successful local login: who, the local session token (a JWT, HS256 with the per-database key; treat it
// as a secret: never log it) and whether the password must be changed before anything else.
struct LoginResult
{
    Principal principal;
    QByteArray token;
    qint64 expiresAt = 0;
    bool mustChangePassword = false;
    bool hashUpgraded = false;
};

} // namespace gatehouse::core::services
