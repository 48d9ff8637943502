#include "crypto/OpenSslRuntime.h"

#include <openssl/crypto.h>

namespace gatehouse::core::crypto {

bool initOpenSslRuntime()
{
    // The first initialisation decides whether the atexit handler is registered (a run-once inside
    // OpenSSL), so this must precede any other OpenSSL call; later calls are no-ops.
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) == 1;
}

} // namespace gatehouse::core::crypto
