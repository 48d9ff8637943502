#include "jwt/JwtAlgorithm.h"

#include <array>

namespace gatehouse::core::jwt {

namespace {
struct AlgorithmInfo
{
    Algorithm algorithm;
    const char* name;
    KeyKind kind;
};

constexpr std::array<AlgorithmInfo, 14> kAlgorithms{{
    {Algorithm::None, "none", KeyKind::None},
    {Algorithm::HS256, "HS256", KeyKind::Hmac},
    {Algorithm::HS384, "HS384", KeyKind::Hmac},
    {Algorithm::HS512, "HS512", KeyKind::Hmac},
    {Algorithm::RS256, "RS256", KeyKind::Rsa},
    {Algorithm::RS384, "RS384", KeyKind::Rsa},
    {Algorithm::RS512, "RS512", KeyKind::Rsa},
    {Algorithm::PS256, "PS256", KeyKind::Rsa},
    {Algorithm::PS384, "PS384", KeyKind::Rsa},
    {Algorithm::PS512, "PS512", KeyKind::Rsa},
    {Algorithm::ES256, "ES256", KeyKind::Ec},
    {Algorithm::ES384, "ES384", KeyKind::Ec},
    {Algorithm::ES512, "ES512", KeyKind::Ec},
    {Algorithm::EdDSA, "EdDSA", KeyKind::Ed25519},
}};
} // namespace

QString algorithmName(Algorithm a)
{
    for (const auto& info : kAlgorithms) {
        if (info.algorithm == a)
            return QLatin1String(info.name);
    }
    return {};
}

std::optional<Algorithm> algorithmFromName(const QString& name)
{
    for (const auto& info : kAlgorithms) {
        if (name == QLatin1String(info.name))
            return info.algorithm;
    }
    return std::nullopt;
}

KeyKind keyKindFor(Algorithm a)
{
    for (const auto& info : kAlgorithms) {
        if (info.algorithm == a)
            return info.kind;
    }
    return KeyKind::None;
}

QList<Algorithm> allSigningAlgorithms()
{
    QList<Algorithm> all;
    for (const auto& info : kAlgorithms) {
        if (info.algorithm != Algorithm::None)
            all.append(info.algorithm);
    }
    return all;
}

} // namespace gatehouse::core::jwt
