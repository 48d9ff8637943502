#include "json/StrictJson.h"

#include <QSet>
#include <QVarLengthArray>

#include <charconv>
#include <cmath>
#include <cstring>

namespace gatehouse::core::json {

namespace {

using Node = StrictJsonDocument::Node;

constexpr quint32 kReplacementLength = 3;
constexpr char kReplacement[] = "\xEF\xBF\xBD"; // U+FFFD

// Integers of up to 15 digits are exact in a double; longer ones are checked against 2^53.
constexpr int kExactDigits = 15;

// Member names are short: an inline loop beats a library memcmp call.
inline bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a.data()[i] != b.data()[i])
            return false;
    return true;
}

} // namespace

// The parser proper: recursive descent over bytes. Depth is capped before recursing, so the native
// stack stays bounded.
class StrictJsonParser
{
public:
    StrictJsonParser(StrictJsonDocument& doc, const StrictJson::Options& options)
        : m_doc(doc), m_options(options), m_begin(reinterpret_cast<const unsigned char*>(doc.m_input.constData())),
          m_end(m_begin + doc.m_input.size()), m_p(m_begin)
    {
    }

    void run()
    {
        if (m_doc.m_input.size() > m_options.maxSize) {
            fatal(QStringLiteral("json.size"),
                  QStringLiteral("the document is %1 bytes, more than the limit of %2")
                      .arg(m_doc.m_input.size())
                      .arg(m_options.maxSize),
                  0);
            return;
        }
        skipWs();
        if (m_p == m_end) {
            fatal(QStringLiteral("json.syntax"), QStringLiteral("the document is empty"), 0);
            return;
        }
        if (!parseValue(0)) {
            return;
        }
        skipWs();
        if (m_p != m_end) {
            issue(QStringLiteral("json.trailing"), QStringLiteral("unexpected text after the end of the JSON value"),
                  offset());
        }
    }

private:
    struct PendingKey
    {
        quint32 offset = 0;
        quint32 length = 0;
        bool inArena = false;
    };
    struct Frame
    {
        quint32 container;
        quint32 index = 0; // element index (arrays)
        PendingKey key;    // current member name (objects)
    };

    qsizetype offset() const { return m_p - m_begin; }

