#pragma once

#include "store/SigningKeyStore.h"

#include <QHash>
#include <QMutex>

namespace gatehouse::core::store {

// Keeps keys in process memory (wiped on removal and destruction): for tests, and for a session that
// must not outlive the process.
class InMemorySigningKeyStore final : public SigningKeyStore
{
public:
    ~InMemorySigningKeyStore() override;
    Result<QByteArray> loadOrCreate(const QString& databaseId) override;
    Status remove(const QString& databaseId) override;

private:
    QMutex m_mutex;
    QHash<QString, QByteArray> m_keys;
};

} // namespace gatehouse::core::store
