#include "cookie/TokenSniffer.h"

#include "common/Base64Url.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::core::cookie {

namespace {

bool isB64Url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool looksLikeJwt(QByteArrayView v)
{
    const auto parts = v.toByteArray().split('.');
    if (parts.size() != 3 && parts.size() != 5)
        return false;
    const auto header = base64url::decodeLenient(parts[0]);
    if (!header.ok || header.data.isEmpty() || header.data[0] != '{')
        return false;
    const QJsonDocument doc = QJsonDocument::fromJson(header.data);
    return doc.isObject() && doc.object().contains(QStringLiteral("alg"));
}

bool looksLikeFlask(QByteArrayView v)
{
    QByteArrayView body = v;
    const bool compressed = body.startsWith('.');
    if (compressed)
        body = body.sliced(1);
    const auto parts = body.toByteArray().split('.');
    if (parts.size() != 3 || parts[0].isEmpty())
        return false;
    const auto& ts = parts[1];
    const auto& sig = parts[2];
    // itsdangerous: the timestamp is a 4..8-byte big-endian integer; the signature is a SHA-1 (27 chars)
    // or SHA-256/512 (43/86 chars) HMAC in base64url.
    if (ts.size() < 5 || ts.size() > 11)
        return false;
    if (sig.size() != 27 && sig.size() != 43 && sig.size() != 86)
        return false;
    if (compressed)
        return parts[0].startsWith("eJ");
    const auto payload = base64url::decodeLenient(parts[0].left(8));
    return payload.ok && !payload.data.isEmpty() &&
           (payload.data[0] == '{' || payload.data[0] == '[' || payload.data[0] == '"');
}

} // namespace

TokenKind sniffToken(QByteArrayView value)
{
    for (const char c : value) {
        if (!isB64Url(c) && c != '.')
            return TokenKind::Unknown;
    }
    if (looksLikeJwt(value))
        return TokenKind::Jwt;
    if (looksLikeFlask(value))
        return TokenKind::FlaskSession;
    return TokenKind::Unknown;
}

QList<FoundToken> findTokens(QByteArrayView text)
{
    QList<FoundToken> out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (!isB64Url(text[i]) && text[i] != '.') {
            ++i;
            continue;
        }
        const qsizetype start = i;
        while (i < n && (isB64Url(text[i]) || text[i] == '.'))
            ++i;
        QByteArrayView run = text.sliced(start, i - start);
        qsizetype off = start;
        // A sentence's full stop is not part of a token; a Flask cookie's leading '.' is.
        while (run.endsWith('.'))
            run.chop(1);
        while (run.startsWith("..")) {
            run = run.sliced(1);
            ++off;
        }
        if (run.size() < 20 || !run.contains('.'))
            continue;
        const TokenKind kind = sniffToken(run);
        if (kind != TokenKind::Unknown)
            out.append(FoundToken{kind, run.toByteArray(), off});
    }
    return out;
}

QString tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Jwt:
        return QStringLiteral("jwt");
    case TokenKind::FlaskSession:
        return QStringLiteral("flask-session");
    case TokenKind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

} // namespace gatehouse::core::cookie
