#pragma once

#include "crypto/SecureRandom.h"
#include "vault/VaultCredentials.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFuture>
#include <QTest>

// Shared by the vault tests. Tokens are random per run; tests compare bytes and print only lengths.
namespace vaulttest {

inline QByteArray randomToken(int bytes)
{
    auto raw = gatehouse::core::crypto::secureRandomBytes(bytes);
    return raw ? raw.value().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
               : QByteArray(bytes, 'x');
}

inline gatehouse::core::vault::VaultCredentials randomCredentials()
{
    gatehouse::core::vault::VaultCredentials c;
    c.accessToken = QByteArrayLiteral("eyJhbGciOiJIUzI1NiJ9.") + randomToken(48);
    c.refreshToken = QByteArrayLiteral("eyJhbGciOiJIUzI1NiJ9.") + randomToken(64);
    c.sessionCookie = randomToken(32);
    return c;
}

// Waits for `future` while the test thread's event loop keeps running (QTRY), up to `ms`.
template <typename T>
bool waitFor(QFuture<T>& future, int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (!future.isFinished() && timer.elapsed() < ms)
        QTest::qWait(5);
    return future.isFinished();
}

inline QByteArray fingerprint(const QByteArray& secret)
{
    return QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex();
}

} // namespace vaulttest
