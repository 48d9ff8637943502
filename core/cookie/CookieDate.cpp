#include "cookie/CookieDate.h"

#include <QByteArray>
#include <QList>

namespace gatehouse::core::cookie {

namespace {

bool isDelimiter(unsigned char c)
{
    return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}

bool isDigit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

// Reads 1..maxDigits leading digits followed by end or a non-digit; returns the count consumed or 0.
int leadingDigits(QByteArrayView t, int minDigits, int maxDigits, int& value)
{
    int n = 0;
    value = 0;
    while (n < t.size() && isDigit(static_cast<unsigned char>(t[n]))) {
        if (n == maxDigits)
            return 0; // too many digits: the production wants a non-digit here
        value = value * 10 + (t[n] - '0');
        ++n;
    }
    return n >= minDigits ? n : 0;
}

bool parseTime(QByteArrayView t, int& h, int& m, int& s)
{
    int fields[3];
    qsizetype pos = 0;
    for (int i = 0; i < 3; ++i) {
        const int n = leadingDigits(t.sliced(pos), 1, 2, fields[i]);
        if (!n)
            return false;
        pos += n;
        if (i < 2) {
            if (pos >= t.size() || t[pos] != ':')
                return false;
            ++pos;
        }
    }
    // hms-time ( non-digit *OCTET ): leadingDigits already refused a third digit.
    h = fields[0];
    m = fields[1];
    s = fields[2];
    return true;
}

int parseMonth(QByteArrayView t)
{
    static const char* const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    if (t.size() < 3)
        return 0;
    char lower[3];
    for (int i = 0; i < 3; ++i) {
        const char c = t[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    }
    for (int i = 0; i < 12; ++i) {
        if (lower[0] == names[i][0] && lower[1] == names[i][1] && lower[2] == names[i][2])
            return i + 1;
    }
    return 0;
}

bool isLeap(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(qint64 y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

} // namespace

qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

std::optional<qint64> parseCookieDate(QByteArrayView text)
{
    bool foundTime = false, foundDay = false, foundMonth = false, foundYear = false;
    int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        while (i < n && isDelimiter(static_cast<unsigned char>(text[i])))
            ++i;
        const qsizetype start = i;
        while (i < n && !isDelimiter(static_cast<unsigned char>(text[i])))
            ++i;
        if (i == start)
            continue;
        const QByteArrayView token = text.sliced(start, i - start);
        int value = 0;
        if (!foundTime && parseTime(token, hour, minute, second)) {
            foundTime = true;
        } else if (!foundDay && leadingDigits(token, 1, 2, value)) {
            foundDay = true;
            day = value;
        } else if (!foundMonth && (month = parseMonth(token)) != 0) {
            foundMonth = true;
        } else if (!foundYear && leadingDigits(token, 2, 4, value)) {
            foundYear = true;
            year = value;
        }
    }
    if (foundYear) {
        if (year >= 70 && year <= 99)
            year += 1900;
        else if (year >= 0 && year <= 69)
            year += 2000;
    }
    if (!foundTime || !foundDay || !foundMonth || !foundYear)
        return std::nullopt;
    if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    if (day > daysInMonth(year, month))
        return std::nullopt;
    return daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 + second;
}

QString formatHttpDate(qint64 t)
{
    static const char* const wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char* const mn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    qint64 days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    const qint64 secs = t - days * 86400;
    const int weekday = int(((days % 7) + 7) % 7);
    // civil_from_days
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    qint64 y = static_cast<qint64>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return QStringLiteral("%1, %2 %3 %4 %5:%6:%7 GMT")
        .arg(QLatin1String(wd[weekday]))
        .arg(d, 2, 10, QLatin1Char('0'))
        .arg(QLatin1String(mn[m - 1]))
        .arg(y, 4, 10, QLatin1Char('0'))
        .arg(secs / 3600, 2, 10, QLatin1Char('0'))
        .arg((secs / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(secs % 60, 2, 10, QLatin1Char('0'));
}

} // namespace gatehouse::core::cookie
