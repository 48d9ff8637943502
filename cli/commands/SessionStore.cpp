#include "commands/SessionStore.h"

#include "vault/TokenVault.h"
#include "vault/VaultCredentialStore.h"
#include "vault/VaultError.h"

#include <QStandardPaths>

namespace gatehouse::cli {

using namespace core;

namespace {

// A keychain that shows an unlock prompt needs time for a person to type; one that cannot prompt
// answers "locked" at once.
constexpr int kKeychainTimeoutMs = 30000;

const QString kTokenFileHint = QStringLiteral(
    " On a machine without a keychain, 'remote login --token-file PATH' keeps the session in an owner-only "
    "file instead, if you accept that.");

} // namespace

SessionStore::SessionStore(const QString& tokenFile, QObject* parent) : QObject(parent)
{
    if (!tokenFile.isEmpty()) {
        m_file = new TokenFileStore(tokenFile, this);
        return;
    }
    vault::TokenVault::Options options;
    options.settingsPath = appVaultSettingsPath();
    options.timeoutMs = kKeychainTimeoutMs;
    m_vault = std::make_unique<vault::TokenVault>(options);
    m_vaultStore = new vault::VaultCredentialStore(*m_vault, this);
}

SessionStore::~SessionStore()
{
    delete m_vaultStore; // before the vault it uses
    m_vaultStore = nullptr;
}

remote::CredentialStore& SessionStore::store()
{
    if (m_file)
        return *m_file;
    return *m_vaultStore;
}

QString SessionStore::pick(const QString& origin, const QString& username) const
{
    if (!username.isEmpty())
        return username;
    return m_file ? m_file->rememberedUsername(origin) : m_vaultStore->rememberedUsername(origin);
}

QString SessionStore::appVaultSettingsPath()
{
    // Matches app/gatehouse_main.cpp's organisation and application names.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/Gatehouse/gatehouse/vault.ini");
}

Error SessionStore::explain(const Error& e, bool saving)
{
    const QString so = saving ? QStringLiteral("so the session cannot be kept")
                              : QStringLiteral("so the remembered session cannot be used");
    QString state;
    if (e.code == vault::VaultError::Unavailable)
        state = QStringLiteral("No keychain service is available (nothing answers for the Secret Service on the "
                               "session bus), %1.")
                    .arg(so);
    else if (e.code == vault::VaultError::Locked)
        state = QStringLiteral("The keychain is locked, %1. Unlock it (for example by logging in to your "
                               "desktop) and try again.")
                    .arg(so);
    else if (e.code == vault::VaultError::Denied)
        state = QStringLiteral("The keychain refused access to Gatehouse's entry, %1.").arg(so);
    else if (e.code == vault::VaultError::Timeout)
        state = QStringLiteral("The keychain did not answer in time, %1.").arg(so);
    else if (e.code.startsWith(QLatin1String("vault.")))
        state = QStringLiteral("The keychain reported an error (%1), %2.").arg(e.message, so);
    else
        return e;
    if (saving)
        state += QStringLiteral(" Nothing was written to disk.");
    return Error::make(e.code, state + kTokenFileHint, e.where);
}

Error SessionStore::nothingStored(const QString& origin) const
{
    if (m_file)
        return Error::make(QStringLiteral("auth.required"),
                           QStringLiteral("No session in the token file: run 'gatehouse-cli remote login "
                                          "--token-file PATH' first."));
    return Error::make(QStringLiteral("auth.required"),
                       QStringLiteral("No session is remembered in the keychain for %1: run 'gatehouse-cli remote "
                                      "login --url URL --username NAME' first (or give --as NAME).")
                           .arg(origin));
}

} // namespace gatehouse::cli
