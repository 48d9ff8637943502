#pragma once

#include <QString>
#include <QtGlobal>

namespace gatehouse::core::services {

class AccountService;

// Who is acting: made only by AccountService (a successful login or a verified local session token).
// It names the user and the account's credential epoch when it was authenticated; every service call
// re-reads that user's state and permissions from the database and refuses a Principal whose epoch is
// older than the account's (the password was changed or reset, or the account disabled, since), so those
// take effect at the next call, as do role changes.
class Principal
{
public:
    Principal() = default;
    bool isValid() const { return m_userId > 0; }
    qint64 userId() const { return m_userId; }
    QString username() const { return m_username; }
    qint64 authenticatedAt() const { return m_authenticatedAt; }
    qint64 credentialEpoch() const { return m_credentialEpoch; }

private:
    friend class AccountService;
    Principal(qint64 userId, const QString& username, qint64 at, qint64 credentialEpoch)
        : m_userId(userId), m_username(username), m_authenticatedAt(at), m_credentialEpoch(credentialEpoch)
    {
    }

    qint64 m_userId = 0;
    QString m_username;
    qint64 m_authenticatedAt = 0;
    qint64 m_credentialEpoch = 0;
};

} // namespace gatehouse::core::services
