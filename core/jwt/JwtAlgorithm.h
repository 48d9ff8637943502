#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace gatehouse::core::jwt {

// JWS "alg" values Gatehouse signs and verifies (RFC 7518 §3, RFC 8037 for EdDSA with Ed25519).
enum class Algorithm
{
    None,
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA
};

// The kind of key an algorithm needs; the verifier binds algorithms to key kinds (RFC 8725 §3.1).
enum class KeyKind
{
    None,
    Hmac,
    Rsa,
    Ec,
    Ed25519
};

QString algorithmName(Algorithm a);                              // "HS256"
std::optional<Algorithm> algorithmFromName(const QString& name); // exact, case-sensitive, as RFC 7515 requires
KeyKind keyKindFor(Algorithm a);
QList<Algorithm> allSigningAlgorithms(); // everything but None

} // namespace gatehouse::core::jwt
