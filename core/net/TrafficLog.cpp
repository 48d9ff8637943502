#include "net/TrafficLog.h"

#include <openssl/crypto.h>

namespace gatehouse::core::net {

namespace {

void wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty()) {
        bytes.detach();
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
    bytes.clear();
}

void wipeEntry(TrafficEntry& e)
{
    for (auto& h : e.requestHeaders)
        wipe(h.second);
    for (auto& h : e.responseHeaders)
        wipe(h.second);
    for (auto& c : e.setCookies)
        wipe(c);
}

// "a=1; b=2" -> "a=‹redacted›; b=‹redacted›"
QByteArray redactCookiePairs(const QByteArray& value)
{
    QList<QByteArray> out;
    for (const QByteArray& part : value.split(';')) {
        const QByteArray p = part.trimmed();
        const qsizetype eq = p.indexOf('=');
        out.append(eq < 0 ? QByteArray(TrafficLog::kRedacted) : p.left(eq + 1) + TrafficLog::kRedacted);
    }
    return out.join("; ");
}

} // namespace

TrafficLog::TrafficLog(QObject* parent) : QObject(parent) {}

TrafficLog::~TrafficLog()
{
    for (auto& e : m_entries)
        wipeEntry(e);
}

quint64 TrafficLog::add(TrafficEntry entry)
{
    entry.id = m_nextId++;
    const quint64 id = entry.id;
    m_entries.append(std::move(entry));
    while (m_entries.size() > m_capacity) {
        wipeEntry(m_entries.first());
        m_entries.removeFirst();
    }
    Q_EMIT entryAdded(id);
    return id;
}

void TrafficLog::clear()
{
    for (auto& e : m_entries)
        wipeEntry(e);
    m_entries.clear();
    Q_EMIT cleared();
}

bool TrafficLog::isSensitiveHeader(QByteArrayView name)
{
    for (const char* s : {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-csrf-token"}) {
        if (name.compare(QByteArrayView(s), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray TrafficLog::displayHeaderValue(const QByteArray& name, const QByteArray& value, bool reveal)
{
    if (reveal || !isSensitiveHeader(name))
        return value;
    const QByteArray lower = name.toLower();
    if (lower == "authorization" || lower == "proxy-authorization") {
        const qsizetype sp = value.indexOf(' ');
        return sp > 0 ? value.left(sp + 1) + kRedacted : QByteArray(kRedacted);
    }
    if (lower == "cookie")
        return redactCookiePairs(value);
    if (lower == "set-cookie") {
        // name=‹redacted›; and the attributes as sent (they hold no secret and the audit needs them)
        const qsizetype semi = value.indexOf(';');
        const QByteArray pair = semi < 0 ? value : value.left(semi);
        const qsizetype eq = pair.indexOf('=');
        const QByteArray shown = eq < 0 ? QByteArray(kRedacted) : pair.left(eq + 1).trimmed() + kRedacted;
        return semi < 0 ? shown : shown + value.mid(semi);
    }
    return kRedacted;
}

HeaderList TrafficLog::displayHeaders(const HeaderList& headers, bool reveal)
{
    HeaderList out;
    out.reserve(headers.size());
    for (const auto& h : headers)
        out.append({h.first, displayHeaderValue(h.first, h.second, reveal)});
    return out;
}

} // namespace gatehouse::core::net
