#include "json/JsonRef.h"

#include "json/StrictJsonDocument.h"

#include <QJsonArray>

#include <cstring>

namespace gatehouse::core::json {

QString JsonRef::toString() const
{
    return QString::fromUtf8(stringView());
}

QByteArrayView JsonRef::numberText() const
{
    if (!isNumber())
        return {};
    return m_doc->valueOf(m_doc->node(m_index));
}

JsonRef JsonRef::member(QByteArrayView name) const
{
    if (!m_doc)
        return {};
    const auto& self = m_doc->node(m_index);
    if (self.type != JsonType::Object)
        return {};
    // Hot path of the verifier: compare lengths first, bytes only on a length match.
    quint32 found = 0;
    const auto length = quint32(name.size());
    for (quint32 i = m_index + 1; i < self.end;) {
        const auto& n = m_doc->node(i);
        if (n.keyLength == length) {
            // Names are short: an inline loop, not a memcmp call.
            const char* k = m_doc->keyOf(n).data();
            quint32 j = 0;
            while (j < length && k[j] == name.data()[j])
                ++j;
            if (j == length)
                found = i;
        }
        i = n.end;
    }
    return found ? JsonRef(m_doc, found) : JsonRef();
}

JsonRef JsonRef::at(qsizetype index) const
{
    if (!(isArray() || isObject()) || index < 0 || index >= size())
        return {};
    quint32 i = m_index + 1;
    for (qsizetype k = 0; k < index; ++k)
        i = m_doc->node(i).end;
    return JsonRef(m_doc, i);
}

QJsonValue JsonRef::toJsonValue() const
{
    if (!m_doc)
        return QJsonValue(QJsonValue::Undefined);
    switch (type()) {
    case JsonType::Null:
        return QJsonValue(QJsonValue::Null);
    case JsonType::False:
        return QJsonValue(false);
    case JsonType::True:
        return QJsonValue(true);
    case JsonType::Number: {
        const double d = toDouble();
        // Keep integers integral in the Qt value so display shows "1700000000", not "1.7e+09".
        if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == double(qint64(d)))
            return QJsonValue(qint64(d));
        return QJsonValue(d);
    }
    case JsonType::String:
        return QJsonValue(toString());
    case JsonType::Array: {
        QJsonArray a;
        for (JsonRef c = firstChild(); c.isValid(); c = c.nextSibling(*this))
            a.append(c.toJsonValue());
        return a;
    }
    case JsonType::Object: {
        QJsonObject o;
        for (JsonRef c = firstChild(); c.isValid(); c = c.nextSibling(*this))
            o.insert(QString::fromUtf8(c.key()), c.toJsonValue()); // last duplicate wins
        return o;
    }
    }
    return {};
}

QString JsonRef::typeName() const
{
    return m_doc ? typeName(type()) : QStringLiteral("absent");
}

QString JsonRef::typeName(JsonType t)
{
    switch (t) {
    case JsonType::Null:
        return QStringLiteral("null");
    case JsonType::False:
    case JsonType::True:
        return QStringLiteral("boolean");
    case JsonType::Number:
        return QStringLiteral("number");
    case JsonType::String:
        return QStringLiteral("string");
    case JsonType::Array:
        return QStringLiteral("array");
    case JsonType::Object:
        return QStringLiteral("object");
    }
    return {};
}

} // namespace gatehouse::core::json
