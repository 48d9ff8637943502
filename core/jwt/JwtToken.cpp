#include "jwt/JwtToken.h"

#include "common/Base64Url.h"
#include "json/StrictJson.h"

#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

namespace gatehouse::core::jwt {

namespace {

// A JWS's three segments are one allocation per token; under glibc's per-thread cache limit (1032 bytes)
// malloc and free take their fast path. Keep JwtSegment (and the StrictJsonDocument in it) that small.
static_assert(sizeof(void*) != 8 || sizeof(JwtSegment) * 3 <= 1032);

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const JwtSegment& emptySegment()
{
    static const JwtSegment s;
    return s;
}

qsizetype offsetFromWhere(const QString& where)
{
    // base64url errors say "offset N".
    const qsizetype space = where.lastIndexOf(QLatin1Char(' '));
    return space < 0 ? 0 : where.mid(space + 1).toLongLong();
}

} // namespace

JwtToken::JwtToken() = default;

JwtToken JwtToken::parse(const QByteArray& text)
{
    static const ParseOptions defaults;
    return parse(text, defaults);
}

JwtToken JwtToken::parse(const QByteArray& text, const ParseOptions& options)
{
    JwtToken t;
    t.m_input = text;
    if (text.size() > options.maxSize) {
        t.addError(QStringLiteral("jwt.size"),
                   QStringLiteral("the token is %1 bytes, more than the limit of %2 bytes")
                       .arg(text.size())
                       .arg(options.maxSize),
                   QStringLiteral("token"));
        return t;
    }
    t.parseSegments(options);
    return t;
}

void JwtToken::addError(const QString& code, const QString& message, const QString& where)
{
    m_errors.append(Error{code, message, where});
}

QByteArrayView JwtToken::token() const
{
    return QByteArrayView(m_input).sliced(m_begin, m_end - m_begin);
}

const JwtSegment& JwtToken::header() const
{
    return !m_segments.empty() ? m_segments[0] : emptySegment();
}

const JwtSegment& JwtToken::payload() const
{
    // A JWE's second part is an encrypted key, not a payload.
    return m_segments.size() > 1 && m_form != Form::Jwe ? m_segments[1] : emptySegment();
}

const JwtSegment& JwtToken::signature() const
{
    return m_segments.size() > 2 && m_form != Form::Jwe ? m_segments[2] : emptySegment();
}

QByteArrayView JwtToken::segmentText(const JwtSegment& segment) const
{
    if (segment.offset + segment.length > m_input.size())
        return {};
    return QByteArrayView(m_input).sliced(segment.offset, segment.length);
}

QByteArrayView JwtToken::signingInput() const
{
    if (m_segments.size() < 2)
        return {};
    const JwtSegment& p = m_segments[1];
    return QByteArrayView(m_input).sliced(m_segments[0].offset, p.offset + p.length - m_segments[0].offset);
}

QString JwtToken::algorithmText() const
{
    const json::JsonRef alg = headerJson().member("alg");
    return alg.isString() ? alg.toString() : QString();
}

void JwtToken::parseSegments(const ParseOptions& options)
{
    const char* d = m_input.constData();
    qsizetype b = 0, e = m_input.size();
    while (b < e && isSpace(d[b]))
        ++b;
    while (e > b && isSpace(d[e - 1]))
        --e;
    if (b != 0 || e != m_input.size())
        m_hadWhitespace = true;
    // "Bearer <token>" as pasted from an Authorization header (RFC 6750 §2.1).
    if (e - b > 7 && QByteArrayView(d + b, 6).compare(QByteArrayView("bearer"), Qt::CaseInsensitive) == 0 &&
        isSpace(d[b + 6])) {
        m_hadBearer = true;
        b += 6;
        while (b < e && isSpace(d[b]))
            ++b;
    }
    m_begin = b;
    m_end = e;
    if (m_hadBearer)
        addError(QStringLiteral("jwt.structure.bearer"),
                 QStringLiteral("the text starts with \"Bearer \" (an Authorization header value), not with the token"),
                 QStringLiteral("token"));
    else if (m_hadWhitespace)
        addError(QStringLiteral("jwt.structure.whitespace"), QStringLiteral("the token is surrounded by whitespace"),
                 QStringLiteral("token"));
    if (b == e) {
        addError(QStringLiteral("jwt.structure.empty"), QStringLiteral("the token is empty"), QStringLiteral("token"));
        return;
    }

    // Split on dots in one pass; a token has 2 (JWS) or 4 (JWE) of them, more only when malformed.
    QVarLengthArray<qsizetype, 8> ends;
    for (const char* q = d + b;;) {
        const char* dot = static_cast<const char*>(std::memchr(q, '.', size_t(d + e - q)));
        if (!dot)
            break;
        ends.append(dot - d);
        q = dot + 1;
    }
    ends.append(e);
    const qsizetype dots = ends.size() - 1;
    m_segments.resize(size_t(ends.size()));
    qsizetype start = b;
    for (size_t i = 0; i < m_segments.size(); ++i) {
        JwtSegment& s = m_segments[i];
        s.offset = start;
        s.length = ends[qsizetype(i)] - start;
        start = s.length + start + 1;
    }
    static const QString kJweNames[] = {QStringLiteral("header"), QStringLiteral("encrypted key"),
                                        QStringLiteral("initialization vector"), QStringLiteral("ciphertext"),
                                        QStringLiteral("authentication tag")};
    for (size_t i = 0; i < m_segments.size(); ++i) {
        JwtSegment& s = m_segments[i];
        if (dots == 4) {
            s.kind = i == 0 ? JwtSegment::Kind::Header : JwtSegment::Kind::Other;
            s.name = kJweNames[i];
        } else if (i < 3) {
            static const QString kNames[] = {QStringLiteral("header"), QStringLiteral("payload"),
                                             QStringLiteral("signature")};
            s.kind = JwtSegment::Kind(i);
            s.name = kNames[i];
        } else {
            s.name = QStringLiteral("segment %1").arg(i + 1);
        }
    }

    if (dots == 2) {
        m_form = Form::Jws;
    } else if (dots == 4) {
        m_form = Form::Jwe;
        addError(QStringLiteral("jwt.structure.jwe"),
                 QStringLiteral("5 segments: this is an encrypted token (JWE, RFC 7516), not a signed JWS; it "
                                "cannot be verified or read without the decryption key"),
                 QStringLiteral("token"));
    } else {
        addError(QStringLiteral("jwt.structure.dots"),
                 QStringLiteral("2 dots expected, found %1 (a signed token is header.payload.signature)").arg(dots),
                 QStringLiteral("token"));
    }

    // Header and payload: decode and parse what exists, so a broken token still shows its parts.
    // One allocation for every decoded segment: each segment's `decoded` is a QByteArray sharing that
    // block (its own pointer and size into it, like a slice). Each slice is followed by a '\0', so
    // constData() stays NUL-terminated; a write to a slice detaches it as for any shared QByteArray, and
    // a slice that ends up the block's sole owner only ever overwrites bytes nobody references any more.
    auto decodes = [this](const JwtSegment& s) {
        return s.length != 0 && (s.kind == JwtSegment::Kind::Header || s.kind == JwtSegment::Kind::Signature ||
                                 (m_form != Form::Jwe && s.kind == JwtSegment::Kind::Payload));
    };
    qsizetype total = 0;
    int slicesLeft = 0;
    for (const JwtSegment& s : m_segments) {
        if (decodes(s)) {
            total += std::max<qsizetype>(base64url::strictDecodedSize(s.length), 0) + 1;
            ++slicesLeft;
        }
    }
    QByteArray block;
    char* base = nullptr;
    if (total != 0) {
        block = QByteArray(total, Qt::Uninitialized);
        base = block.data();
    }
    qsizetype at = 0;
    auto decode = [&](JwtSegment& s) {
        const QByteArrayView text = segmentText(s);
        const qsizetype n = base64url::strictDecodedSize(text.size());
        --slicesLeft;
        if (n >= 0 && base64url::decodeStrictTo(text, base + at)) {
            base[at + n] = '\0';
            // A counted reference to the block; the last slice takes over the local's reference instead
            // (each reference count update is an atomic instruction on the hot path).
            QByteArray::DataPointer slice = slicesLeft == 0 ? std::move(block.data_ptr()) : block.data_ptr();
            slice.ptr = base + at;
            slice.size = n;
            s.decoded = QByteArray(std::move(slice));
        } else {
            decodeFailed(s);
        }
        at += std::max<qsizetype>(n, 0) + 1;
    };

    for (JwtSegment& s : m_segments) {
        if (s.kind == JwtSegment::Kind::Header || (m_form != Form::Jwe && s.kind == JwtSegment::Kind::Payload)) {
            if (s.length == 0) {
                addError(QStringLiteral("jwt.segment.empty"), QStringLiteral("the %1 segment is empty").arg(s.name),
                         s.name);
                continue;
            }
            decode(s);
            if (s.kind == JwtSegment::Kind::Header) {
                parseJson(s, options);
                const json::JsonRef cty = s.json.root().member("cty");
                m_nested = cty.isString() && cty.stringView().compare(QByteArrayView("JWT"), Qt::CaseInsensitive) == 0;
            } else if (!m_nested) {
                parseJson(s, options);
            }
        } else if (s.kind == JwtSegment::Kind::Signature) {
            if (s.length != 0)
                decode(s);
        }
    }
}

void JwtToken::decodeFailed(JwtSegment& s)
{
    const QByteArrayView text = segmentText(s);
    const auto strict = base64url::decodeStrict(text);
    const Error& be = strict.error();
    const qsizetype at = s.offset + offsetFromWhere(be.where);
    QString kind = be.code;
    kind.remove(0, int(qstrlen("base64url.")));
    addError(QStringLiteral("jwt.segment.base64.") + kind,
             QStringLiteral("%1 segment: %2 (at offset %3 of the token)").arg(s.name, be.message).arg(at), s.name);
    const auto lenient = base64url::decodeLenient(text);
    s.decoded = lenient.data;
    s.strictBase64 = false;
    s.lenientForgave = true;
}

void JwtToken::parseJson(JwtSegment& s, const ParseOptions& options)
{
    json::StrictJson::Options jo;
    jo.maxDepth = options.maxJsonDepth;
    jo.maxSize = options.maxSize;
    jo.rootPath = s.name;
    // The document borrows `decoded` (both live in the segment, which never changes after parsing).
    json::StrictJson::parseBorrowing(s.json, s.decoded, jo);
    s.jsonParsed = true;
    int reported = 0;
    for (const json::JsonIssue& i : s.json.issues()) {
        if (!i.isError())
            continue;
        if (++reported > 10)
            break;
        addError(i.code, QStringLiteral("%1 JSON: %2 (byte %3 of the decoded %1)").arg(s.name, i.message).arg(i.offset),
                 i.path.isEmpty() ? s.name : i.path);
    }
    if (s.json.hasValue() && !s.json.root().isObject()) {
        addError(
            QStringLiteral("jwt.segment.not_object"),
            QStringLiteral("%1 is not a JSON object (it is %2 %3)")
                .arg(s.name,
                     s.json.root().isArray() || s.json.root().isObject() ? QStringLiteral("an") : QStringLiteral("a"),
                     s.json.root().typeName()),
            s.name);
    }
}

} // namespace gatehouse::core::jwt
