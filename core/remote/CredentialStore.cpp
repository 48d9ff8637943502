#include "remote/CredentialStore.h"

#include <QTimer>

#include <openssl/crypto.h>

namespace gatehouse::core::remote {

namespace {

void wipeBytes(QByteArray& bytes)
{
    if (!bytes.isEmpty()) {
        bytes.detach();
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
    bytes.clear();
}

QString keyOf(const QString& origin, const QString& username)
{
    return origin + QChar(0) + username;
}

} // namespace

void StoredSession::wipe()
{
    wipeBytes(accessToken);
    wipeBytes(refreshToken);
    wipeBytes(sessionCookie);
}

MemoryCredentialStore::~MemoryCredentialStore()
{
    for (auto& s : m_entries)
        s.wipe();
}

void MemoryCredentialStore::load(const QString& origin, const QString& username, LoadCallback done)
{
    std::optional<StoredSession> found;
    const auto it = m_entries.constFind(keyOf(origin, username));
    if (it != m_entries.constEnd())
        found = *it;
    QTimer::singleShot(0, this, [done = std::move(done), found]() { done(found); });
}

void MemoryCredentialStore::save(const QString& origin, const QString& username, const StoredSession& session,
                                 DoneCallback done)
{
    m_entries.insert(keyOf(origin, username), session);
    m_lastUser.insert(origin, username);
    QTimer::singleShot(0, this, [done = std::move(done)]() { done(Status()); });
}

void MemoryCredentialStore::remove(const QString& origin, const QString& username, DoneCallback done)
{
    auto it = m_entries.find(keyOf(origin, username));
    if (it != m_entries.end()) {
        it->wipe();
        m_entries.erase(it);
    }
    if (m_lastUser.value(origin) == username)
        m_lastUser.remove(origin);
    QTimer::singleShot(0, this, [done = std::move(done)]() { done(Status()); });
}

} // namespace gatehouse::core::remote
