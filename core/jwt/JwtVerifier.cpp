#include "jwt/JwtVerifier.h"

#include "crypto/ConstantTime.h"
#include "jwt/ClaimsValidator.h"
#include "jwt/JwsSignature.h"
#include "jwt/JwtKeyPrivate.h"

#include <array>

namespace gatehouse::core::jwt {

namespace {

// Registered JWS/JWE header parameters (RFC 7515 §4.1, RFC 7516 §4.1): "crit" must not list them.
bool isRegisteredHeader(QByteArrayView name)
{
    static constexpr const char* kRegistered[] = {"alg",      "jku", "jwk", "kid",  "x5u", "x5c", "x5t",
                                                  "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk",
                                                  "apu",      "apv", "iv",  "tag",  "p2s", "p2c"};
    for (const char* r : kRegistered)
        if (name == QByteArrayView(r))
            return true;
    return false;
}

// Header "alg" bytes to Algorithm without building a QString (hot path).
std::optional<Algorithm> algorithmFromBytes(QByteArrayView name)
{
    static const auto table = [] {
        std::array<std::pair<QByteArray, Algorithm>, 13> t;
        int i = 0;
        for (Algorithm a : allSigningAlgorithms())
            if (i < 13)
                t[size_t(i++)] = {algorithmName(a).toLatin1(), a};
        return t;
    }();
    for (const auto& [n, a] : table) {
        if (n.isEmpty() || n.size() != name.size())
            continue;
        // Five bytes or so: an inline loop, not a memcmp call.
        qsizetype i = 0;
        while (i < n.size() && n.data()[i] == name.data()[i])
            ++i;
        if (i == n.size())
            return a;
    }
    return std::nullopt;
}

Error error(const char* code, const QString& message, const QString& where)
{
    return Error::make(QLatin1String(code), message, where);
}

} // namespace

JwtVerifier::JwtVerifier(const JwtKey& key, const QList<Algorithm>& allowedAlgorithms)
    : m_key(key), m_allowed(allowedAlgorithms),
      m_keyAlgorithms(key.isNull() ? QList<Algorithm>() : key.compatibleAlgorithms())
{
}

QList<Algorithm> JwtVerifier::effectiveAlgorithms() const
{
    const QList<Algorithm> compatible = m_key.isNull() ? QList<Algorithm>() : m_key.compatibleAlgorithms();
    QList<Algorithm> out;
    for (Algorithm a : m_allowed)
        if (a != Algorithm::None && compatible.contains(a) && !out.contains(a))
            out.append(a);
    return out;
}

Result<JwtToken> JwtVerifier::verify(const QByteArray& token) const
{
    return verifyAt(token, m_key, 0);
}

Result<JwtToken> JwtVerifier::verifyAt(const QByteArray& text, const JwtKey& givenKey, int depth) const
{
    JwtToken token = JwtToken::parse(text, m_parseOptions);
    if (!token.isWellFormed())
        return token.errors().first();

    // No copy of the given key on the hot path (a copy is two atomic reference count updates).
    JwtKey resolvedKey;
    const JwtKey* keyToUse = &givenKey;
    if (m_resolver) {
        auto resolved = m_resolver(token, depth);
        if (!resolved.ok())
            return Error::make(QStringLiteral("jwt.key"),
                               QStringLiteral("no key for this token: %1").arg(resolved.error().message),
                               QStringLiteral("header"));
        resolvedKey = resolved.value();
        keyToUse = &resolvedKey;
    }
    const JwtKey& key = *keyToUse;

    Algorithm alg = Algorithm::None;
    if (Status s = checkHeader(token, key, alg); !s.ok())
        return s.error();
    if (Status s = checkCrit(token); !s.ok())
        return s.error();
    if (Status s = checkSignature(token, key, alg); !s.ok())
        return s.error();

    if (token.isNested()) {
        if (depth + 1 >= m_maxNesting)
            return error("jwt.nested_depth",
                         QStringLiteral("tokens are nested more than %1 deep (cty \"JWT\")").arg(m_maxNesting),
                         QStringLiteral("header.cty"));
        // The payload of a nested token is the inner token's compact text (RFC 7519 §5.2).
        auto inner = verifyAt(token.payload().decoded, key, depth + 1);
        if (!inner.ok()) {
            Error e = inner.error();
            e.message = QStringLiteral("inner token: ") + e.message;
            e.where = QStringLiteral("payload/") + e.where;
            return e;
        }
        token.setInner(std::make_shared<const JwtToken>(std::move(inner).value()));
        return token;
    }

    if (Status s = ClaimsValidator::validate(token.payloadJson(), m_claims); !s.ok())
        return s.error();
    return token;
}

Status JwtVerifier::checkHeader(const JwtToken& token, const JwtKey& key, Algorithm& alg) const
{
    const json::JsonRef a = token.headerJson().member("alg");
    if (!a.isValid())
        return error("jwt.alg_missing", QStringLiteral("the header has no \"alg\""), QStringLiteral("header.alg"));
    if (!a.isString())
        return error("jwt.alg_type", QStringLiteral("\"alg\" must be a string, but it is a %1").arg(a.typeName()),
                     QStringLiteral("header.alg"));
    const QByteArrayView name = a.stringView();
    if (name.size() == 4 && name.compare(QByteArrayView("none"), Qt::CaseInsensitive) == 0) {
        // "None"/"NONE" are not the registered name, but they are the classic bypass attempt: name it.
        if (!m_allowUnsecured || name != QByteArrayView("none"))
            return error("jwt.alg_none",
                         QStringLiteral("the token is unsecured (alg \"%1\"): it has no signature and proves nothing "
                                        "(CVE-2015-9235, RFC 8725 §3.1)")
                             .arg(a.toString()),
                         QStringLiteral("header.alg"));
        alg = Algorithm::None;
        return {};
    }
    const auto parsed = algorithmFromBytes(name);
    if (!parsed)
        return error("jwt.alg_unknown", QStringLiteral("unknown algorithm \"%1\"").arg(a.toString()),
                     QStringLiteral("header.alg"));
    alg = *parsed;
    if (!m_allowed.contains(alg))
        return error("jwt.alg_not_allowed",
                     QStringLiteral("algorithm %1 is not in the allowed list").arg(algorithmName(alg)),
                     QStringLiteral("header.alg"));
    const bool compatible = key.d() == m_key.d() ? m_keyAlgorithms.contains(alg)
                                                 : (!key.isNull() && key.compatibleAlgorithms().contains(alg));
    if (!compatible)
        return error("jwt.alg_not_allowed",
                     QStringLiteral("algorithm %1 cannot be used with this key (%2): refusing key confusion "
                                    "(RFC 8725 §3.1)")
                         .arg(algorithmName(alg), key.isNull() ? QStringLiteral("no key") : key.describe()),
                     QStringLiteral("header.alg"));
    return {};
}

Status JwtVerifier::checkCrit(const JwtToken& token) const
{
    const json::JsonRef header = token.headerJson();
    const json::JsonRef crit = header.member("crit");
    if (!crit.isValid())
        return {};
    const QString where = QStringLiteral("header.crit");
    if (!crit.isArray())
        return error("jwt.crit_type",
                     QStringLiteral("\"crit\" must be an array of names, but it is a %1").arg(crit.typeName()), where);
    if (crit.size() == 0)
        return error("jwt.crit_empty", QStringLiteral("\"crit\" must not be an empty array (RFC 7515 §4.1.11)"), where);
    for (json::JsonRef c = crit.firstChild(); c.isValid(); c = c.nextSibling(crit)) {
        if (!c.isString())
            return error("jwt.crit_type", QStringLiteral("\"crit\" lists a %1, not a name").arg(c.typeName()), where);
        const QByteArrayView name = c.stringView();
        if (isRegisteredHeader(name))
            return error("jwt.crit_registered",
                         QStringLiteral("\"crit\" lists \"%1\", a registered header parameter it must not list")
                             .arg(c.toString()),
                         where);
        if (!header.member(name).isValid())
            return error("jwt.crit_missing",
                         QStringLiteral("\"crit\" lists \"%1\" but the header has no such parameter").arg(c.toString()),
                         where);
        if (!m_understoodCrit.contains(c.toString()))
            return error("jwt.crit_unsupported",
                         QStringLiteral("the token requires the extension \"%1\", which this verifier does not "
                                        "implement (RFC 7515 §4.1.11)")
                             .arg(c.toString()),
                         where);
    }
    return {};
}

Status JwtVerifier::checkSignature(const JwtToken& token, const JwtKey& key, Algorithm alg) const
{
    const JwtSegment& sig = token.signature();
    if (alg == Algorithm::None) {
        if (sig.length != 0)
            return error("jwt.signature_invalid",
                         QStringLiteral("an unsecured token (alg \"none\") must have an empty signature"),
                         QStringLiteral("signature"));
        return {};
    }
    if (sig.length == 0)
        return error("jwt.signature_empty", QStringLiteral("empty signature with alg %1").arg(algorithmName(alg)),
                     QStringLiteral("signature"));

    // HS fast path: the key's pads are hashed once, so a verification is two short hashes.
    if (const crypto::PrecomputedHmac* h = key.d() ? key.d()->hmacFor(alg) : nullptr) {
        if (sig.decoded.size() != h->digestSize())
            return error("jwt.signature_length",
                         QStringLiteral("an %1 signature is %2 bytes, this one is %3")
                             .arg(algorithmName(alg))
                             .arg(h->digestSize())
                             .arg(sig.decoded.size()),
                         QStringLiteral("signature"));
        if (!h->verify(token.signingInput(), sig.decoded))
            return error("jwt.signature_invalid", QStringLiteral("the signature does not match"),
                         QStringLiteral("signature"));
        return {};
    }

    const Status s = jws::verify(alg, key, token.signingInput(), sig.decoded);
    if (s.ok())
        return {};
    const QString& c = s.error().code;
    if (c == QLatin1String("jws.signature_length") || c == QLatin1String("jws.signature_range"))
        return error("jwt.signature_length", s.error().message, QStringLiteral("signature"));
    if (c == QLatin1String("jws.alg_key_mismatch"))
        return error("jwt.alg_not_allowed", s.error().message, QStringLiteral("header.alg"));
    return error("jwt.signature_invalid",
                 s.error().message.isEmpty() ? QStringLiteral("the signature does not match") : s.error().message,
                 QStringLiteral("signature"));
}

} // namespace gatehouse::core::jwt
