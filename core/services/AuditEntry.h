#pragma once

#include <QString>
#include <QtGlobal>

namespace gatehouse::core::services {

// One audit record: who (actor id and name at the time; 0/"" for an anonymous login attempt), what
// (a dotted action such as "user.disable" and its target), when (clock seconds) and the outcome
// ("ok", "denied", "failed"), with a short detail. Never a password, hash, token or key.
struct AuditEntry
{
    qint64 id = 0;
    qint64 at = 0;
    qint64 actorId = 0;
    QString actor;
    QString action;
    QString target;
    QString outcome;
    QString detail;
};

} // namespace gatehouse::core::services
