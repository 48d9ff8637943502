#include "store/InMemorySigningKeyStore.h"

#include "crypto/SecureRandom.h"

#include <QMutexLocker>

#include <openssl/crypto.h>

namespace gatehouse::core::store {

InMemorySigningKeyStore::~InMemorySigningKeyStore()
{
    for (QByteArray& key : m_keys)
        OPENSSL_cleanse(key.data(), std::size_t(key.size()));
}

Result<QByteArray> InMemorySigningKeyStore::loadOrCreate(const QString& databaseId)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_keys.constFind(databaseId);
    if (it != m_keys.constEnd())
        return it.value();
    auto key = crypto::secureRandomBytes(32);
    if (!key)
        return key.error();
    m_keys.insert(databaseId, key.value());
    return key.value();
}

Status InMemorySigningKeyStore::remove(const QString& databaseId)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_keys.find(databaseId);
    if (it != m_keys.end()) {
        OPENSSL_cleanse(it.value().data(), std::size_t(it.value().size()));
        m_keys.erase(it);
    }
    return {};
}

} // namespace gatehouse::core::store
