#pragma once

#include "common/Result.h"
#include "vault/KeychainBackend.h"

namespace gatehouse::core::vault {

// Turns a keychain's failure into one of VaultError's codes with a sentence a person can act on.
// Only for replies that are not Ok and not NotFound (both are successes to the vault).
// Why this is not a plain switch: libsecret reports a missing Secret Service, a locked collection and a
// dismissed unlock prompt all as OtherError/AccessDenied, and only its message tells them apart.
Error mapKeychainError(const KeychainReply& reply);

} // namespace gatehouse::core::vault
