#include "inspector/JsonTree.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QTreeWidget>

namespace gatehouse::ui {

namespace {

QString typeName(const QJsonValue& v)
{
    auto tr = [](const char* s) { return QCoreApplication::translate("gatehouse::ui::JsonTree", s); };
    switch (v.type()) {
    case QJsonValue::Null:
        return tr("null");
    case QJsonValue::Bool:
        return tr("boolean");
    case QJsonValue::Double:
        return tr("number");
    case QJsonValue::String:
        return tr("string");
    case QJsonValue::Array:
        return tr("array");
    case QJsonValue::Object:
        return tr("object");
    default:
        return QString();
    }
}

QString scalarText(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)) && d < 9e15 && d > -9e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Array:
        return QStringLiteral("[%1]").arg(v.toArray().size());
    case QJsonValue::Object:
        return QStringLiteral("{%1}").arg(v.toObject().size());
    default:
        return QString();
    }
}

} // namespace

void addJsonToTree(QTreeWidget* tree, QTreeWidgetItem* parent, const QString& key, const QJsonValue& value)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setText(0, key);
    item->setText(1, scalarText(value));
    item->setText(2, typeName(value));
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            addJsonToTree(tree, item, it.key(), it.value());
        item->setExpanded(true);
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (int i = 0; i < a.size(); ++i)
            addJsonToTree(tree, item, QStringLiteral("[%1]").arg(i), a.at(i));
        item->setExpanded(true);
    }
}

} // namespace gatehouse::ui
