#pragma once

#include "common/Clock.h"
#include "password/HashPolicy.h"
#include "store/Database.h"
#include "store/SigningKeyStore.h"

#include <memory>

namespace gatehouse::core::services {

// Lockout after repeated failed logins: from the `threshold`-th consecutive failure on, the account is
// locked for baseDelaySeconds * 2^(failures - threshold), at most maxDelaySeconds.
struct LockoutPolicy
{
    int threshold = 5;
    qint64 baseDelaySeconds = 30;
    qint64 maxDelaySeconds = 3600;
};

// What every service needs, injected: the store, the clock, the hash policy (tests pass a cheap one), the
// token key store and the lockout policy. The clock and key store must outlive the services.
struct ServiceContext
{
    std::shared_ptr<store::Database> db;
    const Clock* clock = &SystemClock::instance();
    password::HashPolicy hashPolicy;
    store::SigningKeyStore* keys = nullptr;
    LockoutPolicy lockout;
    qint64 tokenLifetimeSeconds = 8 * 3600;
};

} // namespace gatehouse::core::services
