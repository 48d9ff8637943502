#include "commands/JwtOutput.h"

#include "CommandSupport.h"
#include "common/Base64Url.h"
#include "jwt/ClaimCatalog.h"

#include <QJsonDocument>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

namespace {

QString formName(JwtToken::Form form)
{
    switch (form) {
    case JwtToken::Form::Jws:
        return QStringLiteral("jws");
    case JwtToken::Form::Jwe:
        return QStringLiteral("jwe");
    case JwtToken::Form::Malformed:
        break;
    }
    return QStringLiteral("malformed");
}

// The decoded JSON of a segment as an object, or null when it is missing or not an object.
QJsonValue segmentObject(const JwtSegment& segment)
{
    if (!segment.jsonParsed || !segment.json.hasValue())
        return QJsonValue(QJsonValue::Null);
    const QJsonValue v = segment.json.toJsonValue();
    return v.isObject() ? v : QJsonValue(QJsonValue::Null);
}

QJsonArray claimsToJson(const QJsonObject& payload, qint64 now)
{
    QJsonArray out;
    for (auto it = payload.begin(); it != payload.end(); ++it) {
        QJsonObject c{{QStringLiteral("name"), it.key()}, {QStringLiteral("value"), it.value()}};
        const QString description = claims::describeClaim(it.key());
        if (!description.isEmpty())
            c.insert(QStringLiteral("description"), description);
        if (claims::isTimeClaim(it.key()) && it.value().isDouble())
            c.insert(QStringLiteral("time"), claims::describeTime(it.value().toDouble(), now));
        out.append(c);
    }
    return out;
}

QString indent(const QByteArray& json)
{
    QString text = QString::fromUtf8(json).trimmed();
    text.replace(QLatin1Char('\n'), QStringLiteral("\n  "));
    return QStringLiteral("  ") + text;
}

} // namespace

QJsonObject tokenToJson(const JwtToken& token, qint64 now)
{
    QJsonObject o;
    o.insert(QStringLiteral("form"), formName(token.form()));
    o.insert(QStringLiteral("well_formed"), token.isWellFormed());
    o.insert(QStringLiteral("header"), segmentObject(token.header()));
    o.insert(QStringLiteral("payload"), segmentObject(token.payload()));
    o.insert(QStringLiteral("alg"), token.algorithmText());
    const JwtSegment& sig = token.signature();
    o.insert(QStringLiteral("signature"),
             QJsonObject{{QStringLiteral("bytes"), int(sig.decoded.size())},
                         {QStringLiteral("base64url"), QString::fromLatin1(base64url::encode(sig.decoded))}});
    QJsonArray errors;
    for (const Error& e : token.errors())
        errors.append(errorToJson(e));
    o.insert(QStringLiteral("errors"), errors);
    const QJsonValue payload = segmentObject(token.payload());
    o.insert(QStringLiteral("claims"), payload.isObject() ? claimsToJson(payload.toObject(), now) : QJsonArray());
    return o;
}

QString tokenToText(const JwtToken& token, qint64 now)
{
    QString text;
    if (token.form() == JwtToken::Form::Jwe)
        text +=
            QStringLiteral("This is a JWE (encrypted, 5 segments), not a signed JWS: only its header is readable.\n");
    for (const JwtSegment* s : {&token.header(), &token.payload()}) {
        text += s->name + QStringLiteral(":\n");
        const QJsonValue v = segmentObject(*s);
        if (v.isObject()) {
            text += indent(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented)) + QLatin1Char('\n');
        } else if (!s->decoded.isEmpty()) {
            text +=
                QStringLiteral("  (not a JSON object) ") + QString::fromUtf8(s->decoded.left(2000)) + QLatin1Char('\n');
        } else {
            text += QStringLiteral("  (nothing decoded)\n");
        }
    }
    text += QStringLiteral("signature: %1 bytes\n").arg(token.signature().decoded.size());
    const QJsonValue payload = segmentObject(token.payload());
    if (payload.isObject()) {
        QString claimLines;
        const QJsonObject p = payload.toObject();
        for (auto it = p.begin(); it != p.end(); ++it) {
            const QString description = claims::describeClaim(it.key());
            const bool isTime = claims::isTimeClaim(it.key()) && it.value().isDouble();
            if (description.isEmpty() && !isTime)
                continue;
            claimLines += QStringLiteral("  %1").arg(it.key().leftJustified(6));
            if (isTime)
                claimLines += claims::describeTime(it.value().toDouble(), now) + QStringLiteral(" — ");
            claimLines += description + QLatin1Char('\n');
        }
        if (!claimLines.isEmpty())
            text += QStringLiteral("claims:\n") + claimLines;
    }
    if (!token.errors().isEmpty()) {
        text += QStringLiteral("problems:\n");
        for (const Error& e : token.errors()) {
            // The parser's messages already name the segment and offset.
            text += QStringLiteral("  %1 [%2]\n").arg(e.message, e.code);
        }
    }
    return text;
}

QJsonArray findingsToJson(const QList<JwtFinding>& findings)
{
    QJsonArray out;
    for (const auto& f : findings) {
        out.append(QJsonObject{{QStringLiteral("id"), f.id()},
                               {QStringLiteral("severity"), JwtFinding::severityName(f.severity())},
                               {QStringLiteral("title"), f.title()},
                               {QStringLiteral("explanation"), f.explanation()},
                               {QStringLiteral("reference"), f.reference()},
                               {QStringLiteral("where"), f.where()}});
    }
    return out;
}

QString findingsToText(const QList<JwtFinding>& findings)
{
    if (findings.isEmpty())
        return QStringLiteral("no findings\n");
    QString text;
    for (const auto& f : findings) {
        text += QStringLiteral("[%1] %2%3\n    %4\n    rule: %5\n")
                    .arg(JwtFinding::severityName(f.severity()).toUpper(), f.title(),
                         f.where().isEmpty() ? QString() : QStringLiteral(" (") + f.where() + QLatin1Char(')'),
                         f.explanation(), f.reference());
    }
    return text;
}

} // namespace gatehouse::cli
