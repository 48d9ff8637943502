#include "vault/VaultCredentialStore.h"

namespace gatehouse::core::vault {

VaultCredentialStore::VaultCredentialStore(TokenVault& vault, QObject* parent) : QObject(parent), m_vault(vault) {}

void VaultCredentialStore::load(const QString& origin, const QString& username, LoadCallback done)
{
    m_vault.load(origin, username).then(this, [done = std::move(done)](Result<std::optional<VaultCredentials>> loaded) {
        if (!loaded) {
            done(loaded.error());
            return;
        }
        if (!loaded.value()) {
            done(std::optional<remote::StoredSession>{});
            return;
        }
        VaultCredentials& c = *loaded.value();
        remote::StoredSession s{c.accessToken, c.refreshToken, c.sessionCookie};
        c.wipe();
        done(std::optional<remote::StoredSession>(std::move(s)));
    });
}

void VaultCredentialStore::save(const QString& origin, const QString& username, const remote::StoredSession& session,
                                DoneCallback done)
{
    VaultCredentials c{session.accessToken, session.refreshToken, session.sessionCookie};
    QFuture<Status> stored = m_vault.store(origin, username, c);
    c.wipe(); // the vault took its own copy
    stored.then(this, [done = std::move(done)](Status s) { done(std::move(s)); });
}

void VaultCredentialStore::remove(const QString& origin, const QString& username, DoneCallback done)
{
    m_vault.remove(origin, username).then(this, [done = std::move(done)](Status s) { done(std::move(s)); });
}

QString VaultCredentialStore::rememberedUsername(const QString& origin) const
{
    return m_vault.rememberedUsername(origin);
}

} // namespace gatehouse::core::vault
