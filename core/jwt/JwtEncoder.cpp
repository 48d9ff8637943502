#include "jwt/JwtEncoder.h"

#include "common/Base64Url.h"
#include "jwt/JwsSignature.h"
#include "json/StrictJson.h"

#include <QJsonDocument>

namespace gatehouse::core::jwt {

Result<QByteArray> JwtEncoder::encode(const QJsonObject& header, const QJsonObject& payload, const JwtKey& key)
{
    return encode(header, payload, key, Options{});
}

Result<QByteArray> JwtEncoder::encode(const QJsonObject& header, const QJsonObject& payload, const JwtKey& key,
                                      const Options& options)
{
    return encodeRaw(QJsonDocument(header).toJson(QJsonDocument::Compact),
                     QJsonDocument(payload).toJson(QJsonDocument::Compact), key, options);
}

Result<QByteArray> JwtEncoder::sign(Algorithm alg, const QJsonObject& payload, const JwtKey& key)
{
    QJsonObject header;
    header.insert(QStringLiteral("alg"), algorithmName(alg));
    header.insert(QStringLiteral("typ"), QStringLiteral("JWT"));
    return encode(header, payload, key, Options{alg == Algorithm::None});
}

Result<QByteArray> JwtEncoder::encodeRaw(const QByteArray& headerJson, const QByteArray& payloadJson, const JwtKey& key,
                                         const Options& options)
{
    const json::StrictJsonDocument header = json::StrictJson::parse(headerJson);
    if (!header.root().isObject())
        return Error::make(QStringLiteral("jwt.encode.header"), QStringLiteral("the header must be a JSON object"),
                           QStringLiteral("header"));
    const json::JsonRef a = header.root().member("alg");
    if (!a.isValid())
        return Error::make(QStringLiteral("jwt.alg_missing"), QStringLiteral("the header has no \"alg\""),
                           QStringLiteral("header.alg"));
    if (!a.isString())
        return Error::make(QStringLiteral("jwt.alg_type"), QStringLiteral("\"alg\" must be a string"),
                           QStringLiteral("header.alg"));

    QByteArray out = base64url::encode(headerJson);
    out += '.';
    out += base64url::encode(payloadJson);
    const qsizetype signingInputLength = out.size();
    out += '.';

    if (a.stringView() == QByteArrayView("none")) {
        if (!options.allowUnsecured)
            return Error::make(QStringLiteral("jwt.alg_none"),
                               QStringLiteral("refusing to produce an unsecured token (alg \"none\") without the "
                                              "explicit option"),
                               QStringLiteral("header.alg"));
        return out;
    }
    const auto alg = algorithmFromName(a.toString());
    if (!alg)
        return Error::make(QStringLiteral("jwt.alg_unknown"),
                           QStringLiteral("unknown algorithm \"%1\"").arg(a.toString()), QStringLiteral("header.alg"));
    if (key.isNull() || !key.compatibleAlgorithms().contains(*alg))
        return Error::make(QStringLiteral("jwt.alg_key_mismatch"),
                           QStringLiteral("algorithm %1 cannot be used with this key (%2)")
                               .arg(algorithmName(*alg), key.isNull() ? QStringLiteral("no key") : key.describe()),
                           QStringLiteral("header.alg"));
    auto sig = jws::sign(*alg, key, QByteArrayView(out).first(signingInputLength));
    if (!sig.ok())
        return sig.error();
    out += base64url::encode(sig.value());
    return out;
}

} // namespace gatehouse::core::jwt
