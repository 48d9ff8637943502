// SetCookie::parse on arbitrary bytes, then storage and retrieval in a CookieStore, the audit and the
// cookie-date parser. Invariants: rejections carry a cookie.* code; an accepted cookie respects the
// 4096-octet name+value limit; the store never returns a cookie for the wrong host.
#include "common/Clock.h"
#include "cookie/CookieAudit.h"
#include "cookie/CookieDate.h"
#include "cookie/CookieStore.h"
#include "cookie/SetCookie.h"

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core;
using namespace gatehouse::core::cookie;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)parseCookieDate(text);
    const auto parsed = SetCookie::parse(text);
    if (!parsed) {
        if (!parsed.error().code.startsWith(QStringLiteral("cookie.setcookie.")) || parsed.error().message.isEmpty())
            __builtin_trap();
        return 0;
    }
    const SetCookie& c = parsed.value();
    if (c.name.size() + c.value.size() > SetCookie::kMaxNameValueOctets)
        __builtin_trap();
    if (c.name.isEmpty() && c.value.isEmpty())
        __builtin_trap();
    FixedClock clock(1764115200);
    CookieStore store(clock);
    const QUrl from(QStringLiteral("https://app.example.com/a/b"));
    const auto st = store.setCookie(from, c);
    if (!st && !st.error().code.startsWith(QStringLiteral("cookie.store.")))
        __builtin_trap();
    if (!store.cookiesFor(QUrl(QStringLiteral("https://other.example.net/"))).isEmpty())
        __builtin_trap();
    (void)store.cookieHeaderFor(from);
    const auto report = auditSetCookie(c, clock.nowSeconds());
    for (const auto& f : report.findings) {
        if (f.code.isEmpty() || f.rule.isEmpty())
            __builtin_trap();
    }
    return 0;
}
