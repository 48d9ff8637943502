// gatehouse-cli cookie parse | audit: Set-Cookie lines, Cookie headers and whole pasted HTTP messages.
#include "commands/Groups.h"

#include "common/Clock.h"
#include "cookie/CookieAudit.h"
#include "cookie/CookieDate.h"
#include "cookie/HttpPaste.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::cookie;

namespace {

QString sameSiteName(SameSite s)
{
    switch (s) {
    case SameSite::Strict:
        return QStringLiteral("Strict");
    case SameSite::Lax:
        return QStringLiteral("Lax");
    case SameSite::None:
        return QStringLiteral("None");
    case SameSite::Invalid:
        return QStringLiteral("invalid");
    case SameSite::Unset:
        break;
    }
    return QString();
}

// A bare "name=value; attrs" line is read as one Set-Cookie; anything with header lines as a paste.
Result<HttpPaste> readPaste(const QByteArray& input)
{
    auto paste = HttpPaste::parse(input);
    if (paste || paste.error().code == QLatin1String("cookie.paste.empty"))
        return paste;
    return HttpPaste::parse("Set-Cookie: " + input.trimmed());
}

// The opening cookie parse and audit share: the pasted input as a parsed paste, or std::nullopt with
// `exitCode` to return.
std::optional<HttpPaste> pasteFromCommand(const QStringList& args, const CliIo& io, const QString& usage,
                                          const QString& description, bool& json, int& exitCode)
{
    QCommandLineParser parser;
    addInputOptions(parser, QStringLiteral("Set-Cookie line, Cookie header or pasted HTTP message"));
    const auto input = parseCommandWithInput(parser, args, io, usage, description, exitCode);
    if (!input)
        return std::nullopt;
    json = input->json;
    auto paste = readPaste(input->data);
    if (printFailure(io, paste, json)) {
        exitCode = ExitBadInput;
        return std::nullopt;
    }
    return std::move(paste).value();
}

QJsonObject setCookieJson(const SetCookie& c, qint64 now)
{
    QJsonObject o{{QStringLiteral("name"), QString::fromUtf8(c.name)},
                  {QStringLiteral("value"), QString::fromUtf8(c.value)},
                  {QStringLiteral("secure"), c.secure},
                  {QStringLiteral("httpOnly"), c.httpOnly}};
    if (c.domain)
        o.insert(QStringLiteral("domain"), QString::fromUtf8(*c.domain));
    if (c.path)
        o.insert(QStringLiteral("path"), QString::fromUtf8(*c.path));
    if (c.sameSite != SameSite::Unset)
        o.insert(QStringLiteral("sameSite"), sameSiteName(c.sameSite));
    if (c.maxAge)
        o.insert(QStringLiteral("maxAge"), *c.maxAge);
    if (c.expires)
        o.insert(QStringLiteral("expires"), formatHttpDate(*c.expires));
    if (const auto life = c.lifetimeFrom(now))
        o.insert(QStringLiteral("lifetimeSeconds"), *life);
    QJsonArray ignored;
    for (const auto& a : c.attributes) {
        if (a.ignored)
            ignored.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(a.name)},
                                       {QStringLiteral("reason"), a.ignoredReason}});
    }
    if (!ignored.isEmpty())
        o.insert(QStringLiteral("ignoredAttributes"), ignored);
    return o;
}

QJsonArray tokensJson(const HttpPaste& p)
{
    QJsonArray tokens;
    for (const auto& t : p.tokens)
        tokens.append(QJsonObject{{QStringLiteral("kind"), tokenKindName(t.token.kind)},
                                  {QStringLiteral("where"), t.where},
                                  {QStringLiteral("token"), QString::fromUtf8(t.token.text)}});
    return tokens;
}

