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

} // namespace gatehouse::core::json
