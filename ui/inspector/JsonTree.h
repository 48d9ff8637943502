#pragma once

#include <QJsonValue>

class QTreeWidget;
class QTreeWidgetItem;

namespace gatehouse::ui {

// Adds `value` under `parent` (or as top-level items of `tree` when parent is null) as key / value / type
// rows. Values are plain text in the items.
void addJsonToTree(QTreeWidget* tree, QTreeWidgetItem* parent, const QString& key, const QJsonValue& value);

} // namespace gatehouse::ui