int runParse(const QStringList& args, const CliIo& io)
{
    bool json = false;
    int exitCode = ExitOk;
    const auto paste =
        pasteFromCommand(args, io, QStringLiteral("cookie parse"),
                         QStringLiteral("Parse cookies (RFC 6265bis) and find every JWT and Flask session in a "
                                        "Set-Cookie line or a pasted HTTP request/response."),
                         json, exitCode);
    if (!paste)
        return exitCode;
    const qint64 now = SystemClock::instance().nowSeconds();
    if (json) {
        QJsonArray setCookies, cookies;
        for (const auto& sc : paste->setCookies) {
            if (sc.parsed)
                setCookies.append(setCookieJson(sc.parsed.value(), now));
            else
                setCookies.append(QJsonObject{{QStringLiteral("header"), QString::fromUtf8(sc.header)},
                                              {QStringLiteral("error"), errorToJson(sc.parsed.error())}});
        }
        for (const auto& c : paste->requestCookies)
            cookies.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(c.name)},
                                       {QStringLiteral("value"), QString::fromUtf8(c.value)}});
        io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), true},
                                               {QStringLiteral("setCookies"), setCookies},
                                               {QStringLiteral("cookies"), cookies},
                                               {QStringLiteral("tokens"), tokensJson(*paste)}})
                         .toJson(QJsonDocument::Compact));
        return ExitOk;
    }
    for (const auto& sc : paste->setCookies) {
        if (!sc.parsed) {
            io.println(QStringLiteral("Set-Cookie (ignored by browsers): %1 [%2]")
                           .arg(sc.parsed.error().message, sc.parsed.error().code));
            continue;
        }
        const auto& c = sc.parsed.value();
        io.println(QStringLiteral("Set-Cookie %1 = %2").arg(QString::fromUtf8(c.name), QString::fromUtf8(c.value)));
        QStringList attrs;
        if (c.domain)
            attrs << QStringLiteral("Domain=%1").arg(QString::fromUtf8(*c.domain));
        if (c.path)
            attrs << QStringLiteral("Path=%1").arg(QString::fromUtf8(*c.path));
        if (c.secure)
            attrs << QStringLiteral("Secure");
        if (c.httpOnly)
            attrs << QStringLiteral("HttpOnly");
        if (c.sameSite != SameSite::Unset)
            attrs << QStringLiteral("SameSite=%1").arg(sameSiteName(c.sameSite));
        if (const auto life = c.lifetimeFrom(now))
            attrs << QStringLiteral("lifetime %1 s").arg(*life);
        else
            attrs << QStringLiteral("session cookie");
        io.println(QStringLiteral("  ") + attrs.join(QStringLiteral(", ")));
        for (const auto& a : c.attributes) {
            if (a.ignored)
                io.println(QStringLiteral("  ignored %1: %2").arg(QString::fromUtf8(a.name), a.ignoredReason));
        }
    }
    for (const auto& c : paste->requestCookies)
        io.println(QStringLiteral("Cookie %1 = %2").arg(QString::fromUtf8(c.name), QString::fromUtf8(c.value)));
    for (const auto& t : paste->tokens)
        io.println(QStringLiteral("Found %1 in %2: %3")
                       .arg(tokenKindName(t.token.kind), t.where, QString::fromUtf8(t.token.text)));
    return ExitOk;
}

int runAudit(const QStringList& args, const CliIo& io)
{
    bool json = false;
    int exitCode = ExitOk;
    const auto paste = pasteFromCommand(args, io, QStringLiteral("cookie audit"),
                                        QStringLiteral("Audit cookies: each verdict in plain words with the rule "
                                                       "behind it. Exit 1 when a high-severity finding is present."),
                                        json, exitCode);
    if (!paste)
        return exitCode;
    const qint64 now = SystemClock::instance().nowSeconds();
    bool overHttps = true;
    for (const auto& h : paste->headers) {
        if (h.name.compare("location", Qt::CaseInsensitive) == 0 && h.value.startsWith("http://"))
            overHttps = false;
    }
    QList<CookieAuditReport> reports;
    for (const auto& sc : paste->setCookies) {
        if (sc.parsed)
            reports.append(auditSetCookie(sc.parsed.value(), now, overHttps));
    }
    for (const auto& c : paste->requestCookies)
        reports.append(auditCookieValue(c.name, c.value));
    bool high = false;
    QJsonArray out;
    for (const auto& r : reports) {
        QJsonArray findings;
        if (!json)
            io.println(
                QStringLiteral("Cookie %1%2:")
                    .arg(QString::fromUtf8(r.cookieName), r.valueKind != TokenKind::Unknown
                                                              ? QStringLiteral(" (%1)").arg(tokenKindName(r.valueKind))
                                                              : QString()));
        for (const auto& f : r.findings) {
            high = high || f.severity == AuditSeverity::High;
            if (json)
                findings.append(QJsonObject{{QStringLiteral("code"), f.code},
                                            {QStringLiteral("severity"), severityName(f.severity)},
                                            {QStringLiteral("message"), f.message},
                                            {QStringLiteral("rule"), f.rule}});
            else
                io.println(
                    QStringLiteral("  [%1] %2\n         rule: %3").arg(severityName(f.severity), f.message, f.rule));
        }
        if (!json && r.findings.isEmpty())
            io.println(QStringLiteral("  no findings"));
        out.append(QJsonObject{{QStringLiteral("cookie"), QString::fromUtf8(r.cookieName)},
                               {QStringLiteral("valueKind"), tokenKindName(r.valueKind)},
                               {QStringLiteral("findings"), findings}});
    }
    for (const auto& sc : paste->setCookies) {
        if (!sc.parsed && !json)
            io.println(QStringLiteral("A Set-Cookie line browsers ignore: %1 [%2]")
                           .arg(sc.parsed.error().message, sc.parsed.error().code));
    }
    if (json)
        io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), true},
                                               {QStringLiteral("cookies"), out},
                                               {QStringLiteral("tokens"), tokensJson(*paste)}})
                         .toJson(QJsonDocument::Compact));
    return high ? ExitNegative : ExitOk;
}

} // namespace

CommandGroup cookieGroup()
{
    return {QStringLiteral("cookie"),
            QStringLiteral("Cookies: parse Set-Cookie/Cookie/pasted HTTP, audit them."),
            {{QStringLiteral("parse"), QStringLiteral("Parse cookies and find tokens."), runParse},
             {QStringLiteral("audit"), QStringLiteral("Audit cookie security."), runAudit}}};
}

} // namespace gatehouse::cli
