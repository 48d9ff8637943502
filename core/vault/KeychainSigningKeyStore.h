#pragma once

#include "store/SigningKeyStore.h"
#include "vault/TokenVault.h"

#include <QFuture>
#include <QHash>
#include <QMutex>

class QThread;

namespace gatehouse::core::vault {

// Local mode's per-database signing key in the OS keychain (entry "signing-key/<databaseId>").
//
// SigningKeyStore::loadOrCreate is synchronous while the keychain is asynchronous. Rather than spin a
// nested event loop, the front end calls preload(databaseId) when it opens a database (before the first
// login); it reads the key, or creates and saves one, off the GUI thread, and caches it. loadOrCreate
// then answers from the cache. If it is called before preload finished:
//  - on a worker thread (where core services run): it waits for the preload (bounded by the vault's
//    timeout), which is a blocking wait, not an event loop;
//  - on the GUI thread (the one that created this store) or the vault's own thread: it never waits and
//    fails with keystore.not-loaded.
//
// Without a keychain (vault.unavailable) there is no plaintext fallback: with `memoryOnlyWhenUnavailable`
// the key is made in memory only (sessions then end when Gatehouse closes; persistent() says so), otherwise
// preload fails with keystore.unavailable. Errors: keystore.unavailable, keystore.locked, keystore.denied,
// keystore.timeout, keystore.corrupt, keystore.not-loaded, crypto.random. Keys are wiped on removal and
// destruction.
class KeychainSigningKeyStore final : public store::SigningKeyStore
{
public:
    // `vault` must outlive this store.
    explicit KeychainSigningKeyStore(TokenVault& vault, bool memoryOnlyWhenUnavailable = true);
    ~KeychainSigningKeyStore() override;

    // Reads or creates the key for `databaseId` in the keychain and caches it. Safe to call repeatedly.
    QFuture<Status> preload(const QString& databaseId);
    // False when the cached key lives in memory only (no keychain), or nothing is cached.
    bool persistent(const QString& databaseId) const;

    Result<QByteArray> loadOrCreate(const QString& databaseId) override;
    // Forgets the key in memory at once and deletes the keychain entry in the background. Synchronous
    // callers get the in-memory result; use removeAsync() to learn the keychain's answer.
    Status remove(const QString& databaseId) override;
    QFuture<Status> removeAsync(const QString& databaseId);

    static QString entryName(const QString& databaseId);

private:
    struct Cached
    {
        QByteArray key;
        bool persistent = false;
    };
    void cache(const QString& databaseId, const QByteArray& key, bool persistent);
    void settle(const QString& databaseId);
    bool mayWait() const;

    TokenVault& m_vault;
    bool m_memoryOnlyWhenUnavailable = true;
    QThread* m_ownerThread = nullptr; // the GUI thread in the app: never blocks
    mutable QMutex m_mutex;
    QHash<QString, Cached> m_keys;
    QHash<QString, QFuture<Status>> m_pending;
};

} // namespace gatehouse::core::vault
