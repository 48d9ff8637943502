// PasswordHash::parse on arbitrary bytes, then info(), needsRehash() and a verification with a fixed
// password when the parsed cost is small. Expensive but valid parameters (the caps allow 10 million
// PBKDF2 iterations or 256 MiB of scrypt) are parsed and described but not run, to keep runs fast.
#include "password/PasswordHash.h"
#include "password/PasswordHasher.h"

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core::password;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto parsed = PasswordHash::parse(text);
    if (!parsed) {
        // Every rejection carries a stable code in the password namespace and a message.
        if (!parsed.error().code.startsWith(QStringLiteral("password.")) || parsed.error().message.isEmpty())
            __builtin_trap();
        return 0;
    }
    const PasswordHash& h = parsed.value();
    const auto info = h.info();
    if (info.format.isEmpty() || info.verdict.isEmpty())
        __builtin_trap();
    if (!PasswordHasher::needsRehash(text, HashPolicy()).ok())
        __builtin_trap();
    bool cheap = true;
    if (h.scheme() == PasswordHash::Scheme::Pbkdf2)
        cheap = h.iterations() <= 64;
    else if (h.scheme() == PasswordHash::Scheme::Scrypt)
        cheap = h.scryptN() * h.scryptR() * h.scryptP() <= 256;
    if (cheap) {
        // A parsed hash never makes verify fail: the only outcomes are match or no match.
        const auto r = PasswordHasher::verify(QByteArrayView("fuzz-password"), h);
        if (!r.ok())
            __builtin_trap();
    }
    return 0;
}
