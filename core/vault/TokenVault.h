#pragma once

#include "common/Result.h"
#include "vault/KeychainBackend.h"
#include "vault/VaultCredentials.h"
#include "vault/VaultError.h"

#include <QFuture>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QThread;
class QObject;

namespace gatehouse::core::vault {

// Session credentials in the OS keychain: one entry per (origin, username) holding the access token,
// refresh token and session cookie as one JSON blob, plus the username last remembered per origin.
//
// Async contract: every call returns at once with a QFuture that finishes exactly once, within
// Options::timeoutMs (then with vault.timeout), even if the keychain never answers. The keychain is only
// touched on the vault's own worker thread, never on the caller's (GUI) thread, and nothing spins a
// nested event loop. Futures finish on that worker thread: continue with `.then(context, ...)`.
//
// Policy: "nothing stored" is a success (an empty optional), not an error. There is no plaintext
// fallback: when the keychain is unavailable the calls fail with vault.unavailable and nothing is written
// anywhere else; the session then lasts until Gatehouse closes, and the front end tells the person so.
//
// Thread-safe: calls may come from any thread. Destroying the vault completes the futures of calls still
// pending with vault.failed. All vaults share one keychain thread, stopped with QCoreApplication.
class TokenVault
{
public:
    struct Options
    {
        QString service = QStringLiteral("Gatehouse"); // the keychain's service/namespace for our entries
        int timeoutMs = 5000;                          // per job
        // Where the remembered usernames go (an INI file; not secret). Empty: a "vault.ini" in
        // QStandardPaths::AppConfigLocation.
        QString settingsPath;
    };

    // Uses the real keychain (QtKeychainBackend).
    TokenVault();
    explicit TokenVault(Options options);
    TokenVault(std::shared_ptr<KeychainBackend> backend, Options options);
    ~TokenVault();
    TokenVault(const TokenVault&) = delete;
    TokenVault& operator=(const TokenVault&) = delete;

    const Options& options() const { return m_options; }

    // Saves (replaces) the entry for (origin, username) and, once saved, remembers `username` for
    // `origin`. The caller may wipe `credentials` as soon as this returns.
    QFuture<Status> store(const QString& origin, const QString& username, const VaultCredentials& credentials);
    // The entry for (origin, username), or an empty optional when there is none.
    QFuture<Result<std::optional<VaultCredentials>>> load(const QString& origin, const QString& username);
    // Deletes the entry (logout) and forgets the remembered username if it is this one. Deleting an entry
    // that does not exist succeeds.
    QFuture<Status> remove(const QString& origin, const QString& username);

    // The username last stored for `origin` (empty if none). Reads the settings file only, never the
    // keychain, so it is cheap and safe on any thread.
    QString rememberedUsername(const QString& origin) const;
    void forgetRememberedUsername(const QString& origin);

    // Raw named secrets in the same keychain service (used by KeychainSigningKeyStore for local mode's
    // per-database signing key). Same contract as above.
    QFuture<Result<std::optional<QByteArray>>> readSecret(const QString& name);
    QFuture<Status> writeSecret(const QString& name, const QByteArray& secret);
    QFuture<Status> removeSecret(const QString& name);

    // True on the vault's worker thread (where futures finish). Blocking there on a vault future would
    // deadlock.
    bool isVaultThread() const;

    // The keychain key for a session entry: "session/<origin>/<username>", both percent-encoded.
    static QString sessionKey(const QString& origin, const QString& username);

private:
    using Done = KeychainBackend::Done;
    // Runs `op` on the worker thread with the timeout; `finish` gets the reply (or a synthetic Timeout
    // reply) exactly once, on the worker thread.
    void run(std::function<void(KeychainBackend&, Done)> op, std::function<void(KeychainReply, bool timedOut)> finish);

    Options m_options;
    std::shared_ptr<KeychainBackend> m_backend;
    QThread* m_thread = nullptr;  // shared by every vault in the process (see TokenVault.cpp)
    QObject* m_context = nullptr; // lives on m_thread; jobs and timers hang off it
};

} // namespace gatehouse::core::vault