    void skipWs()
    {
        const unsigned char* p = m_p;
        while (p != m_end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
        m_p = p;
    }

    QString currentPath() const
    {
        QString path = m_options.rootPath;
        for (const Frame& f : m_stack) {
            const Node& c = m_doc.m_nodes[f.container];
            if (c.type == JsonType::Object) {
                const QByteArrayView k = f.key.inArena
                                             ? QByteArrayView(m_doc.m_arena.data() + f.key.offset, f.key.length)
                                             : QByteArrayView(m_doc.m_input.constData() + f.key.offset, f.key.length);
                if (!path.isEmpty())
                    path += QLatin1Char('.');
                path += QString::fromUtf8(k);
            } else {
                path += QStringLiteral("[%1]").arg(f.index);
            }
        }
        return path;
    }

    void issue(const QString& code, const QString& message, qsizetype at,
               JsonIssue::Severity severity = JsonIssue::Severity::Error)
    {
        // Cap the list: a hostile document must not make us build megabytes of messages.
        if (m_doc.m_issues.size() >= 100)
            return;
        m_doc.m_issues.append(JsonIssue{code, message, currentPath(), at, severity});
    }

    bool fatal(const QString& code, const QString& message, qsizetype at)
    {
        m_doc.m_fatal = true;
        m_doc.m_issues.append(JsonIssue{code, message, currentPath(), at, JsonIssue::Severity::Error});
        return false;
    }

    bool syntax(const QString& what)
    {
        if (m_p == m_end)
            return fatal(QStringLiteral("json.syntax"), QStringLiteral("unexpected end of the document: %1").arg(what),
                         offset());
        const unsigned char c = *m_p;
        const QString shown = (c >= 0x20 && c < 0x7F) ? QStringLiteral("'%1'").arg(QLatin1Char(char(c)))
                                                      : QStringLiteral("byte 0x%1").arg(c, 2, 16, QLatin1Char('0'));
        return fatal(QStringLiteral("json.syntax"), QStringLiteral("unexpected %1: %2").arg(shown, what), offset());
    }

    quint32 addNode(JsonType type)
    {
        m_doc.m_nodes.append(Node{});
        Node& n = m_doc.m_nodes.back();
        n.type = type;
        return quint32(m_doc.m_nodes.size() - 1);
    }

    bool parseValue(int depth)
    {
        if (m_p == m_end)
            return syntax(QStringLiteral("a value was expected"));
        switch (*m_p) {
        case '{':
            return parseObject(depth + 1);
        case '[':
            return parseArray(depth + 1);
        case '"': {
            const quint32 i = addNode(JsonType::String);
            quint32 off = 0, len = 0;
            bool arena = false;
            if (!parseString(off, len, arena))
                return false;
            Node& n = m_doc.m_nodes[i];
            n.valueOffset = off;
            n.valueLength = len;
            n.valueInArena = arena;
            n.end = i + 1;
            return true;
        }
        case 't':
            return literal("true", JsonType::True);
        case 'f':
            return literal("false", JsonType::False);
        case 'n':
            return literal("null", JsonType::Null);
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                return parseNumber();
            return syntax(QStringLiteral("a value was expected"));
        }
    }

    bool literal(const char* text, JsonType type)
    {
        const auto len = qsizetype(std::strlen(text));
        if (m_end - m_p < len || std::memcmp(m_p, text, size_t(len)) != 0)
            return syntax(QStringLiteral("a value was expected"));
        m_p += len;
        const quint32 i = addNode(type);
        m_doc.m_nodes[i].end = i + 1;
        return true;
    }

    bool parseNumber()
    {
        const unsigned char* start = m_p;
        bool negative = false;
        if (*m_p == '-') {
            negative = true;
            ++m_p;
        }
        if (m_p == m_end || !(*m_p >= '0' && *m_p <= '9'))
            return syntax(QStringLiteral("a digit was expected"));
        quint64 mantissa = 0;
        int digits = 0;
        if (*m_p == '0') {
            ++m_p;
            if (m_p != m_end && *m_p >= '0' && *m_p <= '9')
                return syntax(QStringLiteral("numbers must not have leading zeros"));
            digits = 1;
        } else {
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9') {
                if (digits < 19)
                    mantissa = mantissa * 10 + (*m_p - '0');
                ++digits;
                ++m_p;
            }
        }
        bool integer = true;
        if (m_p != m_end && *m_p == '.') {
            integer = false;
            ++m_p;
            if (m_p == m_end || !(*m_p >= '0' && *m_p <= '9'))
                return syntax(QStringLiteral("a digit was expected after the decimal point"));
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            integer = false;
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p == m_end || !(*m_p >= '0' && *m_p <= '9'))
                return syntax(QStringLiteral("a digit was expected in the exponent"));
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        const quint32 i = addNode(JsonType::Number);
        Node& n = m_doc.m_nodes[i];
        n.end = i + 1;
        n.valueOffset = quint32(start - m_begin);
        n.valueLength = quint32(m_p - start);
        if (integer && digits <= kExactDigits) {
            n.number = negative ? -double(mantissa) : double(mantissa);
            return true;
        }
        double v = 0;
        const auto r = std::from_chars(reinterpret_cast<const char*>(start), reinterpret_cast<const char*>(m_p), v);
        if (r.ec == std::errc::result_out_of_range) {
            // from_chars leaves v unchanged here; say what a reader would see.
            const bool tiny = [&] {
                for (const unsigned char* q = start; q < m_p; ++q)
                    if (*q == 'e' || *q == 'E')
                        return q + 1 < m_p && q[1] == '-';
                return false;
            }();
            v = tiny ? 0.0 : (negative ? -HUGE_VAL : HUGE_VAL);
            if (!tiny)
                issue(QStringLiteral("json.number_range"), QStringLiteral("the number is too large to be represented"),
                      qsizetype(n.valueOffset));
        }
        m_doc.m_nodes[i].number = v;
        if (integer && (digits > 19 || mantissa > 9007199254740992ULL)) {
            issue(QStringLiteral("json.number_precision"),
                  QStringLiteral("the integer is beyond 2^53 and cannot be held exactly as a double; its exact "
                                 "text is kept"),
                  qsizetype(m_doc.m_nodes[i].valueOffset), JsonIssue::Severity::Warning);
        }
        return true;
    }

