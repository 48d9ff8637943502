#pragma once

#include <QString>
#include <QtGlobal>

namespace gatehouse::core::services {

class AccountService;

// Who is acting: made only by AccountService (a successful login or a verified local session token).
// It names the user and nothing more; every service call re-reads that user's state and permissions from
// the database, so disabling a user or changing a role takes effect at the next call.
class Principal
{
public:
    Principal() = default;
    bool isValid() const { return m_userId > 0; }
    qint64 userId() const { return m_userId; }
    QString username() const { return m_username; }
    qint64 authenticatedAt() const { return m_authenticatedAt; }

private:
    friend class AccountService;
    Principal(qint64 userId, const QString& username, qint64 at)
        : m_userId(userId), m_username(username), m_authenticatedAt(at)
    {
    }

    qint64 m_userId = 0;
    QString m_username;
    qint64 m_authenticatedAt = 0;
};

} // namespace gatehouse::core::services
