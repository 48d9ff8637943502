// The only file that uses OpenSSL's deprecated low-level SHA API (see ShaCompress.h for why).
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/ShaCompress.h"

#include <openssl/sha.h>

#include <cstring>

namespace gatehouse::core::crypto {

namespace {
constexpr uint32_t kSha1Init[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
constexpr uint32_t kSha256Init[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                     0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
constexpr uint32_t kSha224Init[8] = {0xc1059ed8u, 0x367cd507u, 0x3070dd17u, 0xf70e5939u,
                                     0xffc00b31u, 0x68581511u, 0x64f98fa7u, 0xbefa4fa4u};
constexpr uint64_t kSha512Init[8] = {0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull,
                                     0xa54ff53a5f1d36f1ull, 0x510e527fade682d1ull, 0x9b05688c2b3e6c1full,
                                     0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull};
constexpr uint64_t kSha384Init[8] = {0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull,
                                     0x152fecd8f70e5939ull, 0x67332667ffc00b31ull, 0x8eb44a8768581511ull,
                                     0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull};
} // namespace

void sha1Init(Sha1State& s)
{
    std::memcpy(s.h, kSha1Init, sizeof s.h);
}
void sha256Init(Sha256State& s)
{
    std::memcpy(s.h, kSha256Init, sizeof s.h);
}
void sha224Init(Sha256State& s)
{
    std::memcpy(s.h, kSha224Init, sizeof s.h);
}
void sha512Init(Sha512State& s)
{
    std::memcpy(s.h, kSha512Init, sizeof s.h);
}
void sha384Init(Sha512State& s)
{
    std::memcpy(s.h, kSha384Init, sizeof s.h);
}

void sha1Compress(Sha1State& s, const unsigned char* data, std::size_t blocks)
{
    SHA_CTX c;
    c.h0 = s.h[0];
    c.h1 = s.h[1];
    c.h2 = s.h[2];
    c.h3 = s.h[3];
    c.h4 = s.h[4];
    for (std::size_t i = 0; i < blocks; ++i)
        SHA1_Transform(&c, data + i * 64);
    s.h[0] = c.h0;
    s.h[1] = c.h1;
    s.h[2] = c.h2;
    s.h[3] = c.h3;
    s.h[4] = c.h4;
}

void sha256Compress(Sha256State& s, const unsigned char* data, std::size_t blocks)
{
    SHA256_CTX c;
    static_assert(sizeof c.h == sizeof s.h);
    std::memcpy(c.h, s.h, sizeof s.h);
    for (std::size_t i = 0; i < blocks; ++i)
        SHA256_Transform(&c, data + i * 64);
    std::memcpy(s.h, c.h, sizeof s.h);
}

void sha512Compress(Sha512State& s, const unsigned char* data, std::size_t blocks)
{
    SHA512_CTX c;
    static_assert(sizeof c.h == sizeof s.h);
    std::memcpy(c.h, s.h, sizeof s.h);
    for (std::size_t i = 0; i < blocks; ++i)
        SHA512_Transform(&c, data + i * 128);
    std::memcpy(s.h, c.h, sizeof s.h);
}

} // namespace gatehouse::core::crypto