    // Appends the UTF-8 encoding of a code point to the arena.
    void appendCodePoint(quint32 cp)
    {
        std::string& a = m_doc.m_arena;
        if (cp < 0x80) {
            a.push_back(char(cp));
        } else if (cp < 0x800) {
            a.push_back(char(0xC0 | (cp >> 6)));
            a.push_back(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            a.push_back(char(0xE0 | (cp >> 12)));
            a.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            a.push_back(char(0x80 | (cp & 0x3F)));
        } else {
            a.push_back(char(0xF0 | (cp >> 18)));
            a.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
            a.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            a.push_back(char(0x80 | (cp & 0x3F)));
        }
    }

    // Length of a valid UTF-8 sequence at p (lead byte >= 0x80), or 0 if invalid (overlong, surrogate,
    // beyond U+10FFFF, truncated, bad continuation).
    int utf8SequenceLength(const unsigned char* p) const
    {
        const qsizetype avail = m_end - p;
        const unsigned char c = p[0];
        auto cont = [&](int k) { return k < avail && (p[k] & 0xC0) == 0x80; };
        if (c >= 0xC2 && c <= 0xDF)
            return cont(1) ? 2 : 0;
        if (c >= 0xE0 && c <= 0xEF) {
            if (!cont(1) || !cont(2))
                return 0;
            if (c == 0xE0 && p[1] < 0xA0)
                return 0; // overlong
            if (c == 0xED && p[1] >= 0xA0)
                return 0; // UTF-16 surrogate
            return 3;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (!cont(1) || !cont(2) || !cont(3))
                return 0;
            if (c == 0xF0 && p[1] < 0x90)
                return 0; // overlong
            if (c == 0xF4 && p[1] >= 0x90)
                return 0; // beyond U+10FFFF
            return 4;
        }
        return 0; // continuation byte, C0/C1 overlong lead, F5..FF
    }

    int hex4(const unsigned char* p) const
    {
        if (m_end - p < 4)
            return -1;
        int v = 0;
        for (int k = 0; k < 4; ++k) {
            const unsigned char c = p[k];
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return -1;
            v = v * 16 + d;
        }
        return v;
    }

    // On entry m_p is at the opening quote. Clean strings stay views into the input; a string with an
    // escape or a problem is decoded into the arena.
    bool parseString(quint32& off, quint32& len, bool& inArena)
    {
        ++m_p;
        const unsigned char* start = m_p;
        // Fast scan over plain ASCII, on a local cursor (a member would be stored back every byte).
        const unsigned char* p = m_p;
        while (p != m_end) {
            const unsigned char c = *p;
            if (c == '"') {
                off = quint32(start - m_begin);
                len = quint32(p - start);
                inArena = false;
                m_p = p + 1;
                return true;
            }
            if (c == '\\' || c < 0x20)
                break;
            if (c >= 0x80) {
                const int n = utf8SequenceLength(p);
                if (n == 0)
                    break;
                p += n;
                continue;
            }
            ++p;
        }
        m_p = p;
        if (m_p == m_end)
            return fatal(QStringLiteral("json.syntax"), QStringLiteral("unterminated string"),
                         qsizetype(start - m_begin - 1));
        // Slow path: decode into the arena.
        std::string& a = m_doc.m_arena;
        const size_t arenaStart = a.size();
        a.append(reinterpret_cast<const char*>(start), size_t(m_p - start));
        while (true) {
            if (m_p == m_end)
                return fatal(QStringLiteral("json.syntax"), QStringLiteral("unterminated string"),
                             qsizetype(start - m_begin - 1));
            const unsigned char c = *m_p;
            if (c == '"') {
                ++m_p;
                break;
            }
            if (c < 0x20) {
                issue(QStringLiteral("json.control_character"),
                      QStringLiteral("control character 0x%1 must be escaped inside a string")
                          .arg(c, 2, 16, QLatin1Char('0')),
                      offset());
                a.push_back(char(c));
                ++m_p;
                continue;
            }
            if (c >= 0x80) {
                const int n = utf8SequenceLength(m_p);
                if (n == 0) {
                    issue(QStringLiteral("json.invalid_utf8"),
                          QStringLiteral("invalid UTF-8 byte 0x%1 (overlong, surrogate, beyond U+10FFFF or "
                                         "truncated sequence)")
                              .arg(c, 2, 16, QLatin1Char('0')),
                          offset());
                    a.append(kReplacement, kReplacementLength);
                    ++m_p;
                    // Skip the continuation bytes of the broken sequence so one error is reported once.
                    while (m_p != m_end && (*m_p & 0xC0) == 0x80)
                        ++m_p;
                    continue;
                }
                a.append(reinterpret_cast<const char*>(m_p), size_t(n));
                m_p += n;
                continue;
            }
            if (c != '\\') {
                a.push_back(char(c));
                ++m_p;
                continue;
            }
            const qsizetype escAt = offset();
            ++m_p;
            if (m_p == m_end)
                return fatal(QStringLiteral("json.syntax"), QStringLiteral("unterminated string"), escAt);
            const unsigned char e = *m_p++;
            switch (e) {
            case '"':
                a.push_back('"');
                break;
            case '\\':
                a.push_back('\\');
                break;
            case '/':
                a.push_back('/');
                break;
            case 'b':
                a.push_back('\b');
                break;
            case 'f':
                a.push_back('\f');
                break;
            case 'n':
                a.push_back('\n');
                break;
            case 'r':
                a.push_back('\r');
                break;
            case 't':
                a.push_back('\t');
                break;
            case 'u': {
                const int u = hex4(m_p);
                if (u < 0) {
                    issue(QStringLiteral("json.invalid_escape"),
                          QStringLiteral("\\u must be followed by four hex digits"), escAt);
                    a.append(kReplacement, kReplacementLength);
                    break;
                }
                m_p += 4;
                quint32 cp = quint32(u);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    const int low = (m_end - m_p >= 6 && m_p[0] == '\\' && m_p[1] == 'u') ? hex4(m_p + 2) : -1;
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        m_p += 6;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (quint32(low) - 0xDC00);
                    } else {
                        issue(QStringLiteral("json.lone_surrogate"),
                              QStringLiteral("\\u%1 is a high surrogate without a following low surrogate")
                                  .arg(u, 4, 16, QLatin1Char('0')),
                              escAt);
                        a.append(kReplacement, kReplacementLength);
                        break;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    issue(QStringLiteral("json.lone_surrogate"),
                          QStringLiteral("\\u%1 is a low surrogate without a preceding high surrogate")
                              .arg(u, 4, 16, QLatin1Char('0')),
                          escAt);
                    a.append(kReplacement, kReplacementLength);
                    break;
                }
                appendCodePoint(cp);
                break;
            }
            default:
                issue(QStringLiteral("json.invalid_escape"),
                      (e >= 0x20 && e < 0x7F) ? QStringLiteral("\\%1 is not a JSON escape").arg(QLatin1Char(char(e)))
                                              : QStringLiteral("a backslash followed by byte 0x%1 is not a JSON escape")
                                                    .arg(e, 2, 16, QLatin1Char('0')),
                      escAt);
                a.push_back('\\');
                if (e < 0x80) {
                    a.push_back(char(e));
                } else {
                    --m_p; // let the UTF-8 check above look at it
                }
                break;
            }
        }
        off = quint32(arenaStart);
        len = quint32(a.size() - arenaStart);
        inArena = true;
        return true;
    }

