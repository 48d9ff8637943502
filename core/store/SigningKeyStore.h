#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace gatehouse::core::store {

// Where the per-database key that signs local session tokens lives. The real implementation keeps it in
// the OS keychain (issue 5); the key never goes into the database file, so a copied file cannot mint
// tokens. Implementations must be thread-safe and never log the key.
class SigningKeyStore
{
public:
    virtual ~SigningKeyStore() = default;
    // The 32-byte key for `databaseId`, created (from the CSPRNG) and saved on first use.
    // Errors: keystore.unavailable, keystore.denied, crypto.random.
    virtual Result<QByteArray> loadOrCreate(const QString& databaseId) = 0;
    // Forgets the key: every token signed with it stops verifying.
    virtual Status remove(const QString& databaseId) = 0;
};

} // namespace gatehouse::core::store
