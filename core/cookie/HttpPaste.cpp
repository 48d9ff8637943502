#include "cookie/HttpPaste.h"

#include <QSet>

namespace gatehouse::core::cookie {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 tchar, plus ':' for HTTP/2 pseudo-header names.
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isHeaderLine(QByteArrayView line, QByteArrayView& name, QByteArrayView& value)
{
    qsizetype start = 0;
    if (line.startsWith(':'))
        start = 1; // ":status: 200"
    const qsizetype colon = line.indexOf(':', start);
    if (colon <= start)
        return false;
    for (qsizetype i = start; i < colon; ++i) {
        if (!isTokenChar(line[i]))
            return false;
    }
    name = line.first(colon);
    value = trimWsp(line.sliced(colon + 1));
    return true;
}

bool isStatusLine(QByteArrayView line)
{
    return line.startsWith("HTTP/") && line.indexOf(' ') > 0;
}

bool isRequestLine(QByteArrayView line)
{
    static const char* const methods[] = {"GET ",  "POST ",    "PUT ",     "DELETE ", "PATCH ",
                                          "HEAD ", "OPTIONS ", "CONNECT ", "TRACE "};
    for (const char* m : methods) {
        if (line.startsWith(QByteArrayView(m)))
            return line.contains(" HTTP/") || line.count(' ') == 1;
    }
    return false;
}

} // namespace

Result<HttpPaste> HttpPaste::parse(QByteArrayView text)
{
    HttpPaste paste;
    if (text.toByteArray().trimmed().isEmpty())
        return Error::make(QStringLiteral("cookie.paste.empty"), QStringLiteral("Nothing was pasted."));
    QList<QByteArrayView> lines;
    {
        qsizetype pos = 0;
        while (pos < text.size()) {
            qsizetype nl = text.indexOf('\n', pos);
            if (nl < 0)
                nl = text.size();
            QByteArrayView l = text.sliced(pos, nl - pos);
            if (l.endsWith('\r'))
                l.chop(1);
            lines.append(l);
            pos = nl + 1;
        }
    }
    bool sawRequest = false, sawResponse = false;
    bool inHeaders = true;
    qsizetype bodyStart = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArrayView line = lines[i];
        // curl -v marks request lines with "> " and response lines with "< "; "* " lines are its notes.
        if (line.startsWith("> ") || line.startsWith("< "))
            line = line.sliced(2);
        else if (line.startsWith("* ") || line == ">" || line == "<")
            continue;
        if (isStatusLine(line)) {
            paste.startLines.append(line.toByteArray());
            const auto parts = line.toByteArray().split(' ');
            bool ok = false;
            const int code = parts.size() > 1 ? parts[1].toInt(&ok) : 0;
            if (ok)
                paste.statusCodes.append(code);
            sawResponse = true;
            inHeaders = true;
            bodyStart = -1;
            continue;
        }
        if (isRequestLine(line)) {
            paste.startLines.append(line.toByteArray());
            sawRequest = true;
            inHeaders = true;
            bodyStart = -1;
            continue;
        }
        if (line.isEmpty()) {
            if (inHeaders && !paste.headers.isEmpty()) {
                inHeaders = false;
                bodyStart = i + 1;
            }
            continue;
        }
        if (!inHeaders)
            continue;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !paste.headers.isEmpty()) {
            // Obsolete line folding (RFC 9112 §5.2): a continuation of the previous field value.
            paste.headers.last().value += ' ' + trimWsp(line).toByteArray();
            continue;
        }
        QByteArrayView name, value;
        if (isHeaderLine(line, name, value)) {
            paste.headers.append(HttpHeaderLine{name.toByteArray(), value.toByteArray(), int(i + 1)});
            if (name.compare(":status", Qt::CaseInsensitive) == 0) {
                sawResponse = true;
                paste.startLines.append(line.toByteArray());
                paste.statusCodes.append(value.toByteArray().toInt());
            } else if (name.compare(":method", Qt::CaseInsensitive) == 0) {
                sawRequest = true;
                paste.startLines.append(line.toByteArray());
            }
        }
    }
    if (paste.headers.isEmpty())
        return Error::make(QStringLiteral("cookie.paste.no_headers"),
                           QStringLiteral("No HTTP header lines (Name: value) were found in the paste."));
    if (bodyStart >= 0 && bodyStart < lines.size()) {
        QList<QByteArray> body;
        for (qsizetype i = bodyStart; i < lines.size(); ++i)
            body.append(lines[i].toByteArray());
        paste.body = body.join('\n');
    }
    paste.kind = sawRequest && sawResponse ? Kind::Mixed
                 : sawRequest              ? Kind::Request
                 : sawResponse             ? Kind::Response
                                           : Kind::HeadersOnly;

    QSet<QByteArray> seenTokens;
    auto addTokens = [&](QByteArrayView value, const QString& where) {
        for (const auto& t : findTokens(value)) {
            if (seenTokens.contains(t.text))
                continue;
            seenTokens.insert(t.text);
            paste.tokens.append(PastedToken{t, where});
        }
    };
    for (const auto& h : std::as_const(paste.headers)) {
        if (h.name.compare("set-cookie", Qt::CaseInsensitive) == 0) {
            auto parsed = SetCookie::parse(h.value);
            if (parsed)
                addTokens(parsed->value, QStringLiteral("Set-Cookie %1").arg(QString::fromUtf8(parsed->name)));
            paste.setCookies.append(PastedSetCookie{h.value, std::move(parsed), h.line});
        } else if (h.name.compare("cookie", Qt::CaseInsensitive) == 0) {
            for (const auto& p : parseCookieHeader(h.value)) {
                paste.requestCookies.append(p);
                addTokens(p.value, QStringLiteral("Cookie %1").arg(QString::fromUtf8(p.name)));
            }
        } else {
            addTokens(h.value, QStringLiteral("%1 header").arg(QString::fromUtf8(h.name)));
        }
    }
    addTokens(paste.body, QStringLiteral("body"));
    return paste;
}

} // namespace gatehouse::core::cookie
