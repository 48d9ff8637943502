#pragma once

#include "common/Result.h"

#include <QString>

namespace gatehouse::core::vault {

// The vault's error codes (Error::code). "Nothing stored" is not among them: load() answers an empty
// std::optional for it.
namespace VaultError {
// No keychain service (no Secret Service on the bus, no KWallet, ...). There is no plaintext fallback:
// the session lasts until Gatehouse closes, and the front end must say so.
inline const QString Unavailable = QStringLiteral("vault.unavailable");
inline const QString Locked = QStringLiteral("vault.locked");   // the keychain (collection) is locked
inline const QString Denied = QStringLiteral("vault.denied");   // the person or the keychain refused access
inline const QString Timeout = QStringLiteral("vault.timeout"); // the keychain did not answer in time
inline const QString Corrupt = QStringLiteral("vault.corrupt"); // an entry exists but is not ours / unreadable
inline const QString Invalid = QStringLiteral("vault.invalid"); // bad arguments (empty origin or username)
inline const QString Failed = QStringLiteral("vault.failed");   // anything else; Error::where has the detail
} // namespace VaultError

} // namespace gatehouse::core::vault
