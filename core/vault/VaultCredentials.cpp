#include "vault/VaultCredentials.h"

#include <openssl/crypto.h>

namespace gatehouse::core::vault {

void wipeBytes(QByteArray& bytes)
{
    if (!bytes.isEmpty()) {
        // data() detaches, so a buffer still shared with another QByteArray is copied first and only this
        // object's copy is overwritten.
        char* p = bytes.data();
        OPENSSL_cleanse(p, std::size_t(bytes.size()));
    }
    bytes.clear();
}

void VaultCredentials::wipe()
{
    wipeBytes(accessToken);
    wipeBytes(refreshToken);
    wipeBytes(sessionCookie);
}

} // namespace gatehouse::core::vault
