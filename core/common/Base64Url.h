#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::core::base64url {

// RFC 4648 §5 without padding, as JWS uses it (RFC 7515 §2).
QByteArray encode(QByteArrayView data);

// Strict decoding, the only kind used for verification: no padding, no '+' or '/', no whitespace,
// no length of 4n+1, and the unused trailing bits must be zero (canonical). Error codes:
// base64url.padding, base64url.character, base64url.length, base64url.noncanonical.
// `offset` in Error::where is the byte position of the first offending character.
Result<QByteArray> decodeStrict(QByteArrayView text);

// Fast strict decode into a caller-provided buffer (for hot paths); returns false on any strict
// violation. `out` is resized to the decoded length.
bool decodeStrictInto(QByteArrayView text, QByteArray& out);

// The strict decoded length of `n` characters, or -1 when no strict decoding exists (4n+1).
constexpr qsizetype strictDecodedSize(qsizetype n)
{
    return n % 4 == 1 ? -1 : (n / 4) * 3 + (n % 4 == 0 ? 0 : n % 4 - 1);
}
// Strict decode into raw memory of at least strictDecodedSize(text.size()) bytes (lets a caller
// decode several texts into one allocation). False on any strict violation; `out` is then garbage.
bool decodeStrictTo(QByteArrayView text, char* out);

// Lenient decoding for display only: accepts padding, the standard alphabet ('+', '/'), embedded
// whitespace and non-zero trailing bits. Reports what it had to forgive so the inspector can say so.
struct LenientDecoded
{
    QByteArray data;
    bool ok = false; // false only if nothing sensible could be decoded
    bool hadPadding = false;
    bool hadStandardAlphabet = false;
    bool hadWhitespace = false;
    bool nonCanonicalBits = false;
    bool danglingCharacter = false; // a final lone character (4n+1 length) was dropped
    qsizetype firstBadOffset = -1;  // first character that is not base64 at all
    bool isCanonical() const
    {
        return ok && firstBadOffset < 0 && !hadPadding && !hadStandardAlphabet && !hadWhitespace && !nonCanonicalBits &&
               !danglingCharacter;
    }
};
LenientDecoded decodeLenient(QByteArrayView text);

} // namespace gatehouse::core::base64url