    bool isDuplicate(quint32 container, quint32 newMember)
    {
        const Node& nm = m_doc.m_nodes[newMember];
        const QByteArrayView k = m_doc.keyOf(nm);
        const Node& c = m_doc.m_nodes[container];
        if (c.count <= 32) {
            for (quint32 i = container + 1; i < newMember; i = m_doc.m_nodes[i].end) {
                if (sameBytes(m_doc.keyOf(m_doc.m_nodes[i]), k))
                    return true;
            }
            return false;
        }
        // Large objects: a set per object, built on first need.
        if (m_bigObject != container) {
            m_bigObject = container;
            m_bigKeys.clear();
            for (quint32 i = container + 1; i < newMember; i = m_doc.m_nodes[i].end)
                m_bigKeys.insert(m_doc.keyOf(m_doc.m_nodes[i]).toByteArray());
        }
        const QByteArray key = k.toByteArray();
        if (m_bigKeys.contains(key))
            return true;
        m_bigKeys.insert(key);
        return false;
    }

    bool enter(int depth)
    {
        if (depth > m_options.maxDepth)
            return fatal(QStringLiteral("json.depth"),
                         QStringLiteral("nesting deeper than %1 levels").arg(m_options.maxDepth), offset());
        return true;
    }

    bool parseObject(int depth)
    {
        if (!enter(depth))
            return false;
        const quint32 self = addNode(JsonType::Object);
        ++m_p;
        skipWs();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            m_doc.m_nodes[self].end = self + 1;
            return true;
        }
        m_stack.push_back(Frame{self, 0, {}});
        while (true) {
            if (m_p == m_end || *m_p != '"')
                return syntax(QStringLiteral("a member name in double quotes was expected"));
            const qsizetype keyAt = offset();
            quint32 koff = 0, klen = 0;
            bool karena = false;
            if (!parseString(koff, klen, karena))
                return false;
            skipWs();
            if (m_p == m_end || *m_p != ':')
                return syntax(QStringLiteral("':' was expected after a member name"));
            ++m_p;
            skipWs();
            const quint32 member = quint32(m_doc.m_nodes.size());
            // Recorded before parsing the value so issue paths inside it name it.
            m_stack.back().key = PendingKey{koff, klen, karena};
            const bool ok = parseValue(depth);
            if (m_doc.m_nodes.size() > member) {
                Node& n = m_doc.m_nodes[member];
                n.keyOffset = koff;
                n.keyLength = klen;
                n.keyInArena = karena;
            }
            if (!ok)
                return false;
            ++m_doc.m_nodes[self].count;
            if (isDuplicate(self, member))
                issue(QStringLiteral("json.duplicate_key"),
                      QStringLiteral("member name \"%1\" appears more than once (readers disagree on which one "
                                     "wins)")
                          .arg(QString::fromUtf8(m_doc.keyOf(m_doc.m_nodes[member]))),
                      keyAt);
            skipWs();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                skipWs();
                continue;
            }
            if (m_p != m_end && *m_p == '}') {
                ++m_p;
                break;
            }
            return syntax(QStringLiteral("',' or '}' was expected in an object"));
        }
        m_stack.pop_back();
        m_doc.m_nodes[self].end = quint32(m_doc.m_nodes.size());
        return true;
    }

    bool parseArray(int depth)
    {
        if (!enter(depth))
            return false;
        const quint32 self = addNode(JsonType::Array);
        ++m_p;
        skipWs();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            m_doc.m_nodes[self].end = self + 1;
            return true;
        }
        m_stack.push_back(Frame{self, 0, {}});
        while (true) {
            m_stack.back().index = m_doc.m_nodes[self].count;
            if (!parseValue(depth))
                return false;
            ++m_doc.m_nodes[self].count;
            skipWs();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                skipWs();
                continue;
            }
            if (m_p != m_end && *m_p == ']') {
                ++m_p;
                break;
            }
            return syntax(QStringLiteral("',' or ']' was expected in an array"));
        }
        m_stack.pop_back();
        m_doc.m_nodes[self].end = quint32(m_doc.m_nodes.size());
        return true;
    }

    StrictJsonDocument& m_doc;
    const StrictJson::Options& m_options;
    const unsigned char* m_begin;
    const unsigned char* m_end;
    const unsigned char* m_p;
    QVarLengthArray<Frame, 8> m_stack; // no allocation for the usual shallow documents
    quint32 m_bigObject = ~0u;
    QSet<QByteArray> m_bigKeys;
};

