#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace gatehouse::core::cookie {

// The cookie-date algorithm of RFC 6265bis §5.1.1: tolerant of the many date shapes servers send
// ("Wed, 09 Dec 2009 16:27:23 GMT", "Mon, 10-Dec-07 20:35:03 GMT", asctime, trailing junk), strict about
// ranges (no year before 1601, no 24:00, no 31 February). Returns seconds since the Unix epoch (UTC).
std::optional<qint64> parseCookieDate(QByteArrayView text);

// IMF-fixdate (RFC 9110 §5.6.7): "Thu, 01 Jan 1970 00:00:00 GMT".
QString formatHttpDate(qint64 secondsSinceEpoch);

// Days since 1970-01-01 for a proleptic Gregorian date (no range checks).
qint64 daysFromCivil(qint64 year, unsigned month, unsigned day);

} // namespace gatehouse::core::cookie
