#pragma once

#include <QString>

namespace gatehouse::core::jwt {

// Plain-words names for registered JOSE header parameters (RFC 7515 §4.1) and JWT claims (RFC 7519 §4.1,
// OpenID Connect Core §2 and §5.1, RFC 8693, RFC 9068), for the inspector and `jwt decode`.
namespace claims {

// e.g. "exp" -> "Expiration time (RFC 7519 §4.1.4): the token must not be accepted on or after it".
// Empty for a private (unregistered) claim name.
QString describeClaim(const QString& name);
QString describeHeader(const QString& name);

// Whether a claim holds a NumericDate (seconds since the epoch): exp, nbf, iat, auth_time, updated_at.
bool isTimeClaim(const QString& name);

// "2026-11-26 10:00:00 UTC (in 12 min)" / "(3 h ago)". A value above 1e11 is read as seconds but flagged
// "looks like milliseconds: 2026-11-26 ... if divided by 1000" (JavaScript's Date.now()).
QString describeTime(double seconds, qint64 now);
// "12 min", "3 h 5 min", "2 days", "45 s".
QString describeDuration(qint64 seconds);

} // namespace claims
} // namespace gatehouse::core::jwt
