// HttpPaste::parse on arbitrary bytes (a pasted HTTP request/response). Invariants: every token found is
// a substring of the input at its offset; errors carry a cookie.paste.* code.
#include "cookie/HttpPaste.h"

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core::cookie;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto paste = HttpPaste::parse(text);
    if (!paste) {
        if (!paste.error().code.startsWith(QStringLiteral("cookie.paste.")))
            __builtin_trap();
        return 0;
    }
    if (paste->headers.isEmpty())
        __builtin_trap();
    for (const auto& t : paste->tokens) {
        if (t.token.kind == TokenKind::Unknown || t.token.text.isEmpty())
            __builtin_trap();
    }
    for (const auto& t : findTokens(text)) {
        if (t.offset < 0 || t.offset + t.text.size() > text.size() || text.sliced(t.offset, t.text.size()) != t.text)
            __builtin_trap();
    }
    return 0;
}
