#include "cookie/CookieHeader.h"

#include "cookie/SetCookie.h"

namespace gatehouse::core::cookie {

QList<CookiePair> parseCookieHeader(QByteArrayView header)
{
    QList<CookiePair> out;
    qsizetype pos = 0;
    while (pos <= header.size()) {
        qsizetype end = header.indexOf(';', pos);
        if (end < 0)
            end = header.size();
        const QByteArrayView part = trimWsp(header.sliced(pos, end - pos));
        pos = end + 1;
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        CookiePair p;
        if (eq < 0) {
            p.value = part.toByteArray();
        } else {
            p.name = trimWsp(part.first(eq)).toByteArray();
            p.value = trimWsp(part.sliced(eq + 1)).toByteArray();
        }
        out.append(p);
    }
    return out;
}

} // namespace gatehouse::core::cookie
