#pragma once

#include "json/JsonIssue.h"
#include "json/JsonRef.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QVarLengthArray>

#include <string>
#include <vector>

namespace gatehouse::core::json {

class StrictJson;
class StrictJsonParser;

// What StrictJson produced: a compact, read-only tree (nodes in document order, strings as views into
// the input or a side arena) plus every issue found. Converting to QJsonValue is on demand, so the
// token verifier's hot path never builds a Qt DOM. Immutable after parsing; safe to read from
// several threads. Copying is cheap-ish (vectors), moving is free.
class StrictJsonDocument
{
public:
    struct Node
    {
        JsonType type = JsonType::Null;
        bool keyInArena = false;
        bool valueInArena = false;
        quint32 keyOffset = 0; // object members only
        quint32 keyLength = 0;
        quint32 valueOffset = 0; // strings: decoded UTF-8; numbers: their source text (always in the input)
        quint32 valueLength = 0;
        quint32 end = 0; // index one past this node's subtree
        // A node is a container or a number, never both: sharing the space keeps a node at 32 bytes.
        union {
            quint32 count; // members or elements of a container
            double number = 0;
        };
    };
    static_assert(sizeof(Node) == 32);

    StrictJsonDocument() = default;
    // A copy always owns its input: a document parsed with StrictJson::parseBorrowing() gets its own
    // copy of the bytes it borrowed, so a copy may outlive them.
    StrictJsonDocument(const StrictJsonDocument& other);
    StrictJsonDocument& operator=(const StrictJsonDocument& other);
    StrictJsonDocument(StrictJsonDocument&&) noexcept = default;
    StrictJsonDocument& operator=(StrictJsonDocument&&) noexcept = default;

    // True when a value was read (even if it has non-fatal issues such as duplicates).
    bool hasValue() const { return !m_nodes.empty() && !m_fatal; }
    // True when nothing but warnings was found: what verification requires.
    bool isStrictlyValid() const { return hasValue() && !hasErrors(); }
    bool hasErrors() const;
    const QList<JsonIssue>& issues() const { return m_issues; }
    // The first error (not warning), or nullptr.
    const JsonIssue* firstError() const;

    JsonRef root() const { return hasValue() ? JsonRef(this, 0) : JsonRef(); }
    QJsonValue toJsonValue() const { return root().toJsonValue(); }
    // The root as an object; empty if the root is not an object.
    QJsonObject toJsonObject() const;

    // Internal accessors for JsonRef.
    const Node& node(quint32 i) const { return m_nodes[i]; }
    quint32 nodeCount() const { return quint32(m_nodes.size()); }
    QByteArrayView keyOf(const Node& n) const
    {
        return QByteArrayView((n.keyInArena ? m_arena.data() : m_input.constData()) + n.keyOffset, n.keyLength);
    }
    QByteArrayView valueOf(const Node& n) const
    {
        return QByteArrayView((n.valueInArena ? m_arena.data() : m_input.constData()) + n.valueOffset, n.valueLength);
    }

private:
    friend class StrictJson;
    friend class StrictJsonParser;
    class StrictJsonParser;

    QByteArray m_input;
    std::string m_arena;
    // A JWT header or a small payload needs no allocation. Kept small: a token holds three documents
    // (one per segment) in one allocation, which must stay under glibc's per-thread cache size (1032
    // bytes) for the verifier's hot path to get its memory from that cache.
    QVarLengthArray<Node, 4> m_nodes;
    QList<JsonIssue> m_issues;
    bool m_fatal = false;
    bool m_borrowed = false; // m_input is a raw view of bytes someone else owns (see parseBorrowing)
};

// JsonRef's hot accessors, inline for the verifier's claim checks.
inline JsonType JsonRef::type() const
{
    return m_doc ? m_doc->node(m_index).type : JsonType::Null;
}

inline QByteArrayView JsonRef::stringView() const
{
    return isString() ? m_doc->valueOf(m_doc->node(m_index)) : QByteArrayView();
}

inline double JsonRef::toDouble() const
{
    return isNumber() ? m_doc->node(m_index).number : 0.0;
}

inline QByteArrayView JsonRef::key() const
{
    return m_doc ? m_doc->keyOf(m_doc->node(m_index)) : QByteArrayView();
}

inline qsizetype JsonRef::size() const
{
    if (!m_doc)
        return 0;
    const auto& n = m_doc->node(m_index);
    return (n.type == JsonType::Array || n.type == JsonType::Object) ? qsizetype(n.count) : 0;
}

inline JsonRef JsonRef::firstChild() const
{
    return size() == 0 ? JsonRef() : JsonRef(m_doc, m_index + 1);
}

inline JsonRef JsonRef::nextSibling(const JsonRef& parent) const
{
    if (!m_doc || !parent.isValid())
        return {};
    const quint32 next = m_doc->node(m_index).end;
    return next >= m_doc->node(parent.m_index).end ? JsonRef() : JsonRef(m_doc, next);
}

} // namespace gatehouse::core::json
