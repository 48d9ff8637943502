#pragma once

#include "json/StrictJsonDocument.h"

#include <QByteArray>
#include <QString>

namespace gatehouse::core::jwt {

// One dot-separated part of a compact token, as far as it could be decoded. The raw text is not copied:
// JwtToken::segmentText() returns it. `decoded` holds the strict decoding, or the lenient one (display
// only) when strict decoding failed.
struct JwtSegment
{
    enum class Kind
    {
        Header,
        Payload,
        Signature,
        Other // JWE parts or extra segments of a malformed token
    };

    // User-provided on purpose: std::vector value-initialises its elements, and a defaulted constructor
    // would make that zero-fill the whole struct (the JSON document's inline node storage included)
    // before running the member initialisers; the token parser's hot path creates three per token.
    JwtSegment() {}

    Kind kind = Kind::Other;
    QString name;                // "header", "payload", "signature", "segment 4", ...
    qsizetype offset = 0;        // of the raw text in the token as given (before trimming)
    qsizetype length = 0;        // of the raw text
    QByteArray decoded;          // the bytes (strict, or lenient if strictBase64 is false)
    bool strictBase64 = true;    // false: strict decoding failed and `decoded` is a lenient best effort
    bool lenientForgave = false; // lenient decoding had to forgive padding, '+', '/', whitespace, bits...
    bool jsonParsed = false;     // `json` holds the parse of `decoded` (header and payload only)
    // Reads `decoded`'s bytes in place (StrictJson::parseBorrowing); a copy of it owns its bytes.
    json::StrictJsonDocument json;
};

} // namespace gatehouse::core::jwt
