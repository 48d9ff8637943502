#pragma once

#include "common/Result.h"
#include "services/LoginResult.h"
#include "services/Principal.h"
#include "services/ServiceContext.h"
#include "services/UserSummary.h"

#include <QAtomicInteger>
#include <QMutex>

namespace gatehouse::core::services {

// Accounts in local mode: first admin, registration, login with lockout and rehash, local session tokens,
// password changes and the admin actions on accounts. Every admin action checks the acting Principal's
// permissions inside the call and is audited (success inside its transaction, denial afterwards).
//
// Login: an unknown user and a wrong password give the same error (auth.invalid) after the same work
// (an unknown user is verified against a dummy hash made with the policy). From LockoutPolicy::threshold
// consecutive failures on the account is locked with a growing delay (account.locked), persisted in
// gh_account. A correct password on a disabled account gives account.disabled (a wrong one, auth.invalid).
// On success a hash below the policy (fewer iterations, legacy sha256$...) is replaced.
//
// Error codes: auth.invalid, account.locked, account.disabled, auth.session_invalid, auth.token_invalid,
// setup.not_empty, user.invalid_name, user.exists, user.not_found, admin.last, perm.denied,
// password.* (PasswordPolicy, password.wrong_current), keystore.*, db.*.
//
// Thread-safety: methods may be called from several threads (each uses its thread's connection).
// Hashing runs outside write transactions so the write lock is never held for a hash.
class AccountService
{
public:
    explicit AccountService(ServiceContext context);

    // Whether the database has no user at all: the first screen then creates the first admin.
    Result<bool> needsFirstAdmin() const;
    // Creates the first account with the admin role; setup.not_empty once any user exists.
    Result<Principal> createFirstAdmin(const QString& username, const QString& password);
    // Whether the database has accounts but no enabled admin (a Flask app's file just adopted).
    Result<bool> needsAdminClaim() const;
    // On such a database, an existing user proves their password and becomes admin; setup.has_admin once
    // an enabled admin exists (and the login errors of login()).
    Result<Principal> claimFirstAdmin(const QString& username, const QString& password);
    // Self-registration: a new account with the default "user" role.
    Result<qint64> registerUser(const QString& username, const QString& password);
    // An admin creates an account (user.manage), optionally forcing a password change at first login.
    Result<qint64> createUser(const Principal& actor, const QString& username, const QString& password,
                              bool mustChangePassword);

    Result<LoginResult> login(const QString& username, const QString& password);
    // A token issued by login() for this database, unexpired, for a user still enabled, and issued after the
    // account's last password change, reset or disable (its credential epoch; auth.session_invalid otherwise).
    Result<Principal> verifyToken(const QByteArray& token) const;

    // Changing the password ends every session of the account, `actor` included (CredentialEpoch).
    Status changePassword(const Principal& actor, const QString& currentPassword, const QString& newPassword);
    // The same, returning a new session (Principal and token) for the caller to continue with.
    Result<LoginResult> changePasswordAndRenew(const Principal& actor, const QString& currentPassword,
                                               const QString& newPassword);
    // user.manage: sets a temporary password and forces a change at next login; ends the account's sessions.
    Status resetPassword(const Principal& actor, qint64 userId, const QString& temporaryPassword);
    // Disabling ends the account's sessions for good (enabling does not revive them).
    Status setDisabled(const Principal& actor, qint64 userId, bool disabled);
    Status unlock(const Principal& actor, qint64 userId);
    Status deleteUser(const Principal& actor, qint64 userId);
    // user.view
    Result<QList<UserSummary>> listUsers(const Principal& actor) const;
    Result<UserSummary> findUser(const Principal& actor, const QString& username) const;

    Result<int> passwordMinLength() const;
    // user.manage; between PasswordPolicy::kLowestMinLength and kMaxLength.
    Status setPasswordMinLength(const Principal& actor, int minLength);

    // How many password verifications this service ran (tests check that unknown users cost one too).
    quint64 verificationCount() const { return m_verifications.loadRelaxed(); }

private:
    struct StoredUser;
    Result<QString> dummyHash();
    bool verifyPassword(const QString& password, const QString& hash);
    Result<qint64> insertUser(QSqlDatabase& db, const QString& username, const QString& hash, const QString& role,
                              bool mustChange);
    Status validateNewPassword(const QString& password, const QString& username) const;
    Result<QByteArray> issueToken(const Principal& principal, qint64 now, qint64 expiresAt) const;
    // Runs an admin action on `userId` with `permission`, auditing the outcome as `action`.
    Status adminAction(const Principal& principal, const QString& permission, const QString& action, qint64 userId,
                       const std::function<Status(QSqlDatabase&, qint64 now)>& body, const QString& detail = {});

    ServiceContext m_ctx;
    QMutex m_dummyMutex;
    QString m_dummyHash;
    QAtomicInteger<quint64> m_verifications = 0;
};

} // namespace gatehouse::core::services
