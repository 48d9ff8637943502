#pragma once

#include "common/Result.h"
#include "cookie/CookieHeader.h"
#include "cookie/SetCookie.h"
#include "cookie/TokenSniffer.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace gatehouse::core::cookie {

struct HttpHeaderLine
{
    QByteArray name; // as written (HTTP/2 pseudo-headers keep their ':')
    QByteArray value;
    int line = 0; // 1-based line in the paste
};

struct PastedSetCookie
{
    QByteArray header;        // the raw field value
    Result<SetCookie> parsed; // or why a browser would ignore it
    int line = 0;
};

struct PastedToken
{
    FoundToken token;
    QString where; // "Authorization header", "Set-Cookie session", "Cookie session", "body", ...
};

// One pasted HTTP exchange: what browser DevTools ("Copy response headers", "Copy as cURL" output) or
// `curl -i` / `curl -v` print. Several messages may follow each other (redirects, 100 Continue,
// request then response); all of them are read.
struct HttpPaste
{
    enum class Kind
    {
        Response,
        Request,
        HeadersOnly, // no start line (DevTools header blocks)
        Mixed,       // a request and a response
    };
    Kind kind = Kind::HeadersOnly;
    QList<QByteArray> startLines; // "HTTP/1.1 200 OK", "GET / HTTP/1.1", ":status: 200"
    QList<int> statusCodes;
    QList<HttpHeaderLine> headers;
    QByteArray body; // whatever followed the last header block
    QList<PastedSetCookie> setCookies;
    QList<CookiePair> requestCookies;
    QList<PastedToken> tokens; // each distinct token once, first place it was seen

    // Accepts CRLF or LF line ends, obsolete line folding, `curl -v` prefixes ("< ", "> "), HTTP/2
    // pseudo-headers. Fails (cookie.paste.empty / cookie.paste.no_headers) only when nothing header-like
    // is in the text.
    static Result<HttpPaste> parse(QByteArrayView text);
};

} // namespace gatehouse::core::cookie
