#include "services/Permissions.h"

namespace gatehouse::core::services {

QStringList Permissions::all()
{
    return {taskView(),      taskViewAll(), taskCreate(),    taskEdit(), taskComplete(), taskDelete(), productView(),
            productCreate(), productEdit(), productDelete(), userView(), userManage(),   roleManage(), auditView()};
}

bool Permissions::isKnown(const QString& name)
{
    return all().contains(name);
}

QSet<QString> Permissions::builtinRole(const QString& roleName)
{
    if (roleName == QLatin1String("admin")) {
        const QStringList a = all();
        return QSet<QString>(a.begin(), a.end());
    }
    if (roleName == QLatin1String("manager"))
        return {taskView(),    taskViewAll(),   taskCreate(),  taskEdit(),      taskComplete(), taskDelete(),
                productView(), productCreate(), productEdit(), productDelete(), userView()};
    if (roleName == QLatin1String("user"))
        return {taskView(), taskCreate(), taskEdit(), taskComplete(), productView()};
    if (roleName == QLatin1String("viewer"))
        return {taskView(), productView()};
    return {};
}

} // namespace gatehouse::core::services
