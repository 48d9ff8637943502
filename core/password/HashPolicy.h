#pragma once

#include <cstdint>

namespace gatehouse::core::password {

// What PasswordHasher::make writes and what needsRehash compares against. The defaults are werkzeug's
// modern choices: pbkdf2:sha256:600000 (OWASP 2023), or scrypt:32768:8:1 (werkzeug 3's default) on request.
struct HashPolicy
{
    enum class Method
    {
        Pbkdf2Sha256,
        Pbkdf2Sha512,
        Scrypt
    };

    Method method = Method::Pbkdf2Sha256;
    uint32_t iterations = 600000; // PBKDF2 methods only
    uint64_t scryptN = 32768;
    uint32_t scryptR = 8;
    uint32_t scryptP = 1;
    int saltLength = 16; // characters of [A-Za-z0-9], like werkzeug's gen_salt

    static HashPolicy pbkdf2Sha256(uint32_t iterations = 600000)
    {
        HashPolicy p;
        p.iterations = iterations;
        return p;
    }
    static HashPolicy pbkdf2Sha512(uint32_t iterations = 600000)
    {
        HashPolicy p;
        p.method = Method::Pbkdf2Sha512;
        p.iterations = iterations;
        return p;
    }
    static HashPolicy scrypt(uint64_t n = 32768, uint32_t r = 8, uint32_t p = 1)
    {
        HashPolicy policy;
        policy.method = Method::Scrypt;
        policy.scryptN = n;
        policy.scryptR = r;
        policy.scryptP = p;
        return policy;
    }
};

} // namespace gatehouse::core::password
