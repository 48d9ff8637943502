#pragma once

namespace gatehouse::core::crypto {

// Call first in every Gatehouse process, before anything touches OpenSSL.
//
// By default OpenSSL registers OPENSSL_cleanup with atexit(). Gatehouse hashes, signs and searches on
// worker threads (Qt's thread pools, the secret search's threads), and a pool thread's OpenSSL state is
// torn down by its own thread-exit destructor, which can run after QThread::wait() has returned and so
// while the main thread runs its exit handlers. The two then free the same structures: "double free or
// corruption" at exit, or a hang in a crash handler (openssl/openssl#6214). This opts out of the atexit
// cleanup; the operating system reclaims the memory when the process ends. Idempotent; returns false
// if OpenSSL could not initialise.
bool initOpenSslRuntime();

} // namespace gatehouse::core::crypto
