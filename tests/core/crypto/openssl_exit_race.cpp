// Helper for tst_openssl_exit: eight threads take OpenSSL per-thread state (a DRBG each), then all exit
// at the moment main() returns, so their OpenSSL thread destructors run beside the exit handlers. With
// initOpenSslRuntime() first (as every Gatehouse process does), that is safe. With --default-cleanup,
// OpenSSL's atexit cleanup frees what those destructors use: on this machine about 4 runs in 100 crash.
#include "crypto/OpenSslRuntime.h"

#include <openssl/rand.h>

#include <atomic>
#include <cstring>
#include <thread>

int main(int argc, char** argv)
{
    const bool defaultCleanup = argc > 1 && std::strcmp(argv[1], "--default-cleanup") == 0;
    if (!defaultCleanup && !gatehouse::core::crypto::initOpenSslRuntime())
        return 2;
    unsigned char byte = 0;
    if (RAND_bytes(&byte, 1) != 1)
        return 2;
    constexpr int kThreads = 8;
    static std::atomic<int> ready{0};
    static std::atomic<bool> go{false};
    for (int i = 0; i < kThreads; ++i) {
        std::thread([] {
            unsigned char buf[16];
            if (RAND_bytes(buf, sizeof buf) == 1)
                ++ready;
            else
                ready += 1000; // reported below as a failure
            while (!go.load())
                std::this_thread::yield();
        }).detach();
    }
    while (ready.load() < kThreads)
        std::this_thread::yield();
    if (ready.load() != kThreads)
        return 2;
    go = true;
    return 0;
}
