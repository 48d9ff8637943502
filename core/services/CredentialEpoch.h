#pragma once

#include "common/Result.h"

#include <QSqlDatabase>

namespace gatehouse::core::services {

// The per-account credential epoch (gh_account.credential_epoch, schema 4): session tokens and Principals
// carry the value they were issued under, and Actor refuses any other. Values come from one counter in
// gh_meta, so a bump (or a new account row) never repeats an earlier value of that account. Both calls run
// inside the caller's transaction.
class CredentialEpoch
{
public:
    // The account's epoch; user.not_found without a gh_account row.
    static Result<qint64> current(const QSqlDatabase& db, qint64 userId);
    // Moves the account to a fresh epoch: every token and Principal issued before stops working.
    static Status bump(const QSqlDatabase& db, qint64 userId);
};

} // namespace gatehouse::core::services
