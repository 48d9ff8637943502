#include "flask/FlaskTaggedJson.h"

#include "cookie/CookieDate.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>
#include <QUuid>

namespace gatehouse::core::flask::taggedjson {

namespace {

const QString kType = QStringLiteral("$type");
const QString kValue = QStringLiteral("value");

Error tagError(const QString& message)
{
    return Error::make(QStringLiteral("flask.payload.tag"), message);
}

QJsonObject typed(const QString& type, const QJsonValue& value)
{
    return QJsonObject{{kType, type}, {kValue, value}};
}

bool isTagKey(const QString& k)
{
    return k == QLatin1String(" t") || k == QLatin1String(" u") || k == QLatin1String(" b") ||
           k == QLatin1String(" m") || k == QLatin1String(" d") || k == QLatin1String(" di");
}

// Python's uuid.UUID(hex): braces, dashes and a "urn:uuid:" prefix are optional; 32 hex digits remain.
QUuid parseUuid(const QString& text)
{
    QString hex = text;
    if (hex.startsWith(QLatin1String("urn:uuid:")))
        hex = hex.mid(9);
    hex.remove(QLatin1Char('{')).remove(QLatin1Char('}')).remove(QLatin1Char('-'));
    if (hex.size() != 32)
        return {};
    for (const QChar c : hex) {
        if (!c.isDigit() && !(c.toLower() >= QLatin1Char('a') && c.toLower() <= QLatin1Char('f')))
            return {};
    }
    return QUuid::fromRfc4122(QByteArray::fromHex(hex.toLatin1()));
}

QString isoFromSeconds(qint64 s)
{
    return QDateTime::fromSecsSinceEpoch(s, Qt::UTC).toString(Qt::ISODate);
}

Result<QJsonValue> untagObject(const QJsonObject& o)
{
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        auto v = untag(it.value());
        if (!v)
            return v.error();
        out.insert(it.key(), v.value());
    }
    if (out.size() != 1 || !isTagKey(out.begin().key()))
        return QJsonValue(out);
    const QString key = out.begin().key();
    const QJsonValue v = out.begin().value();
    if (key == QLatin1String(" t")) {
        if (!v.isArray())
            return tagError(QStringLiteral("A tuple tag (' t') does not hold a list."));
        return QJsonValue(typed(QStringLiteral("tuple"), v));
    }
    if (key == QLatin1String(" u")) {
        const QUuid u = parseUuid(v.toString());
        if (!v.isString() || (u.isNull() && v.toString().count(QLatin1Char('0')) != 32))
            return tagError(QStringLiteral("A UUID tag (' u') does not hold a UUID."));
        return QJsonValue(typed(QStringLiteral("uuid"), u.toString(QUuid::WithoutBraces)));
    }
    if (key == QLatin1String(" b")) {
        const auto decoded =
            QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!v.isString() || !decoded)
            return tagError(QStringLiteral("A bytes tag (' b') does not hold base64."));
        return QJsonValue(typed(QStringLiteral("bytes"), QString::fromLatin1(decoded.decoded.toBase64())));
    }
    if (key == QLatin1String(" m")) {
        if (!v.isString())
            return tagError(QStringLiteral("A Markup tag (' m') does not hold a string."));
        return QJsonValue(typed(QStringLiteral("markup"), v));
    }
    if (key == QLatin1String(" d")) {
        const auto t = cookie::parseCookieDate(v.toString().toLatin1());
        if (!v.isString() || !t)
            return tagError(QStringLiteral("A datetime tag (' d') does not hold an HTTP date."));
        return QJsonValue(typed(QStringLiteral("datetime"), isoFromSeconds(*t)));
    }
    // " di": {"<tag>__": value} -> {"<tag>": value}
    if (!v.isObject() || v.toObject().size() != 1 || !v.toObject().begin().key().endsWith(QLatin1String("__")))
        return tagError(QStringLiteral("A dict tag (' di') is malformed."));
    const QJsonObject inner = v.toObject();
    const QString innerKey = inner.begin().key();
    return QJsonValue(QJsonObject{{innerKey.chopped(2), inner.begin().value()}});
}

} // namespace

Result<QJsonValue> untag(const QJsonValue& tagged)
{
    if (tagged.isArray()) {
        QJsonArray out;
        for (const auto& v : tagged.toArray()) {
            auto u = untag(v);
            if (!u)
                return u.error();
            out.append(u.value());
        }
        return QJsonValue(out);
    }
    if (tagged.isObject())
        return untagObject(tagged.toObject());
    return tagged;
}

Result<QJsonValue> tag(const QJsonValue& value)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const auto& v : value.toArray()) {
            auto t = tag(v);
            if (!t)
                return t.error();
            out.append(t.value());
        }
        return QJsonValue(out);
    }
    if (!value.isObject())
        return value;
    const QJsonObject o = value.toObject();
    if (o.size() == 2 && o.contains(kType) && o.contains(kValue) && o.value(kType).isString()) {
        const QString type = o.value(kType).toString();
        const QJsonValue v = o.value(kValue);
        if (type == QLatin1String("tuple")) {
            auto inner = tag(v);
            if (!inner || !v.isArray())
                return tagError(QStringLiteral("A tuple needs a list value."));
            return QJsonValue(QJsonObject{{QStringLiteral(" t"), inner.value()}});
        }
        if (type == QLatin1String("uuid")) {
            const QUuid u = parseUuid(v.toString());
            if (u.isNull() && v.toString().count(QLatin1Char('0')) != 32)
                return tagError(QStringLiteral("Not a UUID."));
            return QJsonValue(QJsonObject{{QStringLiteral(" u"), QString::fromLatin1(u.toRfc4122().toHex())}});
        }
        if (type == QLatin1String("bytes")) {
            const auto d =
                QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!d)
                return tagError(QStringLiteral("Bytes need a base64 value."));
            return QJsonValue(QJsonObject{{QStringLiteral(" b"), QString::fromLatin1(d.decoded.toBase64())}});
        }
        if (type == QLatin1String("markup"))
            return QJsonValue(QJsonObject{{QStringLiteral(" m"), v.toString()}});
        if (type == QLatin1String("datetime")) {
            QDateTime dt = QDateTime::fromString(v.toString(), Qt::ISODate);
            if (!dt.isValid())
                return tagError(QStringLiteral("A datetime needs an ISO 8601 value."));
            return QJsonValue(QJsonObject{{QStringLiteral(" d"), cookie::formatHttpDate(dt.toSecsSinceEpoch())}});
        }
        return tagError(QStringLiteral("Unknown $type '%1'.").arg(type));
    }
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        auto t = tag(it.value());
        if (!t)
            return t.error();
        out.insert(it.key(), t.value());
    }
    if (out.size() == 1 && isTagKey(out.begin().key()))
        return QJsonValue(QJsonObject{
            {QStringLiteral(" di"), QJsonObject{{out.begin().key() + QStringLiteral("__"), out.begin().value()}}}});
    return QJsonValue(out);
}

} // namespace gatehouse::core::flask::taggedjson
