#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace gatehouse::core::cookie {

enum class TokenKind
{
    Unknown,
    Jwt,          // compact JWS/JWT: base64url header that decodes to a JSON object with "alg"
    FlaskSession, // itsdangerous timestamp-signed value: [.]payload.timestamp.signature
};

struct FoundToken
{
    TokenKind kind = TokenKind::Unknown;
    QByteArray text;
    qsizetype offset = -1; // in the scanned text
};

// Classifies one value (a cookie value, a bearer token). Cheap: decodes only the header or timestamp.
TokenKind sniffToken(QByteArrayView value);

// Finds JWTs and Flask session cookies anywhere in free text (headers, a JSON body, a URL).
QList<FoundToken> findTokens(QByteArrayView text);

QString tokenKindName(TokenKind kind);

} // namespace gatehouse::core::cookie
