// gatehouse-cli audit: read the local audit log.
#include "commands/Groups.h"
#include "commands/LocalSupport.h"

#include <QJsonArray>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::services;
using namespace gatehouse::cli::local;

namespace {

int auditList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addOptions(
        {{QStringLiteral("action"), QStringLiteral("An action, or a prefix ending in '.'."), QStringLiteral("ACTION")},
         {QStringLiteral("limit"), QStringLiteral("How many (newest first)."), QStringLiteral("N"),
          QStringLiteral("100")}});
    GH_PREPARE("audit list", "Read the audit log (audit.view).", true, 0)
    Q_UNUSED(pos);
    AuditLog::Query q;
    q.action = parser.value(QStringLiteral("action"));
    q.limit = parser.value(QStringLiteral("limit")).toInt();
    auto entries = l.audit->list(l.actor, q);
    if (!entries)
        return fail(l, io, entries.error());
    QJsonArray array;
    QStringList lines;
    for (const AuditEntry& e : entries.value()) {
        array.append(QJsonObject{{QStringLiteral("at"), e.at},
                                 {QStringLiteral("actor"), e.actor},
                                 {QStringLiteral("action"), e.action},
                                 {QStringLiteral("target"), e.target},
                                 {QStringLiteral("outcome"), e.outcome},
                                 {QStringLiteral("detail"), e.detail}});
        lines << QStringLiteral("%1  %2  %3  %4  %5  %6")
                     .arg(when(e.at), e.actor, e.action, e.target, e.outcome, e.detail);
    }
    return ok(l, io, {{QStringLiteral("entries"), array}}, lines.join(QLatin1Char('\n')));
}

} // namespace

CommandGroup auditGroup()
{
    return {QStringLiteral("audit"),
            QStringLiteral("The local audit log"),
            {{QStringLiteral("list"), QStringLiteral("Read the audit log"), auditList}}};
}

} // namespace gatehouse::cli
