#pragma once

#include "net/HttpTypes.h"

#include <QList>
#include <QObject>
#include <QString>

namespace gatehouse::core::net {

// One request/response exchange (one hop: a followed redirect is its own entry).
struct TrafficEntry
{
    quint64 id = 0;
    qint64 startedAtMs = 0; // ms since the epoch
    qint64 elapsedMs = 0;
    QByteArray method;
    QUrl url;
    int status = 0;               // 0: no HTTP answer (see errorCode)
    QString errorCode;            // "network.tls", "http.too_large", ... or empty
    HeaderList requestHeaders;    // as sent, unredacted: use displayHeaders()
    HeaderList responseHeaders;   // as received, unredacted
    QList<QByteArray> setCookies; // every Set-Cookie line, unredacted
    qint64 responseBytes = 0;
    bool credentialsDropped = false; // a cross-origin redirect hop sent without Authorization/Cookie
};

// The captured traffic of one profile's session, for the inspector's request log (like DevTools
// Network). Model-free: a view wraps it. Holds the live credentials in memory only, because the person
// may ask to reveal them; everything that leaves this class for display goes through the redacting
// helpers unless `reveal` is true. Bounded (oldest entries dropped). Not thread-safe: lives on the
// client's thread.
class TrafficLog : public QObject
{
    Q_OBJECT
public:
    explicit TrafficLog(QObject* parent = nullptr);
    ~TrafficLog() override;

    quint64 add(TrafficEntry entry); // returns the entry id
    const QList<TrafficEntry>& entries() const { return m_entries; }
    void clear(); // wipes the stored header values

    void setCapacity(int capacity) { m_capacity = qMax(1, capacity); }

    // Headers for display: values of Authorization, Proxy-Authorization, Cookie, Set-Cookie and
    // X-CSRF-TOKEN are redacted (the scheme of Authorization, the cookie names and Set-Cookie
    // attributes stay visible) unless `reveal`.
    static HeaderList displayHeaders(const HeaderList& headers, bool reveal = false);
    static QByteArray displayHeaderValue(const QByteArray& name, const QByteArray& value, bool reveal = false);
    static bool isSensitiveHeader(QByteArrayView name);

    static constexpr const char* kRedacted = "\xE2\x80\xB9redacted\xE2\x80\xBA";

Q_SIGNALS:
    void entryAdded(quint64 id);
    void cleared();

private:
    QList<TrafficEntry> m_entries;
    quint64 m_nextId = 1;
    int m_capacity = 1000;
};

} // namespace gatehouse::core::net
