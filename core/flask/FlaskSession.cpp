#include "flask/FlaskSession.h"

#include "common/Base64Url.h"
#include "crypto/ConstantTime.h"
#include "crypto/Hmac.h"
#include "flask/FlaskTaggedJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <openssl/crypto.h>
#include <zlib.h>

namespace gatehouse::core::flask {

namespace {

using crypto::HashAlgorithm;

Error err(const char* code, const QString& message, const QString& where = {})
{
    return Error::make(QString::fromLatin1(code), message, where);
}

// itsdangerous pads and decodes leniently; only the URL-safe alphabet is valid.
std::optional<QByteArray> b64(QByteArrayView text)
{
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '=';
        if (!ok)
            return std::nullopt;
    }
    const auto r = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::Base64UrlEncoding |
                                                                          QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return std::nullopt;
    return r.decoded;
}

Result<QByteArray> inflateCapped(const QByteArray& in, qint64 cap)
{
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK)
        return err("flask.payload.zlib", QStringLiteral("zlib could not be initialised."));
    QByteArray out;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.constData()));
    zs.avail_in = static_cast<uInt>(in.size());
    unsigned char buf[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = buf;
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return err("flask.payload.zlib", QStringLiteral("The compressed payload is not valid zlib data."));
        }
        const qint64 produced = qint64(sizeof buf - zs.avail_out);
        if (out.size() + produced > cap) {
            inflateEnd(&zs);
            return err("flask.payload.too_large",
                       QStringLiteral("The compressed payload inflates to more than %1 bytes (a zip bomb?); "
                                      "decoding stopped.")
                           .arg(cap));
        }
        out.append(reinterpret_cast<const char*>(buf), produced);
        if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {
            inflateEnd(&zs);
            return err("flask.payload.zlib", QStringLiteral("The compressed payload is truncated."));
        }
    }
    inflateEnd(&zs);
    return out;
}

QByteArray intToBytes(qint64 v)
{
    QByteArray out;
    while (v > 0) {
        out.prepend(char(v & 0xff));
        v >>= 8;
    }
    if (out.isEmpty())
        out.append('\0');
    return out;
}

} // namespace

QByteArray flaskDeriveKey(QByteArrayView secret, QByteArrayView salt)
{
    return crypto::hmac(HashAlgorithm::Sha1, secret, salt);
}

