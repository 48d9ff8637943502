#pragma once

#include "vault/KeychainBackend.h"

namespace gatehouse::core::vault {

// The real keychain through QtKeychain (Secret Service via libsecret on Linux, KWallet, macOS Keychain,
// Windows Credential Manager). Each call is one QKeychain job that deletes itself when finished.
// Jobs never enable QtKeychain's insecure fallback, which would write the secret into a QSettings file.
class QtKeychainBackend final : public KeychainBackend
{
public:
    void read(const QString& service, const QString& key, Done done) override;
    void write(const QString& service, const QString& key, const QByteArray& data, Done done) override;
    void remove(const QString& service, const QString& key, Done done) override;
};

} // namespace gatehouse::core::vault
