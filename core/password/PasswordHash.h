#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>

namespace gatehouse::core::password {

// A werkzeug password hash string ("method$salt$hash") in parsed form. Hash strings are attacker-controlled
// (a database row, an import file), so parse() bounds every length and cost parameter and fails closed with
// a stable error code:
//   password.format.empty / .length / .nul / .utf8 / .sections / .unknown
//   password.pbkdf2.hash / .arguments / .iterations
//   password.scrypt.params (where: "arguments", "N", "r", "p", "r*p", "memory", "cost")
//   password.salt.empty / .length
//   password.hex (a non-hex character; where: "offset n") / password.hex.length
// A parsed value only describes the string; PasswordHasher::verify does the work.
//
// Deliberate differences from werkzeug's own reader, all on inputs werkzeug never writes: iteration counts
// and scrypt parameters must be plain ASCII decimals (Python's int() also takes "+5", " 5", "5_000");
// PBKDF2 hashes are limited to sha1/sha256/sha512 and legacy digests to md5/sha1/sha256/sha512 (werkzeug
// passes any hashlib name through); uppercase hex is accepted (werkzeug 2.2 compares the hex text and so
// would refuse it); and the caps above.
class PasswordHash
{
public:
    enum class Scheme
    {
        Pbkdf2,         // pbkdf2:<hash>[:iterations]$salt$hex
        Scrypt,         // scrypt[:N:r:p]$salt$hex
        LegacySalted,   // <hash>$salt$hex: HMAC keyed by the salt over the password
        LegacyUnsalted, // <hash>$$hex: a plain digest of the password
        Plain           // plain$$password: the password itself
    };
    enum class Digest
    {
        Md5,
        Sha1,
        Sha256,
        Sha512
    };
    enum class Strength
    {
        Strong,
        Acceptable,
        Weak,
        Critical
    };
    struct Info
    {
        QString format;   // e.g. "pbkdf2:sha256:600000"
        QString versions; // which werkzeug versions write and read it
        Strength strength = Strength::Critical;
        QString verdict; // plain-words reason for the strength
    };

    static constexpr int kMaxLength = 1024;
    static constexpr int kMaxSaltLength = 256;
    static constexpr uint32_t kMaxIterations = 10'000'000;
    // "pbkdf2:sha256$salt$hex" (no iteration count) is never written by werkzeug >= 0.9, which always
    // writes the count; a reader substitutes its own DEFAULT_PBKDF2_ITERATIONS: 150000 in 0.15–1.0,
    // 260000 in 2.0–2.2, 600000 in 2.3–3.0, 1000000 in later 3.x releases. We follow werkzeug 2.2 (Debian
    // 12's python3-werkzeug 2.2.2, which the Flask servers Gatehouse talks to run, and which the interop
    // test checks), so such a hash verifies here exactly when it verifies on that server. needsRehash()
    // always asks for such a hash to be rewritten with an explicit count. Bare "pbkdf2$" is only read by
    // werkzeug >= 2.3 (sha256 at its default); we use 2.3–3.0's 600000.
    static constexpr uint32_t kImplicitPbkdf2Iterations = 260000;
    static constexpr uint32_t kImplicitBarePbkdf2Iterations = 600000;
    // werkzeug 3's "scrypt$" defaults and its fixed output length.
    static constexpr uint64_t kDefaultScryptN = 32768;
    static constexpr uint32_t kDefaultScryptR = 8;
    static constexpr uint32_t kDefaultScryptP = 1;
    static constexpr int kScryptLength = 64;

    static Result<PasswordHash> parse(QByteArrayView text);

    Scheme scheme() const { return m_scheme; }
    Digest digest() const { return m_digest; } // Pbkdf2 and legacy schemes
    uint32_t iterations() const { return m_iterations; }
    bool iterationsImplicit() const { return m_parametersImplicit; } // also scrypt's N:r:p
    uint64_t scryptN() const { return m_scryptN; }
    uint32_t scryptR() const { return m_scryptR; }
    uint32_t scryptP() const { return m_scryptP; }
    const QByteArray& method() const { return m_method; } // the text before the first '$'
    const QByteArray& salt() const { return m_salt; }     // UTF-8 text, used as bytes
    // The decoded digest; for Plain, the stored password text.
    const QByteArray& expected() const { return m_expected; }

    Info info() const;
    static QString strengthName(Strength strength);
    static int digestLength(Digest digest);

private:
    Scheme m_scheme = Scheme::Plain;
    Digest m_digest = Digest::Sha256;
    uint32_t m_iterations = 0;
    bool m_parametersImplicit = false;
    uint64_t m_scryptN = 0;
    uint32_t m_scryptR = 0;
    uint32_t m_scryptP = 0;
    QByteArray m_method;
    QByteArray m_salt;
    QByteArray m_expected;
};

} // namespace gatehouse::core::password