void StrictJson::parseInto(StrictJsonDocument& doc, const QByteArray& utf8, const Options& options)
{
    doc.m_input = utf8;
    doc.m_borrowed = false;
    clearForParse(doc);
    StrictJsonParser parser(doc, options);
    parser.run();
}

void StrictJson::parseBorrowing(StrictJsonDocument& doc, const QByteArray& utf8, const Options& options)
{
    doc.m_input = QByteArray::fromRawData(utf8.constData(), utf8.size());
    doc.m_borrowed = true;
    clearForParse(doc);
    StrictJsonParser parser(doc, options);
    parser.run();
}

void StrictJson::clearForParse(StrictJsonDocument& doc)
{
    // A fresh document (the usual case) has nothing to clear; clear() on an empty container still costs.
    if (!doc.m_arena.empty())
        doc.m_arena.clear();
    if (!doc.m_nodes.isEmpty())
        doc.m_nodes.clear();
    if (!doc.m_issues.isEmpty())
        doc.m_issues.clear();
    doc.m_fatal = false;
}

StrictJsonDocument StrictJson::parse(const QByteArray& utf8, const Options& options)
{
    StrictJsonDocument doc;
    parseInto(doc, utf8, options);
    return doc;
}

StrictJsonDocument StrictJson::parse(const QByteArray& utf8)
{
    static const Options defaults;
    return parse(utf8, defaults);
}

} // namespace gatehouse::core::json
