#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QList>

#include <optional>

namespace gatehouse::core::flask {

// A Flask session cookie (itsdangerous URLSafeTimedSerializer): "[.]payload.timestamp.signature".
struct FlaskSession
{
    bool compressed = false;  // a leading '.' means the payload is zlib-deflated
    QByteArray signedPart;    // everything before the last '.': what the signature covers
    QByteArray signature;     // raw HMAC bytes (20 for Flask's SHA-1)
    QByteArray json;          // the payload's tagged JSON text
    QJsonValue tagged;        // that JSON, parsed
    QJsonValue value;         // untagged "typed" form (see FlaskTaggedJson.h)
    qint64 timestamp = 0;     // seconds since the Unix epoch
    bool legacyEpoch = false; // itsdangerous < 1.0 counted from 2011-01-01 (epoch offset 1293840000)

    static constexpr qint64 kLegacyEpochOffset = 1293840000;
    static constexpr qint64 kDefaultMaxInflated = 1024 * 1024;

    // Decodes without a secret. Errors: flask.cookie.empty, flask.cookie.truncated (fewer than three
    // parts, or a signature shorter than a SHA-1 HMAC), flask.payload.base64, flask.payload.zlib,
    // flask.payload.too_large (inflates past `maxInflated`: a zip bomb), flask.payload.json,
    // flask.payload.tag, flask.timestamp.invalid, flask.signature.malformed.
    static Result<FlaskSession> decode(QByteArrayView cookie, qint64 maxInflated = kDefaultMaxInflated);
};

struct FlaskVerifyOptions
{
    QByteArray salt = QByteArrayLiteral("cookie-session");
    QList<QByteArray> fallbackSecrets;   // Flask >= 3.0 SECRET_KEY_FALLBACKS, tried in order
    std::optional<qint64> maxAgeSeconds; // PERMANENT_SESSION_LIFETIME (Flask: 31 days)
    qint64 futureLeewaySeconds = 60;     // clock skew tolerated before "from the future"
    const Clock* clock = &SystemClock::instance();
    // When the signature does not match, also try the salts other itsdangerous users pick, so a wrong salt
    // is reported as such (flask.signature.wrong_salt) instead of as a wrong secret.
    bool diagnoseSalt = true;
};

struct FlaskVerified
{
    FlaskSession session;
    int secretIndex = 0; // 0: the secret; n: fallbackSecrets[n-1]
};

// Key derivation of itsdangerous' Signer with key_derivation="hmac", digest SHA-1 (what Flask uses):
// key = HMAC-SHA1(secret, salt).
QByteArray flaskDeriveKey(QByteArrayView secret, QByteArrayView salt);

// Verifies the signature (constant-time), then the age. Errors: those of decode, plus
// flask.signature.mismatch (wrong secret, or the cookie was altered), flask.signature.wrong_salt,
// flask.signature.expired, flask.timestamp.future.
Result<FlaskVerified> verifyFlaskSession(QByteArrayView cookie, QByteArrayView secret,
                                         const FlaskVerifyOptions& options = {});

struct FlaskSignOptions
{
    QByteArray salt = QByteArrayLiteral("cookie-session");
    const Clock* clock = &SystemClock::instance();
    bool allowCompression = true; // as itsdangerous: only when it saves more than one byte
    bool legacyEpoch = false;     // write an itsdangerous < 1.0 timestamp
};

// Signs a session given in the typed form (plain JSON works too). Errors: flask.payload.tag.
Result<QByteArray> signFlaskSession(const QJsonValue& typedValue, QByteArrayView secret,
                                    const FlaskSignOptions& options = {});

} // namespace gatehouse::core::flask
