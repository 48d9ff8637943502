#pragma once

#include <cstddef>
#include <cstdint>

// Raw SHA-1 / SHA-256 / SHA-512 compression functions on explicit chaining states.
//
// Why: HMAC with precomputed key states, PBKDF2 and the weak-secret search spend all their time in the
// compression function; OpenSSL's one-shot HMAC() re-derives the key pads on every call (about 3.4 µs per
// HS256 call here, against about 0.3 µs with cached pads). OpenSSL 3 still exports its assembly-optimised
// block functions through the deprecated low-level SHA*_Transform API; ShaCompress.cpp is the one file
// that touches that API, so if OpenSSL ever drops it only that file changes.
namespace gatehouse::core::crypto {

struct Sha1State
{
    uint32_t h[5];
};
struct Sha256State
{
    uint32_t h[8];
};
struct Sha512State
{
    uint64_t h[8];
};

void sha1Init(Sha1State& s);
void sha256Init(Sha256State& s);
void sha224Init(Sha256State& s);
void sha512Init(Sha512State& s);
void sha384Init(Sha512State& s);

// Processes `blocks` consecutive blocks (64 bytes for SHA-1/256, 128 bytes for SHA-512) from `data`.
void sha1Compress(Sha1State& s, const unsigned char* data, std::size_t blocks);
void sha256Compress(Sha256State& s, const unsigned char* data, std::size_t blocks);
void sha512Compress(Sha512State& s, const unsigned char* data, std::size_t blocks);

} // namespace gatehouse::core::crypto
