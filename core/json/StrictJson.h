#pragma once

#include "json/StrictJsonDocument.h"

#include <QByteArray>
#include <QString>

namespace gatehouse::core::json {

// A strict RFC 8259 reader of our own: QJsonDocument silently keeps the last of duplicate member names
// and accepts some invalid input, which a token inspector must report instead. Parses the UTF-8 bytes
// directly (no QString in the hot path). Reports, each with a byte offset and a path:
//   json.syntax (fatal), json.depth (fatal), json.size (fatal), json.trailing, json.duplicate_key,
//   json.invalid_escape, json.lone_surrogate, json.invalid_utf8, json.control_character,
//   json.number_range, and the warning json.number_precision (an integer beyond 2^53; its exact text is
//   kept, see JsonRef::numberText).
// Non-fatal problems keep parsing (replacing bad text with U+FFFD) so the inspector can show the rest.
class StrictJson
{
public:
    struct Options
    {
        int maxDepth = 64;
        qsizetype maxSize = 1024 * 1024;
        QString rootPath; // prefix for issue paths, e.g. "payload"
    };

    static StrictJsonDocument parse(const QByteArray& utf8, const Options& options);
    static StrictJsonDocument parse(const QByteArray& utf8);
    // Parses into `doc`, replacing what it held, without the move of a returned document (the token
    // parser's hot path parses into the segment's own document).
    static void parseInto(StrictJsonDocument& doc, const QByteArray& utf8, const Options& options);
    // As parseInto, but `doc` reads `utf8`'s bytes in place without holding a reference to them (no
    // reference-count traffic: the token parser's hot path). The bytes must stay unchanged while `doc`
    // (or whatever it is moved into) exists; copies of `doc` take their own copy of the bytes.
    static void parseBorrowing(StrictJsonDocument& doc, const QByteArray& utf8, const Options& options);

private:
    static void clearForParse(StrictJsonDocument& doc);
};

} // namespace gatehouse::core::json
