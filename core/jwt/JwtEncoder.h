#pragma once

#include "common/Result.h"
#include "jwt/JwtAlgorithm.h"
#include "jwt/JwtKey.h"

#include <QByteArray>
#include <QJsonObject>

namespace gatehouse::core::jwt {

// Builds compact tokens. The algorithm is the header's "alg", and it must suit the key (an HMAC
// secret cannot sign RS256 and so on). Unsecured tokens (alg "none", empty signature) are produced only
// with Options::allowUnsecured, for testing servers that must refuse them.
//
// Errors: jwt.alg_missing, jwt.alg_type, jwt.alg_unknown, jwt.alg_none, jwt.alg_key_mismatch,
// jwt.encode.header (header JSON is not an object), and the jws.* codes of jws::sign.
class JwtEncoder
{
public:
    struct Options
    {
        bool allowUnsecured = false;
    };

    // Header and payload serialised compactly by Qt (member order is Qt's, sorted).
    static Result<QByteArray> encode(const QJsonObject& header, const QJsonObject& payload, const JwtKey& key,
                                     const Options& options);
    static Result<QByteArray> encode(const QJsonObject& header, const QJsonObject& payload, const JwtKey& key);
    // Header and payload JSON used byte for byte: member order, spacing and even duplicate names are kept
    // (to build test tokens). The header must still be an object with a string "alg".
    static Result<QByteArray> encodeRaw(const QByteArray& headerJson, const QByteArray& payloadJson, const JwtKey& key,
                                        const Options& options);
    // {"alg": <alg>, "typ": "JWT"} and the payload.
    static Result<QByteArray> sign(Algorithm alg, const QJsonObject& payload, const JwtKey& key);
};

} // namespace gatehouse::core::jwt
