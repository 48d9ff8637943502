#pragma once

// Where the CLI keeps a remote session between invocations. By default the OS keychain, in the very entry
// the desktop app uses (TokenVault's "Gatehouse" service, one entry per (origin, username), and the app's
// list of remembered usernames), so someone who logged in with the CLI is remembered by the app too and
// the other way round. With --token-file PATH, an owner-only file instead (TokenFileStore): the explicit
// opt-in for machines without a keychain. There is no silent fallback from one to the other.
#include "commands/TokenFileStore.h"

#include "common/Result.h"
#include "remote/CredentialStore.h"

#include <QObject>
#include <QString>

#include <memory>

namespace gatehouse::core::vault {
class TokenVault;
class VaultCredentialStore;
} // namespace gatehouse::core::vault

namespace gatehouse::cli {

class SessionStore final : public QObject
{
    Q_OBJECT
public:
    // `tokenFile` empty: the keychain. Create it on the thread whose event loop runs the session: the
    // store's callbacks arrive there.
    explicit SessionStore(const QString& tokenFile, QObject* parent = nullptr);
    ~SessionStore() override;

    core::remote::CredentialStore& store();
    bool isKeychain() const { return m_file == nullptr; }
    TokenFileStore* tokenFile() const { return m_file; }
    // Which session to use for `origin`: `username` when given, else the one remembered last.
    QString pick(const QString& origin, const QString& username) const;

    // The remembered-usernames file the desktop app uses (its QStandardPaths::AppConfigLocation with the
    // app's organisation and application names), so both front ends see the same list.
    static QString appVaultSettingsPath();

    // A keychain error (vault.*) reworded for a command line: the state in plain words, when `saving` that
    // nothing was written to disk instead, and the --token-file way out. Other errors pass unchanged.
    static core::Error explain(const core::Error& e, bool saving);
    // "No session remembered for ORIGIN ..." (auth.required), worded for where the CLI looked.
    core::Error nothingStored(const QString& origin) const;

private:
    std::unique_ptr<core::vault::TokenVault> m_vault;
    core::vault::VaultCredentialStore* m_vaultStore = nullptr;
    TokenFileStore* m_file = nullptr;
};

} // namespace gatehouse::cli
