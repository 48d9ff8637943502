#include "admin/AuditFilter.h"

namespace gatehouse::ui {

bool AuditFilter::matches(const core::services::AuditEntry& e) const
{
    if (!actor.isEmpty() && !e.actor.contains(actor, Qt::CaseInsensitive))
        return false;
    if (!action.isEmpty()) {
        const bool prefix = action.endsWith(QLatin1Char('.'));
        if (prefix ? !e.action.startsWith(action) : e.action != action)
            return false;
    }
    if (!outcome.isEmpty() && e.outcome != outcome)
        return false;
    if (from > 0 && e.at < from)
        return false;
    if (to > 0 && e.at > to)
        return false;
    if (!text.isEmpty()) {
        const auto has = [this](const QString& s) { return s.contains(text, Qt::CaseInsensitive); };
        if (!has(e.action) && !has(e.actor) && !has(e.target) && !has(e.detail))
            return false;
    }
    return true;
}

} // namespace gatehouse::ui
