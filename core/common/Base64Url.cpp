#include "common/Base64Url.h"

#include <array>
#include <cstring>

namespace gatehouse::core::base64url {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// 0..63 for base64url characters, 64 for '=', 65 for whitespace, 66 for '+', 67 for '/', 0xFF otherwise.
constexpr std::array<quint8, 256> makeTable()
{
    std::array<quint8, 256> t{};
    for (auto& v : t)
        v = 0xFF;
    for (int i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<quint8>(i);
    t['='] = 64;
    t[' '] = t['\t'] = t['\r'] = t['\n'] = 65;
    t['+'] = 66;
    t['/'] = 67;
    return t;
}
constexpr auto kTable = makeTable();

// Decoding tables for the strict hot loop: the value of a base64url character already shifted to its
// place in a 4-character group (18, 12, 6 or 0 bits), or kInvalid for any other byte, so a group is
// four loads and three ORs and one test catches every bad character.
constexpr quint32 kInvalid = 0x80000000u;
constexpr std::array<quint32, 256> makeShifted(int shift)
{
    std::array<quint32, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[std::size_t(c)] = kTable[std::size_t(c)] < 64 ? quint32(kTable[std::size_t(c)]) << shift : kInvalid;
    return t;
}
constexpr std::array<std::array<quint32, 256>, 4> kShifted = {makeShifted(18), makeShifted(12), makeShifted(6),
                                                              makeShifted(0)};

QString offsetText(qsizetype offset)
{
    return QStringLiteral("offset %1").arg(offset);
}

} // namespace

QByteArray encode(QByteArrayView data)
{
    const auto* in = reinterpret_cast<const unsigned char*>(data.data());
    const qsizetype n = data.size();
    QByteArray out;
    out.resize((n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1));
    char* o = out.data();
    qsizetype i = 0;
    for (; i + 3 <= n; i += 3) {
        const quint32 v = (quint32(in[i]) << 16) | (quint32(in[i + 1]) << 8) | in[i + 2];
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
        *o++ = kAlphabet[(v >> 6) & 63];
        *o++ = kAlphabet[v & 63];
    }
    if (n - i == 1) {
        const quint32 v = quint32(in[i]) << 16;
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
    } else if (n - i == 2) {
        const quint32 v = (quint32(in[i]) << 16) | (quint32(in[i + 1]) << 8);
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
        *o++ = kAlphabet[(v >> 6) & 63];
    }
    return out;
}

bool decodeStrictTo(QByteArrayView text, char* out)
{
    const qsizetype n = text.size();
    if (n % 4 == 1) {
        return false;
    }
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    auto* o = reinterpret_cast<unsigned char*>(out);
    qsizetype i = 0;
    auto group = [&](qsizetype at) {
        return kShifted[0][s[at]] | kShifted[1][s[at + 1]] | kShifted[2][s[at + 2]] | kShifted[3][s[at + 3]];
    };
    // While more input follows, a group's 3 bytes are written as one 4-byte store: the extra byte is
    // overwritten by the next group or the tail, so nothing past the decoded size is touched.
    for (; i + 4 < n; i += 4) {
        const quint32 v = group(i);
        if (v & kInvalid)
            return false;
        const quint32 be = __builtin_bswap32(v << 8);
        std::memcpy(o, &be, 4);
        o += 3;
    }
    if (i + 4 == n) {
        const quint32 v = group(i);
        if (v & kInvalid)
            return false;
        *o++ = static_cast<unsigned char>(v >> 16);
        *o++ = static_cast<unsigned char>(v >> 8);
        *o++ = static_cast<unsigned char>(v);
        i += 4;
    }
    const qsizetype rest = n - i;
    if (rest == 2) {
        const quint32 a = kTable[s[i]], b = kTable[s[i + 1]];
        if (((a | b) & 0xC0) || (b & 0x0F)) {
            return false;
        }
        *o++ = static_cast<unsigned char>((a << 2) | (b >> 4));
    } else if (rest == 3) {
        const quint32 a = kTable[s[i]], b = kTable[s[i + 1]], c = kTable[s[i + 2]];
        if (((a | b | c) & 0xC0) || (c & 0x03)) {
            return false;
        }
        *o++ = static_cast<unsigned char>((a << 2) | (b >> 4));
        *o++ = static_cast<unsigned char>((b << 4) | (c >> 2));
    }
    return true;
}

bool decodeStrictInto(QByteArrayView text, QByteArray& out)
{
    const qsizetype size = strictDecodedSize(text.size());
    if (size < 0) {
        return false;
    }
    out.resize(size);
    return decodeStrictTo(text, out.data());
}

Result<QByteArray> decodeStrict(QByteArrayView text)
{
    QByteArray out;
    if (decodeStrictInto(text, out)) {
        return out;
    }
    // Slow path: say exactly what is wrong and where.
    for (qsizetype i = 0; i < text.size(); ++i) {
        const quint8 v = kTable[static_cast<unsigned char>(text[i])];
        if (v == 64) {
            return Error::make(QStringLiteral("base64url.padding"),
                               QStringLiteral("'=' padding is not allowed in base64url (RFC 7515 §2)"), offsetText(i));
        }
        if (v == 65) {
            return Error::make(QStringLiteral("base64url.character"),
                               QStringLiteral("whitespace is not allowed inside base64url"), offsetText(i));
        }
        if (v == 66 || v == 67) {
            return Error::make(QStringLiteral("base64url.character"),
                               QStringLiteral("'%1' belongs to standard base64, not base64url (use '%2')")
                                   .arg(QString(QLatin1Char(text[i])), QString(QLatin1Char(v == 66 ? '-' : '_'))),
                               offsetText(i));
        }
        if (v == 0xFF) {
            const auto c = static_cast<unsigned char>(text[i]);
            const QString shown = (c >= 0x20 && c < 0x7F) ? QStringLiteral("'%1'").arg(QLatin1Char(char(c)))
                                                          : QStringLiteral("byte 0x%1").arg(c, 2, 16, QLatin1Char('0'));
            return Error::make(QStringLiteral("base64url.character"),
                               QStringLiteral("%1 is not a base64url character").arg(shown), offsetText(i));
        }
    }
    if (text.size() % 4 == 1) {
        return Error::make(QStringLiteral("base64url.length"),
                           QStringLiteral("a base64url text of length 4n+1 (%1) cannot be decoded: a character is "
                                          "missing or extra")
                               .arg(text.size()),
                           offsetText(text.size() - 1));
    }
    return Error::make(QStringLiteral("base64url.noncanonical"),
                       QStringLiteral("the last character carries non-zero unused bits (non-canonical encoding: "
                                      "another text decodes to the same bytes)"),
                       offsetText(text.size() - 1));
}

LenientDecoded decodeLenient(QByteArrayView text)
{
    LenientDecoded r;
    QByteArray sextets;
    sextets.reserve(text.size());
    bool sawPadding = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        quint8 v = kTable[static_cast<unsigned char>(text[i])];
        if (v == 64) {
            r.hadPadding = true;
            sawPadding = true;
            continue;
        }
        if (v == 65) {
            r.hadWhitespace = true;
            continue;
        }
        if (v == 66 || v == 67) {
            r.hadStandardAlphabet = true;
            v = (v == 66) ? 62 : 63;
        }
        if (v == 0xFF) {
            if (r.firstBadOffset < 0) {
                r.firstBadOffset = i;
            }
            continue;
        }
        if (sawPadding) {
            r.hadPadding = true; // data after padding: treat as forgiven concatenation
        }
        sextets.append(char(v));
    }
    if (sextets.size() % 4 == 1) {
        r.danglingCharacter = true;
        sextets.chop(1);
    }
    const qsizetype n = sextets.size();
    r.data.reserve(n * 3 / 4);
    qsizetype i = 0;
    const auto* s = reinterpret_cast<const unsigned char*>(sextets.constData());
    for (; i + 4 <= n; i += 4) {
        const quint32 v = (quint32(s[i]) << 18) | (quint32(s[i + 1]) << 12) | (quint32(s[i + 2]) << 6) | s[i + 3];
        r.data.append(char(v >> 16));
        r.data.append(char(v >> 8));
        r.data.append(char(v));
    }
    if (n - i == 2) {
        r.nonCanonicalBits = (s[i + 1] & 0x0F) != 0;
        r.data.append(char((s[i] << 2) | (s[i + 1] >> 4)));
    } else if (n - i == 3) {
        r.nonCanonicalBits = (s[i + 2] & 0x03) != 0;
        r.data.append(char((s[i] << 2) | (s[i + 1] >> 4)));
        r.data.append(char((s[i + 1] << 4) | (s[i + 2] >> 2)));
    }
    r.ok = r.firstBadOffset < 0 || !r.data.isEmpty();
    return r;
}

} // namespace gatehouse::core::base64url
