#pragma once

#include "common/Result.h"
#include "jwt/JwtSegment.h"
#include "json/JsonRef.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <memory>
#include <vector>

namespace gatehouse::core::jwt {

// A compact token (RFC 7515 §7.1, "header.payload.signature") split and decoded as far as possible.
// Parsing never fails outright: a broken token keeps every part that could be read, and errors() says
// exactly which segment is wrong and why (code, plain words, where). Verification requires
// errors().isEmpty(); display and lint use whatever was decoded.
//
// Error codes: jwt.size, jwt.structure.empty, jwt.structure.whitespace, jwt.structure.bearer,
// jwt.structure.dots, jwt.structure.jwe, jwt.segment.empty, jwt.segment.base64.<padding|character|length|
// noncanonical>, jwt.segment.not_object, and the json.* codes of StrictJson (where = "payload.sub").
//
// JsonRef values returned by headerJson()/payloadJson() point into this object: do not keep them
// beyond its lifetime (moving the token is fine, the segments stay put).
class JwtToken
{
public:
    enum class Form
    {
        Malformed, // neither: wrong number of segments, empty, too large
        Jws,
        Jwe // five segments: encrypted, not signed (RFC 7516); recognised and named, not decrypted
    };

    struct ParseOptions
    {
        qsizetype maxSize = 1024 * 1024;
        int maxJsonDepth = 64;
    };

    JwtToken();
    static JwtToken parse(const QByteArray& text, const ParseOptions& options);
    static JwtToken parse(const QByteArray& text);

    bool isWellFormed() const { return m_errors.isEmpty(); }
    const QList<Error>& errors() const { return m_errors; }
    Form form() const { return m_form; }

    // The text as given, and the token inside it (without surrounding whitespace or "Bearer ").
    const QByteArray& input() const { return m_input; }
    QByteArrayView token() const;
    bool hadSurroundingWhitespace() const { return m_hadWhitespace; }
    bool hadBearerPrefix() const { return m_hadBearer; }

    // All segments found (3 for a JWS, 5 for a JWE, other counts for a malformed token).
    const std::vector<JwtSegment>& segments() const { return m_segments; }
    // Header, payload and signature; an empty segment when the token has fewer parts (and, for a JWE,
    // for payload and signature).
    const JwtSegment& header() const;
    const JwtSegment& payload() const;
    const JwtSegment& signature() const;
    QByteArrayView segmentText(const JwtSegment& segment) const;
    // "header.payload" exactly as it appears in the token: what the signature covers.
    QByteArrayView signingInput() const;

    json::JsonRef headerJson() const { return header().json.root(); }
    json::JsonRef payloadJson() const { return payload().json.root(); }
    QJsonObject headerObject() const { return header().json.toJsonObject(); }
    QJsonObject payloadObject() const { return payload().json.toJsonObject(); }

    // The header's "alg" if it is a string, else empty.
    QString algorithmText() const;
    // Header "cty" is "JWT" (case-insensitive, RFC 7519 §5.2): the payload is itself a token.
    bool isNested() const { return m_nested; }
    // The inner token of a nested JWT once the verifier has checked it (nullptr otherwise).
    const JwtToken* inner() const { return m_inner.get(); }
    void setInner(std::shared_ptr<const JwtToken> inner) { m_inner = std::move(inner); }

private:
    void parseSegments(const ParseOptions& options);
    void decodeFailed(JwtSegment& s);
    void parseJson(JwtSegment& s, const ParseOptions& options);
    void addError(const QString& code, const QString& message, const QString& where);

    QByteArray m_input;
    qsizetype m_begin = 0; // the token inside m_input
    qsizetype m_end = 0;
    Form m_form = Form::Malformed;
    bool m_hadWhitespace = false;
    bool m_hadBearer = false;
    bool m_nested = false;
    std::vector<JwtSegment> m_segments;
    QList<Error> m_errors;
    std::shared_ptr<const JwtToken> m_inner;
};

} // namespace gatehouse::core::jwt
