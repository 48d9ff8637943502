#include "json/StrictJsonDocument.h"

namespace gatehouse::core::json {

StrictJsonDocument::StrictJsonDocument(const StrictJsonDocument& other)
    : m_input(other.m_input), m_arena(other.m_arena), m_nodes(other.m_nodes), m_issues(other.m_issues),
      m_fatal(other.m_fatal)
{
    if (other.m_borrowed)
        m_input = QByteArray(other.m_input.constData(), other.m_input.size()); // own the bytes
}

StrictJsonDocument& StrictJsonDocument::operator=(const StrictJsonDocument& other)
{
    if (this != &other) {
        StrictJsonDocument copy(other);
        *this = std::move(copy);
    }
    return *this;
}

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

} // namespace gatehouse::core::json
