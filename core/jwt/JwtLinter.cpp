#include "jwt/JwtLinter.h"

#include "common/Clock.h"
#include "jwt/JwtAlgorithm.h"
#include "jwt/JwtKey.h"

#include <QRegularExpression>

#include <cmath>

namespace gatehouse::core::jwt {

namespace {

// Above this a NumericDate is almost certainly milliseconds (1e11 s is the year 5138).
constexpr double kMillisecondsThreshold = 1e11;
constexpr qint64 kDay = 24 * 3600;

int hashBitsFor(Algorithm a)
{
    switch (a) {
    case Algorithm::HS384:
        return 384;
    case Algorithm::HS512:
        return 512;
    default:
        return 256;
    }
}

} // namespace

bool JwtLinter::looksSensitive(const QString& claimName)
{
    const QString n = claimName.toLower();
    static const QStringList kContains = {
        QStringLiteral("password"),    QStringLiteral("passwd"),     QStringLiteral("secret"),
        QStringLiteral("private_key"), QStringLiteral("privatekey"), QStringLiteral("api_key"),
        QStringLiteral("apikey"),      QStringLiteral("creditcard"), QStringLiteral("credit_card"),
        QStringLiteral("card_number"), QStringLiteral("cardnumber"), QStringLiteral("passphrase")};
    for (const QString& s : kContains)
        if (n.contains(s))
            return true;
    // Short names only as whole words ("pin", not "shipping").
    static const QStringList kWords = {QStringLiteral("pwd"), QStringLiteral("pass"), QStringLiteral("card"),
                                       QStringLiteral("cc"),  QStringLiteral("ssn"),  QStringLiteral("cvv"),
                                       QStringLiteral("cvc"), QStringLiteral("pin"),  QStringLiteral("iban")};
    static const QRegularExpression split(QStringLiteral("[^a-z0-9]+"));
    for (const QString& w : n.split(split, Qt::SkipEmptyParts))
        if (kWords.contains(w))
            return true;
    return false;
}

bool JwtLinter::kidLooksSuspicious(const QString& kid)
{
    static const QRegularExpression re(QStringLiteral(R"(\.\.|[/\\'"`;|$<>\x00]|--|\s)"));
    return re.match(kid).hasMatch();
}

QList<JwtFinding> JwtLinter::lint(const JwtToken& token, const JwtKey* key, const Clock* clock)
{
    QList<JwtFinding> out;

    // Structure: base64url forgiven and duplicate names get their own findings; other parse errors are
    // reported as they are.
    for (const Error& e : token.errors()) {
        if (e.code.startsWith(QLatin1String("jwt.segment.base64.")) || e.code == QLatin1String("json.duplicate_key"))
            continue;
        out.append(JwtFinding::malformed(e.code, e.message, e.where));
    }
    for (const JwtSegment& s : token.segments()) {
        if (s.lenientForgave)
            out.append(JwtFinding::nonCanonicalBase64(s.name));
        for (const json::JsonIssue& i : s.json.issues())
            if (i.code == QLatin1String("json.duplicate_key"))
                out.append(JwtFinding::duplicateKey(i.path));
    }

    // Header.
    const json::JsonRef header = token.headerJson();
    std::optional<Algorithm> alg;
    if (header.isObject()) {
        const json::JsonRef a = header.member("alg");
        if (!a.isValid()) {
            out.append(JwtFinding::algMissing());
        } else if (!a.isString()) {
            out.append(JwtFinding::algUnknown(a.typeName()));
        } else if (a.stringView().compare(QByteArrayView("none"), Qt::CaseInsensitive) == 0) {
            out.append(JwtFinding::algNone(a.toString()));
        } else {
            alg = algorithmFromName(a.toString());
            if (!alg)
                out.append(JwtFinding::algUnknown(a.toString()));
        }
        const json::JsonRef typ = header.member("typ");
        if (typ.isValid()) {
            const QString t = typ.isString() ? typ.toString() : typ.typeName();
            const QString lower = t.toLower();
            if (!typ.isString() ||
                !(lower == QLatin1String("jwt") || lower == QLatin1String("jose") ||
                  lower.endsWith(QLatin1String("+jwt")) || lower == QLatin1String("application/jwt")))
                out.append(JwtFinding::typUnusual(t));
        }
        const json::JsonRef kid = header.member("kid");
        if (kid.isValid())
            out.append(JwtFinding::kid(!kid.isString() || kidLooksSuspicious(kid.toString())));
        if (header.member("jku").isValid())
            out.append(JwtFinding::jku());
        if (header.member("x5u").isValid())
            out.append(JwtFinding::x5u());
        if (header.member("jwk").isValid())
            out.append(JwtFinding::embeddedJwk());
        if (header.member("crit").isValid())
            out.append(JwtFinding::unsupportedCritical(QStringLiteral("header.crit")));
    }

    // Payload claims.
    const json::JsonRef payload = token.payloadJson();
    if (payload.isObject()) {
        const json::JsonRef exp = payload.member("exp");
        const json::JsonRef iat = payload.member("iat");
        const json::JsonRef nbf = payload.member("nbf");
        if (!exp.isValid())
            out.append(JwtFinding::noExpiry());
        for (const auto& [name, v] : {std::pair{QStringLiteral("exp"), exp}, std::pair{QStringLiteral("nbf"), nbf},
                                      std::pair{QStringLiteral("iat"), iat}}) {
            if (!v.isValid())
                continue;
            if (!v.isNumber())
                out.append(JwtFinding::timestampType(name, v.typeName()));
            else if (std::fabs(v.toDouble()) > kMillisecondsThreshold)
                out.append(JwtFinding::timestampMilliseconds(name));
        }
        if (exp.isNumber() && iat.isNumber() && exp.toDouble() - iat.toDouble() > double(kDay))
            out.append(JwtFinding::longLifetime(qint64(exp.toDouble() - iat.toDouble())));
        if (clock) {
            const qint64 now = clock->nowSeconds();
            if (exp.isNumber() && exp.toDouble() <= double(now))
                out.append(JwtFinding::expired(qint64(exp.toDouble()), now));
            if (nbf.isNumber() && nbf.toDouble() > double(now))
                out.append(JwtFinding::notYetValid(qint64(nbf.toDouble()), now));
        }
        const json::JsonRef sub = payload.member("sub");
        if (sub.isValid() && !sub.isString())
            out.append(JwtFinding::subNotString(sub.typeName()));
        for (json::JsonRef c = payload.firstChild(); c.isValid(); c = c.nextSibling(payload)) {
            const QString name = QString::fromUtf8(c.key());
            if (looksSensitive(name))
                out.append(JwtFinding::sensitiveClaim(name));
        }
    }

    // Key.
    if (key && !key->isNull()) {
        if (key->kind() == KeyKind::Hmac) {
            const int need = alg ? hashBitsFor(*alg) : 256;
            if (key->bits() < need)
                out.append(JwtFinding::hmacSecretShort(key->bits(), need));
        } else if (key->kind() == KeyKind::Rsa && key->bits() < 2048) {
            out.append(JwtFinding::rsaKeyShort(key->bits()));
        }
    }
    return out;
}

} // namespace gatehouse::core::jwt
