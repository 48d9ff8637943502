// Key loading on hostile input: fromAnyText, fromPem (PEM and DER), fromJwk / fromJwks (after a JSON
// parse) and fromHmacSecret in every encoding. Whatever loads is exercised (export, sign, verify) so a
// half-built key cannot hide behind a successful load.
#include "jwt/JwsSignature.h"
#include "jwt/JwtKey.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

void exercise(const Result<JwtKey>& loaded)
{
    if (!loaded.ok()) {
        if (loaded.error().code.isEmpty())
            __builtin_trap(); // every refusal carries a code
        return;
    }
    const JwtKey& key = loaded.value();
    (void)key.describe();
    (void)key.publicPem();
    const QJsonObject jwk = key.publicJwk();
    if (key.kind() != KeyKind::Hmac) {
        // The exported public JWK must load again.
        if (!JwtKey::fromJwk(jwk).ok())
            __builtin_trap();
    }
    const QByteArray input("eyJhbGciOiJIUzI1NiJ9.e30");
    for (Algorithm alg : key.compatibleAlgorithms()) {
        (void)jws::verify(alg, key, input, QByteArray(132, '\x01'));
        // RSA private operations on a huge modulus are slow; the round trip on small keys is enough.
        if (key.hasPrivate() && !(key.kind() == KeyKind::Rsa && key.bits() > 2048)) {
            auto sig = jws::sign(alg, key, input);
            // A loaded private key may still be inconsistent (e.g. RSA d not matching n); it must then fail
            // cleanly, and a signature it does produce must have the algorithm's size.
            if (sig.ok() && !jws::verify(alg, key, input, sig.value()).ok() && key.kind() != KeyKind::Rsa)
                __builtin_trap();
        }
        break; // one algorithm per key keeps iterations fast
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));
    exercise(JwtKey::fromAnyText(text));
    exercise(JwtKey::fromAnyText(text, QStringLiteral("a")));
    exercise(JwtKey::fromPem(text));
    exercise(JwtKey::fromHmacSecret(text));
    exercise(JwtKey::fromHmacSecret(text, JwtKey::SecretEncoding::Base64Url));
    exercise(JwtKey::fromHmacSecret(text, JwtKey::SecretEncoding::Hex));
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    if (doc.isObject()) {
        exercise(JwtKey::fromJwk(doc.object()));
        exercise(JwtKey::fromJwks(doc.object(), QString()));
        exercise(JwtKey::fromJwks(doc.object(), QStringLiteral("a")));
    }
    return 0;
}
