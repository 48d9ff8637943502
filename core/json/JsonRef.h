#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace gatehouse::core::json {

enum class JsonType : quint8
{
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object
};

class StrictJsonDocument;

// A cheap handle to one value of a StrictJsonDocument (which must outlive it). A default-constructed
// ref is "absent": member() of a missing name returns one.
class JsonRef
{
public:
    JsonRef() = default;
    JsonRef(const StrictJsonDocument* doc, quint32 index) : m_doc(doc), m_index(index) {}

    bool isValid() const { return m_doc != nullptr; }
    inline JsonType type() const; // inline bodies of the hot accessors: end of StrictJsonDocument.h
    bool isNull() const { return isValid() && type() == JsonType::Null; }
    bool isBool() const { return isValid() && (type() == JsonType::True || type() == JsonType::False); }
    bool isNumber() const { return isValid() && type() == JsonType::Number; }
    bool isString() const { return isValid() && type() == JsonType::String; }
    bool isArray() const { return isValid() && type() == JsonType::Array; }
    bool isObject() const { return isValid() && type() == JsonType::Object; }

    // Decoded UTF-8 of a string (empty for other types).
    inline QByteArrayView stringView() const;
    QString toString() const;
    inline double toDouble() const;
    // The number exactly as written (for integers beyond 2^53).
    QByteArrayView numberText() const;
    bool toBool() const { return isValid() && type() == JsonType::True; }

    // Members of an object or elements of an array.
    inline qsizetype size() const;
    // Object member by name; with duplicates the last one wins (as Python's json and Qt do).
    JsonRef member(QByteArrayView name) const;
    // i-th element (array) or member value (object); linear in i.
    JsonRef at(qsizetype i) const;
    // For a member value: its name (decoded UTF-8).
    inline QByteArrayView key() const;
    // Iteration over children: first child, then next() until !isValid().
    inline JsonRef firstChild() const;
    inline JsonRef nextSibling(const JsonRef& parent) const;

    QJsonValue toJsonValue() const;
    // A short type name for messages ("string", "number", "array", ...).
    QString typeName() const;
    static QString typeName(JsonType t);

private:
    const StrictJsonDocument* m_doc = nullptr;
    quint32 m_index = 0;
};

} // namespace gatehouse::core::json

#include "json/StrictJsonDocument.h" // the inline accessors need the node layout
