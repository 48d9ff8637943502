#pragma once

#include "common/Result.h"
#include "password/HashPolicy.h"
#include "password/PasswordHash.h"

#include <QByteArrayView>
#include <QString>

namespace gatehouse::core::password {

// Makes and checks werkzeug-compatible password hashes. Every function is pure (no shared state), so
// they may run on worker threads concurrently; PBKDF2 at 600000 iterations costs about 0.1 s, so callers
// on the GUI thread should move it off. Passwords are taken as UTF-8 bytes (werkzeug encodes str with
// UTF-8); the QString overloads encode and wipe their copy.
class PasswordHasher
{
public:
    // A new "method$salt$hex" string with a fresh CSPRNG salt. Errors: password.policy (parameters out
    // of range), crypto.random.
    static Result<QString> make(QByteArrayView passwordUtf8, const HashPolicy& policy = {});
    static Result<QString> make(const QString& password, const HashPolicy& policy = {});

    // true = the password matches; false = it does not; an Error = the hash string is malformed or
    // unsupported (see PasswordHash::parse). Callers must treat an Error as "deny" (fail closed).
    // The digest comparison is constant-time.
    static Result<bool> verify(QByteArrayView passwordUtf8, QByteArrayView hashString);
    static Result<bool> verify(const QString& password, const QString& hashString);
    static Result<bool> verify(QByteArrayView passwordUtf8, const PasswordHash& hash);

    // Whether a stored hash should be replaced (after a successful login) by one made with `policy`:
    // another method or digest, fewer iterations, weaker scrypt parameters, a salt shorter than the policy's,
    // or any legacy/plain format. Errors as parse().
    static Result<bool> needsRehash(QByteArrayView hashString, const HashPolicy& policy);

    static Status checkPolicy(const HashPolicy& policy);
};

} // namespace gatehouse::core::password
