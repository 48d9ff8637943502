#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace gatehouse::core::services {

// The permission names of PRODUCT.md ("Roles and permissions"), as stored in gh_permission.
class Permissions
{
public:
    static QString taskView() { return QStringLiteral("task.view"); }
    static QString taskViewAll() { return QStringLiteral("task.view_all"); }
    static QString taskCreate() { return QStringLiteral("task.create"); }
    static QString taskEdit() { return QStringLiteral("task.edit"); }
    static QString taskComplete() { return QStringLiteral("task.complete"); }
    static QString taskDelete() { return QStringLiteral("task.delete"); }
    static QString productView() { return QStringLiteral("product.view"); }
    static QString productCreate() { return QStringLiteral("product.create"); }
    static QString productEdit() { return QStringLiteral("product.edit"); }
    static QString productDelete() { return QStringLiteral("product.delete"); }
    static QString userView() { return QStringLiteral("user.view"); }
    static QString userManage() { return QStringLiteral("user.manage"); }
    static QString roleManage() { return QStringLiteral("role.manage"); }
    static QString auditView() { return QStringLiteral("audit.view"); }

    static QStringList all();
    static bool isKnown(const QString& name);
    // The built-in roles' permissions, exactly as PRODUCT.md defines them (and as schema v1 seeds them).
    static QSet<QString> builtinRole(const QString& roleName);
    static QString adminRole() { return QStringLiteral("admin"); }
    static QString defaultRole() { return QStringLiteral("user"); }
};

} // namespace gatehouse::core::services
