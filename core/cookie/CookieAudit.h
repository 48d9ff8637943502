#pragma once

#include "cookie/SetCookie.h"
#include "cookie/TokenSniffer.h"

#include <QList>
#include <QString>

namespace gatehouse::core::cookie {

enum class AuditSeverity
{
    Info,
    Low,
    Medium,
    High,
};

struct CookieFinding
{
    QString code; // stable: cookie.audit.httponly_missing, ...
    AuditSeverity severity = AuditSeverity::Info;
    QString message; // plain words
    QString rule;    // the rule or reference behind the verdict
};

struct CookieAuditReport
{
    QByteArray cookieName;
    TokenKind valueKind = TokenKind::Unknown; // a JWT or Flask session in the value, for its decoder
    bool sessionLike = false;
    QList<CookieFinding> findings;
};

// Audits a Set-Cookie as a security reviewer would. `now` (seconds since epoch) dates Expires.
// `servedOverHttps` is false when the paste shows plain HTTP; unknown callers pass true.
CookieAuditReport auditSetCookie(const SetCookie& cookie, qint64 now, bool servedOverHttps = true);
// A request cookie carries no attributes: only value-based checks (identity cookie, embedded tokens).
CookieAuditReport auditCookieValue(const QByteArray& name, const QByteArray& value);

QString severityName(AuditSeverity severity);

} // namespace gatehouse::core::cookie
