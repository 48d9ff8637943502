// The token parser on hostile input, followed by everything that reads its result: JSON conversion,
// lint and a full verification (HS256 key, unsecured allowed so the claims code is reached too).
#include "common/Clock.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtLinter.h"
#include "jwt/JwtVerifier.h"

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const JwtKey key = JwtKey::fromHmacSecret(QByteArray(32, 'f')).value();
    static const FixedClock clock(1700000000);
    const QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));

    const JwtToken t = JwtToken::parse(text);
    for (const Error& e : t.errors())
        if (e.code.isEmpty() || e.message.isEmpty())
            __builtin_trap(); // every problem is named and explained
    if (t.isWellFormed() && t.form() != JwtToken::Form::Jws)
        __builtin_trap();
    for (const JwtSegment& s : t.segments())
        if (t.segmentText(s).size() != s.length)
            __builtin_trap();
    (void)t.headerObject();
    (void)t.payloadObject();
    (void)t.signingInput();
    (void)JwtLinter::lint(t, &key, &clock);

    JwtVerifier v(key, {Algorithm::HS256, Algorithm::HS512});
    ClaimRequirements req;
    req.clock = &clock;
    v.setClaimRequirements(req);
    v.setAllowUnsecured(true);
    const auto r = v.verify(text);
    if (r.ok() && !t.isWellFormed())
        __builtin_trap(); // the verifier never accepts what the parser found broken
    if (!r.ok() && r.error().code.isEmpty())
        __builtin_trap();
    return 0;
}
