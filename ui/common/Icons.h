#pragma once

#include <QIcon>

namespace gatehouse::ui {

// An action icon compiled into the binary from resources/icons (icons.qrc): "add", "delete", "complete",
// "import", "export", "reload", "sign", "verify", "clear", "inspect". SVG, so it is sharp at any scale.
QIcon actionIcon(const char* name);

} // namespace gatehouse::ui
