#pragma once

#include "jwt/JwtFinding.h"
#include "jwt/JwtToken.h"

#include <QList>

namespace gatehouse::core {
class Clock;
}

namespace gatehouse::core::jwt {

class JwtKey;

// The inspector's lint: findings about a parsed (possibly broken) token. With a key it also judges the
// key (HMAC secret length, RSA size); with a clock it says whether the token is expired or not yet
// valid (no leeway). Findings come in token order: structure, header, payload, key.
class JwtLinter
{
public:
    static QList<JwtFinding> lint(const JwtToken& token, const JwtKey* key = nullptr, const Clock* clock = nullptr);

    // The claim names the sensitive-claim finding looks for (lower case).
    static bool looksSensitive(const QString& claimName);
    // kid values that look like path traversal or SQL/shell injection.
    static bool kidLooksSuspicious(const QString& kid);
};

} // namespace gatehouse::core::jwt
