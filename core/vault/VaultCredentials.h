#pragma once

#include <QByteArray>

namespace gatehouse::core::vault {

// What one keychain entry holds for one (origin, username): the live credentials of a remote session.
// Every field is a secret: never log, persist elsewhere or display it. Call wipe() when done with a copy
// (QByteArray is implicitly shared; wipe() detaches first, so it only clears this object's buffers).
struct VaultCredentials
{
    QByteArray accessToken;
    QByteArray refreshToken;
    QByteArray sessionCookie; // for profiles whose login answers with a session cookie (Flask-Login)

    bool isEmpty() const { return accessToken.isEmpty() && refreshToken.isEmpty() && sessionCookie.isEmpty(); }
    void wipe();
};

// Overwrites the bytes of `bytes` (after detaching it) and clears it.
void wipeBytes(QByteArray& bytes);

} // namespace gatehouse::core::vault
