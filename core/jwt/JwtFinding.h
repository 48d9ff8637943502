#pragma once

#include <QList>
#include <QString>

namespace gatehouse::core::jwt {

// One observation of the token inspector's lint: a stable id ("jwt.alg_none") for tests and --json, a
// severity, a title, an explanation in plain words, the rule or CVE it comes from, and where in the
// token it applies ("header.alg", "payload.exp", "signature").
class JwtFinding
{
public:
    enum class Severity
    {
        Info,
        Low,
        Medium,
        High,
        Critical
    };

    JwtFinding() = default;
    JwtFinding(const QString& id, Severity severity, const QString& title, const QString& explanation,
               const QString& reference, const QString& where);

    const QString& id() const { return m_id; }
    Severity severity() const { return m_severity; }
    const QString& title() const { return m_title; }
    const QString& explanation() const { return m_explanation; }
    const QString& reference() const { return m_reference; }
    const QString& where() const { return m_where; }

    static QString severityName(Severity s); // "info", "low", "medium", "high", "critical"

    // Factories, one per finding type (the linter uses them; other checks, such as the dictionary
    // search of a later issue, report through them too).
    static JwtFinding malformed(const QString& code, const QString& message, const QString& where);
    static JwtFinding algNone(const QString& algText);
    static JwtFinding algMissing();
    static JwtFinding algUnknown(const QString& algText);
    static JwtFinding hmacSecretShort(int secretBits, int hashBits);
    static JwtFinding weakSecret(const QString& dictionaryName);
    static JwtFinding rsaKeyShort(int bits);
    static JwtFinding noExpiry();
    static JwtFinding longLifetime(qint64 seconds);
    static JwtFinding expired(qint64 exp, qint64 now);
    static JwtFinding notYetValid(qint64 nbf, qint64 now);
    static JwtFinding timestampMilliseconds(const QString& claim);
    static JwtFinding timestampType(const QString& claim, const QString& typeName);
    static JwtFinding kid(bool suspicious);
    static JwtFinding jku();
    static JwtFinding x5u();
    static JwtFinding embeddedJwk();
    static JwtFinding nonCanonicalBase64(const QString& segment);
    static JwtFinding duplicateKey(const QString& path);
    static JwtFinding sensitiveClaim(const QString& claim);
    static JwtFinding subNotString(const QString& typeName);
    static JwtFinding typUnusual(const QString& typ);
    static JwtFinding unsupportedCritical(const QString& where);

private:
    QString m_id;
    Severity m_severity = Severity::Info;
    QString m_title;
    QString m_explanation;
    QString m_reference;
    QString m_where;
};

} // namespace gatehouse::core::jwt
