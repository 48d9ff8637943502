#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace gatehouse::core::remote {

// The credentials of one remembered remote session. Every field is a secret: never log or display it.
struct StoredSession
{
    QByteArray accessToken;
    QByteArray refreshToken;
    QByteArray sessionCookie; // cookie-carried credentials (Flask-Login session, JWT cookies): "name=value"
    bool isEmpty() const { return accessToken.isEmpty() && refreshToken.isEmpty() && sessionCookie.isEmpty(); }
    void wipe();
};

// Where the session lifecycle keeps remembered sessions: one entry per (origin, username). The seam the
// keychain vault (core/vault) plugs into. Async contract: each call returns at once and later calls its
// callback exactly once on the caller's thread; a store never blocks and never falls back to plain files.
// load() answers std::nullopt for "nothing stored" (not an error); errors carry the store's own codes
// (vault.*).
class CredentialStore
{
public:
    virtual ~CredentialStore() = default;
    using LoadCallback = std::function<void(Result<std::optional<StoredSession>>)>;
    using DoneCallback = std::function<void(Status)>;

    virtual void load(const QString& origin, const QString& username, LoadCallback done) = 0;
    virtual void save(const QString& origin, const QString& username, const StoredSession& session,
                      DoneCallback done) = 0;
    virtual void remove(const QString& origin, const QString& username, DoneCallback done) = 0;
    // The username whose session was last saved for `origin` and not removed since (empty if none). Not a
    // secret and answered at once, so the front end can offer "Continue as ..." before restoring.
    virtual QString rememberedUsername(const QString& origin) const = 0;
};

// Process memory only (the "no keychain" case and tests): the session lasts until the app closes.
class MemoryCredentialStore final : public QObject, public CredentialStore
{
    Q_OBJECT
public:
    explicit MemoryCredentialStore(QObject* parent = nullptr) : QObject(parent) {}
    ~MemoryCredentialStore() override;

    void load(const QString& origin, const QString& username, LoadCallback done) override;
    void save(const QString& origin, const QString& username, const StoredSession& session, DoneCallback done) override;
    void remove(const QString& origin, const QString& username, DoneCallback done) override;
    QString rememberedUsername(const QString& origin) const override { return m_lastUser.value(origin); }
    int size() const { return int(m_entries.size()); }

private:
    QHash<QString, StoredSession> m_entries;
    QHash<QString, QString> m_lastUser; // origin -> username
};

} // namespace gatehouse::core::remote