Result<FlaskSession> FlaskSession::decode(QByteArrayView cookie, qint64 maxInflated)
{
    FlaskSession s;
    QByteArrayView body = cookie;
    while (!body.isEmpty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' '))
        body.chop(1);
    if (body.isEmpty())
        return err("flask.cookie.empty", QStringLiteral("The cookie is empty."));
    s.compressed = body.startsWith('.');
    if (s.compressed)
        body = body.sliced(1);
    const qsizetype lastDot = body.lastIndexOf('.');
    const qsizetype tsDot = lastDot > 0 ? body.first(lastDot).lastIndexOf('.') : -1;
    if (lastDot < 0 || tsDot < 0)
        return err("flask.cookie.truncated",
                   QStringLiteral("A Flask session has three dot-separated parts (payload.timestamp.signature); "
                                  "this one has fewer, so it was cut off."));
    const QByteArrayView payloadText = body.first(tsDot);
    const QByteArrayView tsText = body.sliced(tsDot + 1, lastDot - tsDot - 1);
    const QByteArrayView sigText = body.sliced(lastDot + 1);
    s.signedPart = (s.compressed ? QByteArray(".") : QByteArray()) + body.first(lastDot).toByteArray();

    const auto sig = b64(sigText);
    if (!sig)
        return err("flask.signature.malformed", QStringLiteral("The signature is not base64url."),
                   QStringLiteral("signature"));
    if (sig->size() < 20)
        return err(
            "flask.cookie.truncated",
            QStringLiteral("The signature is %1 bytes; an HMAC-SHA1 has 20: the cookie was cut off.").arg(sig->size()),
            QStringLiteral("signature"));
    s.signature = *sig;

    const auto ts = b64(tsText);
    if (!ts || ts->isEmpty() || ts->size() > 8)
        return err("flask.timestamp.invalid", QStringLiteral("The timestamp part is not a base64url integer."),
                   QStringLiteral("timestamp"));
    quint64 t = 0;
    for (const char c : *ts)
        t = (t << 8) | static_cast<unsigned char>(c);
    if (t > quint64(1) << 40)
        return err("flask.timestamp.invalid", QStringLiteral("The timestamp is out of any plausible range."),
                   QStringLiteral("timestamp"));
    s.timestamp = qint64(t);
    // itsdangerous < 1.0 counted seconds from 2011-01-01; such values are smaller than that date itself.
    if (s.timestamp < kLegacyEpochOffset) {
        s.legacyEpoch = true;
        s.timestamp += kLegacyEpochOffset;
    }

    const auto payload = b64(payloadText);
    if (!payload)
        return err("flask.payload.base64", QStringLiteral("The payload is not base64url."), QStringLiteral("payload"));
    if (s.compressed) {
        auto inflated = inflateCapped(*payload, maxInflated);
        if (!inflated)
            return inflated.error();
        s.json = std::move(inflated).value();
    } else {
        s.json = *payload;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(s.json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return err("flask.payload.json", QStringLiteral("The payload is not JSON: %1.").arg(pe.errorString()),
                   QStringLiteral("offset %1").arg(pe.offset));
    s.tagged = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    auto untagged = taggedjson::untag(s.tagged);
    if (!untagged)
        return untagged.error();
    s.value = untagged.value();
    return s;
}

Result<FlaskVerified> verifyFlaskSession(QByteArrayView cookie, QByteArrayView secret,
                                         const FlaskVerifyOptions& options)
{
    auto decoded = FlaskSession::decode(cookie);
    if (!decoded)
        return decoded.error();
    FlaskVerified v;
    v.session = std::move(decoded).value();
    const auto& s = v.session;
    auto matches = [&](QByteArrayView key, QByteArrayView salt) {
        QByteArray derived = flaskDeriveKey(key, salt);
        const QByteArray mac = crypto::hmac(HashAlgorithm::Sha1, derived, s.signedPart);
        OPENSSL_cleanse(derived.data(), size_t(derived.size()));
        return crypto::constantTimeEquals(mac, s.signature);
    };
    QList<QByteArrayView> secrets{secret};
    for (const auto& f : options.fallbackSecrets)
        secrets.append(f);
    int found = -1;
    for (int i = 0; i < secrets.size() && found < 0; ++i) {
        if (matches(secrets[i], options.salt))
            found = i;
    }
    if (found < 0) {
        if (options.diagnoseSalt) {
            static const char* const salts[] = {"cookie-session", "itsdangerous.Signer", "itsdangerous", "signer",
                                                "session",        "flask-session"};
            for (const char* salt : salts) {
                if (QByteArrayView(salt) == options.salt)
                    continue;
                for (const auto& sec : secrets) {
                    if (matches(sec, QByteArrayView(salt)))
                        return err("flask.signature.wrong_salt",
                                   QStringLiteral("The secret is right but the salt is not: the cookie was signed "
                                                  "with salt '%1'.")
                                       .arg(QLatin1String(salt)));
                }
            }
        }
        return err("flask.signature.mismatch",
                   QStringLiteral("The signature does not match: wrong secret (or salt), or the cookie was altered."));
    }
    v.secretIndex = found;
    const qint64 now = options.clock->nowSeconds();
    const qint64 age = now - s.timestamp;
    if (age < -options.futureLeewaySeconds)
        return err("flask.timestamp.future",
                   QStringLiteral("The cookie was signed %1 seconds in the future: a clock problem or a forgery with "
                                  "the right key.")
                       .arg(-age));
    if (options.maxAgeSeconds && age > *options.maxAgeSeconds)
        return err("flask.signature.expired", QStringLiteral("The cookie is %1 seconds old, older than the allowed %2.")
                                                  .arg(age)
                                                  .arg(*options.maxAgeSeconds));
    return v;
}

Result<QByteArray> signFlaskSession(const QJsonValue& typedValue, QByteArrayView secret,
                                    const FlaskSignOptions& options)
{
    auto tagged = taggedjson::tag(typedValue);
    if (!tagged)
        return tagged.error();
    const QJsonDocument doc = tagged->isArray() ? QJsonDocument(tagged->toArray()) : QJsonDocument(tagged->toObject());
    QByteArray json = doc.toJson(QJsonDocument::Compact);
    bool compressed = false;
    if (options.allowCompression) {
        uLongf len = compressBound(uLong(json.size()));
        QByteArray z(qsizetype(len), Qt::Uninitialized);
        if (compress2(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(json.constData()),
                      uLong(json.size()), Z_DEFAULT_COMPRESSION) == Z_OK &&
            qsizetype(len) < json.size() - 1) {
            z.resize(qsizetype(len));
            json = z;
            compressed = true;
        }
    }
    qint64 ts = options.clock->nowSeconds();
    if (options.legacyEpoch)
        ts -= FlaskSession::kLegacyEpochOffset;
    QByteArray signedPart = (compressed ? QByteArray(".") : QByteArray()) + base64url::encode(json) + '.' +
                            base64url::encode(intToBytes(ts));
    QByteArray key = flaskDeriveKey(secret, options.salt);
    const QByteArray sig = crypto::hmac(HashAlgorithm::Sha1, key, signedPart);
    OPENSSL_cleanse(key.data(), size_t(key.size()));
    return signedPart + '.' + base64url::encode(sig);
}

} // namespace gatehouse::core::flask
