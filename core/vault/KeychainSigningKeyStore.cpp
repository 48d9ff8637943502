#include "vault/KeychainSigningKeyStore.h"

#include "crypto/SecureRandom.h"

#include <QCoreApplication>
#include <QMutexLocker>
#include <QPromise>
#include <QThread>

namespace gatehouse::core::vault {

namespace {

const int kKeyBytes = 32;

Error keystoreError(const Error& vaultError)
{
    QString code = vaultError.code;
    if (code.startsWith(QLatin1String("vault.")))
        code = QStringLiteral("keystore.") + code.mid(6);
    if (code == QLatin1String("keystore.invalid"))
        code = QStringLiteral("keystore.failed");
    return Error::make(code, vaultError.message, vaultError.where);
}

Error notLoaded()
{
    return Error::make(QStringLiteral("keystore.not-loaded"),
                       QStringLiteral("The database's signing key has not been read from the keychain yet."));
}

QFuture<Status> ready(Status status)
{
    QPromise<Status> promise;
    promise.start();
    promise.addResult(std::move(status));
    promise.finish();
    return promise.future();
}

Status statusOf(QFuture<Status> future)
{
    future.waitForFinished();
    if (future.isCanceled() || future.resultCount() == 0)
        return Error::make(QStringLiteral("keystore.failed"), QStringLiteral("The keychain request was abandoned."));
    return future.result();
}

} // namespace

KeychainSigningKeyStore::KeychainSigningKeyStore(TokenVault& vault, bool memoryOnlyWhenUnavailable)
    : m_vault(vault), m_memoryOnlyWhenUnavailable(memoryOnlyWhenUnavailable), m_ownerThread(QThread::currentThread())
{
}

KeychainSigningKeyStore::~KeychainSigningKeyStore()
{
    // Continuations of pending preloads refer to this object: let them finish (each within the vault's
    // timeout) before the members go.
    QList<QFuture<Status>> pending;
    {
        QMutexLocker lock(&m_mutex);
        pending = m_pending.values();
    }
    if (!m_vault.isVaultThread())
        for (QFuture<Status>& f : pending)
            f.waitForFinished();
    QMutexLocker lock(&m_mutex);
    for (Cached& c : m_keys)
        wipeBytes(c.key);
}

QString KeychainSigningKeyStore::entryName(const QString& databaseId)
{
    return QStringLiteral("signing-key/") + databaseId;
}

void KeychainSigningKeyStore::cache(const QString& databaseId, const QByteArray& key, bool persistent)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_keys.find(databaseId);
    if (it != m_keys.end())
        wipeBytes(it->key);
    m_keys.insert(databaseId, Cached{key, persistent});
}

void KeychainSigningKeyStore::settle(const QString& databaseId)
{
    QMutexLocker lock(&m_mutex);
    m_pending.remove(databaseId);
}

bool KeychainSigningKeyStore::mayWait() const
{
    QThread* current = QThread::currentThread();
    if (current == m_ownerThread || m_vault.isVaultThread())
        return false;
    if (QCoreApplication::instance() && current == QCoreApplication::instance()->thread())
        return false;
    return true;
}

QFuture<Status> KeychainSigningKeyStore::preload(const QString& databaseId)
{
    QMutexLocker lock(&m_mutex);
    if (m_keys.contains(databaseId))
        return ready(Status{});
    auto pendingIt = m_pending.constFind(databaseId);
    if (pendingIt != m_pending.constEnd())
        return pendingIt.value();

    auto promise = std::make_shared<QPromise<Status>>();
    promise->start();
    QFuture<Status> future = promise->future();
    m_pending.insert(databaseId, future);
    lock.unlock();

    const auto finish = [this, databaseId, promise](Status status) {
        settle(databaseId);
        promise->addResult(std::move(status));
        promise->finish();
    };
    // Without a keychain: a key in memory only, never a file (the policy in TokenVault.h).
    const auto memoryOnly = [this, databaseId, finish](const Error& why) {
        if (!m_memoryOnlyWhenUnavailable || why.code != VaultError::Unavailable) {
            finish(keystoreError(why));
            return;
        }
        auto key = crypto::secureRandomBytes(kKeyBytes);
        if (!key) {
            finish(key.error());
            return;
        }
        cache(databaseId, key.value(), false);
        wipeBytes(key.value());
        finish(Status{});
    };

    m_vault.readSecret(entryName(databaseId))
        .then(QtFuture::Launch::Sync, [this, databaseId, finish, memoryOnly](Result<std::optional<QByteArray>> read) {
            if (!read) {
                memoryOnly(read.error());
                return;
            }
            if (read.value().has_value()) {
                QByteArray& stored = *read.value();
                if (stored.size() != kKeyBytes) {
                    wipeBytes(stored);
                    finish(Error::make(QStringLiteral("keystore.corrupt"),
                                       QStringLiteral("The database's signing key in the keychain is damaged.")));
                    return;
                }
                cache(databaseId, stored, true);
                wipeBytes(stored);
                finish(Status{});
                return;
            }
            auto key = crypto::secureRandomBytes(kKeyBytes);
            if (!key) {
                finish(key.error());
                return;
            }
            auto fresh = std::make_shared<QByteArray>(std::move(key).value());
            m_vault.writeSecret(entryName(databaseId), *fresh)
                .then(QtFuture::Launch::Sync, [this, databaseId, fresh, finish, memoryOnly](Status written) {
                    if (written)
                        cache(databaseId, *fresh, true);
                    wipeBytes(*fresh);
                    if (written)
                        finish(Status{});
                    else
                        memoryOnly(written.error());
                });
        });
    return future;
}

bool KeychainSigningKeyStore::persistent(const QString& databaseId) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_keys.constFind(databaseId);
    return it != m_keys.constEnd() && it->persistent;
}

Result<QByteArray> KeychainSigningKeyStore::loadOrCreate(const QString& databaseId)
{
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_keys.constFind(databaseId);
        if (it != m_keys.constEnd())
            return it->key;
    }
    if (!mayWait())
        return notLoaded();
    // A worker thread: waiting here blocks only this worker, never the GUI or the vault thread, and the
    // vault's timeout bounds it.
    Status loaded = statusOf(preload(databaseId));
    if (!loaded)
        return loaded.error();
    QMutexLocker lock(&m_mutex);
    auto it = m_keys.constFind(databaseId);
    if (it == m_keys.constEnd())
        return notLoaded();
    return it->key;
}

Status KeychainSigningKeyStore::remove(const QString& databaseId)
{
    QFuture<Status> removal = removeAsync(databaseId);
    if (!mayWait())
        return Status{}; // forgotten in memory; the keychain entry goes in the background
    return statusOf(removal);
}

QFuture<Status> KeychainSigningKeyStore::removeAsync(const QString& databaseId)
{
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_keys.find(databaseId);
        if (it != m_keys.end()) {
            wipeBytes(it->key);
            m_keys.erase(it);
        }
    }
    return m_vault.removeSecret(entryName(databaseId)).then(QtFuture::Launch::Sync, [](Status removed) {
        return removed ? removed : Status(keystoreError(removed.error()));
    });
}

} // namespace gatehouse::core::vault
