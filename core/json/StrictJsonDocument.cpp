#include "json/StrictJsonDocument.h"

namespace gatehouse::core::json {

bool StrictJsonDocument::hasErrors() const
{
    return firstError() != nullptr;
}

const JsonIssue* StrictJsonDocument::firstError() const
{
    for (const JsonIssue& i : m_issues) {
        if (i.isError())
            return &i;
    }
    return nullptr;
}

QJsonObject StrictJsonDocument::toJsonObject() const
{
    const JsonRef r = root();
    return r.isObject() ? r.toJsonValue().toObject() : QJsonObject();
}

QByteArrayView StrictJsonDocument::keyOf(const Node& n) const
{
    const char* base = n.keyInArena ? m_arena.data() : m_input.constData();
    return QByteArrayView(base + n.keyOffset, n.keyLength);
}

QByteArrayView StrictJsonDocument::valueOf(const Node& n) const
{
    const char* base = n.valueInArena ? m_arena.data() : m_input.constData();
    return QByteArrayView(base + n.valueOffset, n.valueLength);
}

} // namespace gatehouse::core::json
