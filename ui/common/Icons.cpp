#include "common/Icons.h"

#include <QString>

// Q_INIT_RESOURCE must be used outside any namespace; referencing it here also keeps the static
// library's resource object from being dropped by the linker.
static void initGatehouseIcons()
{
    Q_INIT_RESOURCE(icons);
}

namespace gatehouse::ui {

QIcon actionIcon(const char* name)
{
    static const bool ready = [] {
        initGatehouseIcons();
        return true;
    }();
    Q_UNUSED(ready);
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

} // namespace gatehouse::ui
