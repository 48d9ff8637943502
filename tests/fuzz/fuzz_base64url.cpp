// base64url strict and lenient decoding: no crash, and wherever strict decoding succeeds the lenient
// decoder agrees, reports nothing forgiven, and encoding gives the input back (canonical form).
#include "common/Base64Url.h"

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto strict = base64url::decodeStrict(text);
    const auto lenient = base64url::decodeLenient(text);
    QByteArray fast;
    const bool fastOk = base64url::decodeStrictInto(text, fast);
    if (fastOk != strict.ok())
        __builtin_trap();
    if (strict.ok()) {
        if (fast != strict.value())
            __builtin_trap();
        if (!lenient.isCanonical() || lenient.data != strict.value())
            __builtin_trap();
        if (base64url::encode(strict.value()) != text)
            __builtin_trap();
    } else {
        if (strict.error().code.isEmpty() || !strict.error().where.startsWith(QLatin1String("offset ")))
            __builtin_trap();
        // Whatever strict refused, lenient must have had to forgive or skip something. (isCanonical()
        // does not look at firstBadOffset, hence both.)
        if (lenient.isCanonical() && lenient.firstBadOffset < 0)
            __builtin_trap();
    }
    // Round trip of arbitrary bytes.
    const QByteArray encoded = base64url::encode(text);
    const auto back = base64url::decodeStrict(encoded);
    if (!back.ok() || back.value() != text)
        __builtin_trap();
    return 0;
}
