#pragma once

#include "remote/CredentialStore.h"
#include "vault/TokenVault.h"

#include <QObject>

namespace gatehouse::core::vault {

// The session lifecycle's CredentialStore (core/remote) over the keychain vault. Callbacks run on the
// thread this object lives on (the backend's), never on the vault's thread; "nothing stored" is
// std::nullopt; errors keep the vault's codes (vault.unavailable, vault.locked, vault.denied,
// vault.timeout, ...). `vault` must outlive this object; a callback whose store was destroyed is dropped.
class VaultCredentialStore final : public QObject, public remote::CredentialStore
{
    Q_OBJECT
public:
    explicit VaultCredentialStore(TokenVault& vault, QObject* parent = nullptr);

    void load(const QString& origin, const QString& username, LoadCallback done) override;
    void save(const QString& origin, const QString& username, const remote::StoredSession& session,
              DoneCallback done) override;
    void remove(const QString& origin, const QString& username, DoneCallback done) override;

    // The username last saved for `origin` (see TokenVault::rememberedUsername).
    QString rememberedUsername(const QString& origin) const override;

private:
    TokenVault& m_vault;
};

} // namespace gatehouse::core::vault
