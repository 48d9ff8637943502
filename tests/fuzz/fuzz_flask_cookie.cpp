// FlaskSession::decode and verifyFlaskSession on arbitrary bytes. Invariants: errors carry a flask.* code;
// an inflated payload never exceeds the cap (zip bombs stop early); a decoded session re-signs and
// verifies under the fuzz secret.
#include "common/Clock.h"
#include "flask/FlaskSession.h"

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core;
using namespace gatehouse::core::flask;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char*>(data), qsizetype(size));
    constexpr qint64 kCap = 64 * 1024;
    const auto decoded = FlaskSession::decode(text, kCap);
    if (!decoded) {
        if (!decoded.error().code.startsWith(QStringLiteral("flask.")))
            __builtin_trap();
        return 0;
    }
    if (decoded->json.size() > kCap || decoded->signature.size() < 20)
        __builtin_trap();
    FixedClock clock(decoded->timestamp);
    FlaskVerifyOptions vo;
    vo.clock = &clock;
    const auto v = verifyFlaskSession(text, "fuzz", vo);
    if (!v && !v.error().code.startsWith(QStringLiteral("flask.")))
        __builtin_trap();
    if (decoded->value.isObject()) {
        FlaskSignOptions so;
        so.clock = &clock;
        const auto signedCookie = signFlaskSession(decoded->value, "fuzz", so);
        if (signedCookie && !verifyFlaskSession(signedCookie.value(), "fuzz", vo))
            __builtin_trap();
    }
    return 0;
}
