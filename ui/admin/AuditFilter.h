#pragma once

#include "services/AuditEntry.h"

#include <QString>

namespace gatehouse::ui {

// What the audit view shows: every set criterion must match. Text criteria are case-insensitive
// substrings; `from`/`to` are inclusive clock seconds (0: open).
struct AuditFilter
{
    QString text;    // action, actor, target or detail
    QString actor;   // who
    QString action;  // exact action, or a prefix ending in "." ("user.")
    QString outcome; // "ok", "denied", "failed"; empty: any
    qint64 from = 0;
    qint64 to = 0;

    bool matches(const core::services::AuditEntry& entry) const;
};

} // namespace gatehouse::ui
