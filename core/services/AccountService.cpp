#include "services/AccountService.h"

#include "crypto/SecureRandom.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtVerifier.h"
#include "password/PasswordHash.h"
#include "password/PasswordHasher.h"
#include "services/Actor.h"
#include "services/AdminGuard.h"
#include "services/AuditLog.h"
#include "services/CredentialEpoch.h"
#include "services/PasswordPolicy.h"
#include "services/Permissions.h"
#include "store/SqlStatement.h"

#include <QJsonObject>
#include <QMutexLocker>

#include <openssl/crypto.h>

namespace gatehouse::core::services {

using password::PasswordHasher;
using store::SqlStatement;

namespace {

const QString kIssuer = QStringLiteral("gatehouse-local");
// The account's credential epoch at issue time (CredentialEpoch); a token without it is refused.
const QString kEpochClaim = QStringLiteral("gh_cep");

Error invalidCredentials()
{
    return Error::make(QStringLiteral("auth.invalid"), QStringLiteral("Wrong username or password."));
}

Error userNotFound()
{
    return Error::make(QStringLiteral("user.not_found"), QStringLiteral("There is no such user."));
}

Status checkUsername(const QString& username)
{
    const qsizetype length = username.toUcs4().size();
    bool control = false;
    for (const QChar c : username)
        control = control || c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
                  c == QChar::ParagraphSeparator;
    if (length < 1 || length > 80 || control || username.trimmed() != username)
        return Error::make(QStringLiteral("user.invalid_name"),
                           QStringLiteral("A username has 1 to 80 characters, no control characters and no "
                                          "leading or trailing spaces."),
                           QStringLiteral("username"));
    return {};
}

QString hashScheme(const QString& hash)
{
    const qsizetype dollar = hash.indexOf(QLatin1Char('$'));
    if (dollar < 0)
        return QStringLiteral("unknown");
    return hash.left(dollar).left(40);
}

Error mapUnique(const Error& e)
{
    if (e.code == QLatin1String("db.constraint") && e.message.contains(QLatin1String("user.username")))
        return Error::make(QStringLiteral("user.exists"), QStringLiteral("That username is taken."),
                           QStringLiteral("username"));
    return e;
}

// Locks the password's UTF-8 copy away on every path.
class Wiped
{
public:
    explicit Wiped(const QString& s) : m_bytes(s.toUtf8()) {}
    ~Wiped() { OPENSSL_cleanse(m_bytes.data(), std::size_t(m_bytes.size())); }
    Wiped(const Wiped&) = delete;
    Wiped& operator=(const Wiped&) = delete;
    QByteArrayView view() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

} // namespace

struct AccountService::StoredUser
{
    qint64 id = 0;
    QString username;
    QString hash;
    bool hasAccount = false;
    bool disabled = false;
    int failedLogins = 0;
    qint64 lockedUntil = 0;
    bool mustChange = false;
};

AccountService::AccountService(ServiceContext context) : m_ctx(std::move(context)) {}

Result<QString> AccountService::dummyHash()
{
    QMutexLocker lock(&m_dummyMutex);
    if (m_dummyHash.isEmpty()) {
        auto random = crypto::secureRandomBytes(24);
        if (!random)
            return random.error();
        auto hash = PasswordHasher::make(QByteArrayView(random.value().toHex()), m_ctx.hashPolicy);
        if (!hash)
            return hash.error();
        m_dummyHash = hash.value();
    }
    return m_dummyHash;
}

bool AccountService::verifyPassword(const QString& password, const QString& hash)
{
    m_verifications.fetchAndAddRelaxed(1);
    Wiped utf8(password);
    const QByteArray hashBytes = hash.toUtf8();
    auto ok = PasswordHasher::verify(utf8.view(), QByteArrayView(hashBytes));
    return ok.ok() && ok.value(); // a malformed stored hash denies (fail closed)
}

Result<int> AccountService::passwordMinLength() const
{
    auto conn = m_ctx.db->connection();
    if (!conn)
        return conn.error();
    auto v =
        SqlStatement::run(conn.value(), QStringLiteral("SELECT value FROM gh_meta WHERE key = 'password_min_length'"),
                          {}, QStringLiteral("policy"));
    if (!v)
        return v.error();
    if (!v.value().next())
        return PasswordPolicy::kDefaultMinLength;
    return qBound(PasswordPolicy::kLowestMinLength, v.value().value(0).toInt(), PasswordPolicy::kMaxLength);
}

Status AccountService::validateNewPassword(const QString& password, const QString& username) const
{
    auto min = passwordMinLength();
    if (!min)
        return min.error();
    return PasswordPolicy::check(password, min.value(), username);
}

Result<qint64> AccountService::insertUser(QSqlDatabase& db, const QString& username, const QString& hash,
                                          const QString& role, bool mustChange)
{
    auto user = SqlStatement::run(db, QStringLiteral("INSERT INTO \"user\" (username, password) VALUES (?, ?)"),
                                  {username, hash}, QStringLiteral("user.insert"));
    if (!user)
        return mapUnique(user.error());
    const qint64 id = user.value().lastInsertId().toLongLong();
    if (auto r = SqlStatement::run(
            db, QStringLiteral("INSERT INTO gh_account (user_id, must_change_password, created_at) VALUES (?, ?, ?)"),
            {id, mustChange ? 1 : 0, m_ctx.clock->nowSeconds()}, QStringLiteral("user.insert"));
        !r)
        return r.error();
    if (auto r =
            SqlStatement::run(db,
                              QStringLiteral("INSERT INTO gh_user_role (user_id, role_id) SELECT ?, id FROM gh_role "
                                             "WHERE name = ?"),
                              {id, role}, QStringLiteral("user.insert"));
        !r)
        return r.error();
    return id;
}

Result<bool> AccountService::needsFirstAdmin() const
{
    auto conn = m_ctx.db->connection();
    if (!conn)
        return conn.error();
    auto n = SqlStatement::scalar(conn.value(), QStringLiteral("SELECT count(*) FROM \"user\""), {},
                                  QStringLiteral("setup"));
    if (!n)
        return n.error();
    return n.value().toLongLong() == 0;
}

Result<Principal> AccountService::createFirstAdmin(const QString& username, const QString& password)
{
    if (Status s = checkUsername(username); !s)
        return s.error();
    if (Status s = validateNewPassword(password, username); !s)
        return s.error();
    auto hash = PasswordHasher::make(password, m_ctx.hashPolicy);
    if (!hash)
        return hash.error();
    const qint64 now = m_ctx.clock->nowSeconds();
    return m_ctx.db->write<Principal>([&](QSqlDatabase& c) -> Result<Principal> {
        // Checked inside the write lock, so two first runs cannot both win.
        auto n = SqlStatement::scalar(c, QStringLiteral("SELECT count(*) FROM \"user\""), {}, QStringLiteral("setup"));
        if (!n)
            return n.error();
        if (n.value().toLongLong() != 0)
            return Error::make(QStringLiteral("setup.not_empty"),
                               QStringLiteral("The database already has accounts; the first admin exists."));
        auto id = insertUser(c, username, hash.value(), Permissions::adminRole(), false);
        if (!id)
            return id.error();
        if (Status s = AuditLog::record(c, now,
                                        {0,
                                         now,
                                         id.value(),
                                         username,
                                         QStringLiteral("setup.first_admin"),
                                         username,
                                         QStringLiteral("ok"),
                                         {}});
            !s)
            return s.error();
        auto epoch = CredentialEpoch::current(c, id.value());
        if (!epoch)
            return epoch.error();
        return Principal(id.value(), username, now, epoch.value());
    });
}

Result<bool> AccountService::needsAdminClaim() const
{
    auto conn = m_ctx.db->connection();
    if (!conn)
        return conn.error();
    auto n = SqlStatement::scalar(
        conn.value(),
        QStringLiteral("SELECT (SELECT count(*) FROM \"user\") > 0 AND NOT EXISTS (SELECT 1 FROM gh_user_role ur "
                       "JOIN gh_role r ON r.id = ur.role_id AND r.name = 'admin' JOIN \"user\" u ON u.id = ur.user_id "
                       "LEFT JOIN gh_account a ON a.user_id = ur.user_id WHERE coalesce(a.disabled, 0) = 0)"),
        {}, QStringLiteral("setup"));
    if (!n)
        return n.error();
    return n.value().toInt() != 0;
}

Result<Principal> AccountService::claimFirstAdmin(const QString& username, const QString& password)
{
    auto needed = needsAdminClaim();
    if (!needed)
        return needed.error();
    const Error hasAdmin =
        Error::make(QStringLiteral("setup.has_admin"), QStringLiteral("The database already has an administrator."));
    if (!needed.value())
        return hasAdmin;
    auto login = this->login(username, password);
    if (!login)
        return login.error();
    const Principal p = login.value().principal;
    const qint64 now = m_ctx.clock->nowSeconds();
    const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        // Re-checked under the write lock: two claims cannot both win.
        auto admins = SqlStatement::scalar(
            c,
            QStringLiteral("SELECT count(*) FROM gh_user_role ur JOIN gh_role r ON r.id = ur.role_id AND r.name = "
                           "'admin' JOIN \"user\" u ON u.id = ur.user_id LEFT JOIN gh_account a ON a.user_id = "
                           "ur.user_id WHERE coalesce(a.disabled, 0) = 0"),
            {}, QStringLiteral("setup.claim"));
        if (!admins)
            return admins.error();
        if (admins.value().toLongLong() > 0)
            return hasAdmin;
        if (auto r =
                SqlStatement::run(c,
                                  QStringLiteral("INSERT OR IGNORE INTO gh_user_role (user_id, role_id) SELECT ?, id "
                                                 "FROM gh_role WHERE name = 'admin'"),
                                  {p.userId()}, QStringLiteral("setup.claim"));
            !r)
            return r.error();
        return AuditLog::record(c, now,
                                {0,
                                 now,
                                 p.userId(),
                                 p.username(),
                                 QStringLiteral("setup.claim_admin"),
                                 p.username(),
                                 QStringLiteral("ok"),
                                 {}});
    });
    if (!s)
        return s.error();
    return p;
}

Result<qint64> AccountService::registerUser(const QString& username, const QString& password)
{
    if (Status s = checkUsername(username); !s)
        return s.error();
    if (Status s = validateNewPassword(password, username); !s)
        return s.error();
    auto hash = PasswordHasher::make(password, m_ctx.hashPolicy);
    if (!hash)
        return hash.error();
    const qint64 now = m_ctx.clock->nowSeconds();
    auto id = m_ctx.db->write<qint64>([&](QSqlDatabase& c) -> Result<qint64> {
        auto id = insertUser(c, username, hash.value(), Permissions::defaultRole(), false);
        if (!id)
            return id.error();
        if (Status s = AuditLog::record(
                c, now,
                {0, now, id.value(), username, QStringLiteral("user.register"), username, QStringLiteral("ok"), {}});
            !s)
            return s.error();
        return id;
    });
    if (!id)
        (void)AuditLog::recordStandalone(
            *m_ctx.db, now,
            {0, now, 0, {}, QStringLiteral("user.register"), username, QStringLiteral("failed"), id.error().code});
    return id;
}

Result<qint64> AccountService::createUser(const Principal& principal, const QString& username, const QString& password,
                                          bool mustChangePassword)
{
    if (Status s = checkUsername(username); !s)
        return s.error();
    if (Status s = validateNewPassword(password, username); !s)
        return s.error();
    const qint64 now = m_ctx.clock->nowSeconds();
    // Permission first (cheap), then the hash outside the write lock, then the insert re-checks.
    {
        auto conn = m_ctx.db->connection();
        if (!conn)
            return conn.error();
        auto actor = Actor::load(conn.value(), principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::userManage()); !s) {
            (void)AuditLog::recordStandalone(*m_ctx.db, now,
                                             {0, now, actor.value().userId(), actor.value().username(),
                                              QStringLiteral("user.create"), username, QStringLiteral("denied"),
                                              s.error().code});
            return s.error();
        }
    }
    auto hash = PasswordHasher::make(password, m_ctx.hashPolicy);
    if (!hash)
        return hash.error();
    return m_ctx.db->write<qint64>([&](QSqlDatabase& c) -> Result<qint64> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::userManage()); !s)
            return s.error();
        auto id = insertUser(c, username, hash.value(), Permissions::defaultRole(), mustChangePassword);
        if (!id)
            return id.error();
        if (Status s = AuditLog::record(c, now,
                                        {0, now, actor.value().userId(), actor.value().username(),
                                         QStringLiteral("user.create"), username, QStringLiteral("ok"),
                                         mustChangePassword ? QStringLiteral("must change password") : QString()});
            !s)
            return s.error();
        return id;
    });
}

Result<LoginResult> AccountService::login(const QString& username, const QString& password)
{
    const qint64 now = m_ctx.clock->nowSeconds();
    auto dummy = dummyHash();
    if (!dummy)
        return dummy.error();

    auto stored = m_ctx.db->read<StoredUser>([&](QSqlDatabase& c) -> Result<StoredUser> {
        auto q = SqlStatement::run(
            c,
            QStringLiteral("SELECT u.id, u.username, u.password, a.user_id IS NOT NULL, coalesce(a.disabled, 0), "
                           "coalesce(a.failed_logins, 0), coalesce(a.locked_until, 0), "
                           "coalesce(a.must_change_password, 0) FROM \"user\" u "
                           "LEFT JOIN gh_account a ON a.user_id = u.id WHERE u.username = ?"),
            {username}, QStringLiteral("login"));
        if (!q)
            return q.error();
        StoredUser u;
        if (q.value().next()) {
            const QSqlQuery& r = q.value();
            u = StoredUser{r.value(0).toLongLong(), r.value(1).toString(),   r.value(2).toString(),
                           r.value(3).toBool(),     r.value(4).toInt() != 0, r.value(5).toInt(),
                           r.value(6).toLongLong(), r.value(7).toInt() != 0};
        }
        return u;
    });
    if (!stored)
        return stored.error();
    const StoredUser& user = stored.value();

    auto audit = [&](const QString& outcome, const QString& detail) {
        (void)AuditLog::recordStandalone(*m_ctx.db, now,
                                         {0, now, user.id, user.id ? user.username : QString(),
                                          QStringLiteral("auth.login"), username, outcome, detail});
    };

    if (user.id == 0) {
        verifyPassword(password, dummy.value()); // the same work as for a real account
        audit(QStringLiteral("failed"), QStringLiteral("unknown user"));
        return invalidCredentials();
    }
    if (user.lockedUntil > now) {
        verifyPassword(password, dummy.value());
        audit(QStringLiteral("failed"), QStringLiteral("locked"));
        return Error::make(
            QStringLiteral("account.locked"),
            QStringLiteral("Too many failed logins: try again in %1 seconds.").arg(user.lockedUntil - now));
    }
    if (!verifyPassword(password, user.hash)) {
        const LockoutPolicy& lp = m_ctx.lockout;
        const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
            if (auto r = SqlStatement::run(c,
                                           QStringLiteral("INSERT OR IGNORE INTO gh_account (user_id, created_at) "
                                                          "VALUES (?, ?)"),
                                           {user.id, now}, QStringLiteral("login.fail"));
                !r)
                return r.error();
            auto n = SqlStatement::scalar(c,
                                          QStringLiteral("UPDATE gh_account SET failed_logins = failed_logins + 1 "
                                                         "WHERE user_id = ? RETURNING failed_logins"),
                                          {user.id}, QStringLiteral("login.fail"));
            if (!n)
                return n.error();
            const int failures = n.value().toInt();
            QString detail = QStringLiteral("wrong password");
            if (failures >= lp.threshold) {
                const int steps = qMin(failures - lp.threshold, 30);
                const qint64 delay = qMin(lp.maxDelaySeconds, lp.baseDelaySeconds << steps);
                if (auto r =
                        SqlStatement::run(c, QStringLiteral("UPDATE gh_account SET locked_until = ? WHERE user_id = ?"),
                                          {now + delay, user.id}, QStringLiteral("login.lock"));
                    !r)
                    return r.error();
                detail += QStringLiteral("; locked for %1 s after %2 failures").arg(delay).arg(failures);
            }
            return AuditLog::record(c, now,
                                    {0, now, user.id, user.username, QStringLiteral("auth.login"), username,
                                     QStringLiteral("failed"), detail});
        });
        if (!s)
            return s.error();
        return invalidCredentials();
    }
    if (user.disabled) {
        audit(QStringLiteral("failed"), QStringLiteral("disabled"));
        return Error::make(QStringLiteral("account.disabled"), QStringLiteral("This account is disabled."));
    }

    // Success. A hash below the policy is replaced; it is computed before the write lock is taken.
    QString newHash;
    {
        const QByteArray hashBytes = user.hash.toUtf8();
        auto needs = PasswordHasher::needsRehash(QByteArrayView(hashBytes), m_ctx.hashPolicy);
        if (needs.ok() && needs.value()) {
            auto made = PasswordHasher::make(password, m_ctx.hashPolicy);
            if (made)
                newHash = made.value();
        }
    }
    bool upgraded = false;
    qint64 epoch = 0;
    const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto adopt =
            SqlStatement::run(c, QStringLiteral("INSERT OR IGNORE INTO gh_account (user_id, created_at) VALUES (?, ?)"),
                              {user.id, now}, QStringLiteral("login.ok"));
        if (!adopt)
            return adopt.error();
        if (adopt.value().numRowsAffected() > 0) {
            // Registered by the Flask app after Gatehouse adopted the file: an ordinary user.
            if (auto r =
                    SqlStatement::run(c,
                                      QStringLiteral("INSERT OR IGNORE INTO gh_user_role (user_id, role_id) SELECT ?, "
                                                     "id FROM gh_role WHERE name = ?"),
                                      {user.id, Permissions::defaultRole()}, QStringLiteral("login.adopt"));
                !r)
                return r.error();
            if (Status a = AuditLog::record(c, now,
                                            {0, now, user.id, user.username, QStringLiteral("account.adopt"),
                                             user.username, QStringLiteral("ok"), QStringLiteral("role user")});
                !a)
                return a;
        }
        if (auto r = SqlStatement::run(c,
                                       QStringLiteral("UPDATE gh_account SET failed_logins = 0, locked_until = NULL, "
                                                      "last_login = ? WHERE user_id = ?"),
                                       {now, user.id}, QStringLiteral("login.ok"));
            !r)
            return r.error();
        if (!newHash.isEmpty()) {
            // Only if nobody changed the password meanwhile.
            auto r =
                SqlStatement::run(c, QStringLiteral("UPDATE \"user\" SET password = ? WHERE id = ? AND password = ?"),
                                  {newHash, user.id, user.hash}, QStringLiteral("login.rehash"));
            if (!r)
                return r.error();
            upgraded = r.value().numRowsAffected() > 0;
        }
        auto e = CredentialEpoch::current(c, user.id);
        if (!e)
            return e.error();
        epoch = e.value();
        return AuditLog::record(
            c, now,
            {0, now, user.id, user.username, QStringLiteral("auth.login"), user.username, QStringLiteral("ok"),
             upgraded ? QStringLiteral("hash upgraded from %1").arg(hashScheme(user.hash)) : QString()});
    });
    if (!s)
        return s.error();

    LoginResult result;
    result.principal = Principal(user.id, user.username, now, epoch);
    result.mustChangePassword = user.mustChange;
    result.hashUpgraded = upgraded;
    result.expiresAt = now + m_ctx.tokenLifetimeSeconds;
    if (m_ctx.keys) {
        auto token = issueToken(result.principal, now, result.expiresAt);
        if (!token)
            return token.error();
        result.token = token.value();
    }
    return result;
}

Result<QByteArray> AccountService::issueToken(const Principal& principal, qint64 now, qint64 expiresAt) const
{
    auto secret = m_ctx.keys->loadOrCreate(m_ctx.db->databaseId());
    if (!secret)
        return secret.error();
    auto key = jwt::JwtKey::fromHmacSecret(secret.value());
    OPENSSL_cleanse(secret.value().data(), std::size_t(secret.value().size()));
    if (!key)
        return key.error();
    auto jti = crypto::secureRandomBytes(16);
    if (!jti)
        return jti.error();
    QJsonObject payload{{QStringLiteral("iss"), kIssuer},
                        {QStringLiteral("aud"), m_ctx.db->databaseId()},
                        {QStringLiteral("sub"), QString::number(principal.userId())},
                        {QStringLiteral("name"), principal.username()},
                        {QStringLiteral("iat"), now},
                        {QStringLiteral("exp"), expiresAt},
                        {kEpochClaim, principal.credentialEpoch()},
                        {QStringLiteral("jti"), QString::fromLatin1(jti.value().toHex())}};
    return jwt::JwtEncoder::sign(jwt::Algorithm::HS256, payload, key.value());
}

Result<Principal> AccountService::verifyToken(const QByteArray& token) const
{
    const Error invalid =
        Error::make(QStringLiteral("auth.token_invalid"),
                    QStringLiteral("The saved session is not valid for this database; log in again."));
    if (!m_ctx.keys)
        return invalid;
    auto secret = m_ctx.keys->loadOrCreate(m_ctx.db->databaseId());
    if (!secret)
        return secret.error();
    auto key = jwt::JwtKey::fromHmacSecret(secret.value());
    OPENSSL_cleanse(secret.value().data(), std::size_t(secret.value().size()));
    if (!key)
        return key.error();
    jwt::JwtVerifier verifier(key.value(), {jwt::Algorithm::HS256});
    jwt::ClaimRequirements req;
    req.clock = m_ctx.clock;
    req.leewaySeconds = 30;
    req.requiredClaims = {QStringLiteral("exp"), QStringLiteral("sub"), QStringLiteral("iat"), kEpochClaim};
    req.expectedIssuer = kIssuer;
    req.expectedAudiences = {m_ctx.db->databaseId()};
    verifier.setClaimRequirements(req);
    auto verified = verifier.verify(token);
    if (!verified)
        return Error::make(invalid.code, invalid.message, verified.error().code);
    const QJsonObject payload = verified.value().payloadObject();
    bool ok = false;
    const qint64 userId = payload.value(QStringLiteral("sub")).toString().toLongLong(&ok);
    const QJsonValue epoch = payload.value(kEpochClaim);
    if (!ok || userId <= 0 || !epoch.isDouble())
        return invalid;
    auto conn = m_ctx.db->connection();
    if (!conn)
        return conn.error();
    Principal candidate(userId, payload.value(QStringLiteral("name")).toString(),
                        qint64(payload.value(QStringLiteral("iat")).toDouble()), qint64(epoch.toDouble()));
    // Refuses a token issued before a password change, reset or disable (an older epoch).
    auto actor = Actor::load(conn.value(), candidate);
    if (!actor)
        return actor.error();
    return Principal(userId, actor.value().username(), candidate.authenticatedAt(), candidate.credentialEpoch());
}

Status AccountService::changePassword(const Principal& principal, const QString& currentPassword,
                                      const QString& newPassword)
{
    auto renewed = changePasswordAndRenew(principal, currentPassword, newPassword);
    if (!renewed)
        return renewed.error();
    return {};
}

Result<LoginResult> AccountService::changePasswordAndRenew(const Principal& principal, const QString& currentPassword,
                                                           const QString& newPassword)
{
    const qint64 now = m_ctx.clock->nowSeconds();
    auto conn = m_ctx.db->connection();
    if (!conn)
        return conn.error();
    auto actor = Actor::load(conn.value(), principal);
    if (!actor)
        return actor.error();
    auto stored = SqlStatement::scalar(conn.value(), QStringLiteral("SELECT password FROM \"user\" WHERE id = ?"),
                                       {principal.userId()}, QStringLiteral("passwd"));
    if (!stored)
        return stored.error();
    const QString oldHash = stored.value().toString();
    if (!verifyPassword(currentPassword, oldHash)) {
        (void)AuditLog::recordStandalone(*m_ctx.db, now,
                                         {0, now, principal.userId(), actor.value().username(),
                                          QStringLiteral("user.passwd"), actor.value().username(),
                                          QStringLiteral("failed"), QStringLiteral("wrong current password")});
        return Error::make(QStringLiteral("password.wrong_current"), QStringLiteral("The current password is wrong."),
                           QStringLiteral("current"));
    }
    if (Status s = validateNewPassword(newPassword, actor.value().username()); !s)
        return s.error();
    if (newPassword == currentPassword)
        return Error::make(QStringLiteral("password.unchanged"),
                           QStringLiteral("Choose a password you have not used here."), QStringLiteral("password"));
    auto hash = PasswordHasher::make(newPassword, m_ctx.hashPolicy);
    if (!hash)
        return hash.error();
    qint64 epoch = 0;
    const Status written = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto r = SqlStatement::run(c, QStringLiteral("UPDATE \"user\" SET password = ? WHERE id = ? AND password = ?"),
                                   {hash.value(), principal.userId(), oldHash}, QStringLiteral("passwd"));
        if (!r)
            return r.error();
        if (r.value().numRowsAffected() != 1)
            return Error::make(QStringLiteral("password.changed_meanwhile"),
                               QStringLiteral("The password was changed meanwhile; try again."));
        if (auto a =
                SqlStatement::run(c, QStringLiteral("UPDATE gh_account SET must_change_password = 0 WHERE user_id = ?"),
                                  {principal.userId()}, QStringLiteral("passwd"));
            !a)
            return a.error();
        if (Status b = CredentialEpoch::bump(c, principal.userId()); !b)
            return b;
        auto e = CredentialEpoch::current(c, principal.userId());
        if (!e)
            return e.error();
        epoch = e.value();
        return AuditLog::record(c, now,
                                {0,
                                 now,
                                 principal.userId(),
                                 actor.value().username(),
                                 QStringLiteral("user.passwd"),
                                 actor.value().username(),
                                 QStringLiteral("ok"),
                                 {}});
    });
    if (!written)
        return written.error();
    LoginResult result;
    result.principal = Principal(principal.userId(), actor.value().username(), now, epoch);
    result.expiresAt = now + m_ctx.tokenLifetimeSeconds;
    if (m_ctx.keys) {
        auto token = issueToken(result.principal, now, result.expiresAt);
        if (!token)
            return token.error();
        result.token = token.value();
    }
    return result;
}

Status AccountService::adminAction(const Principal& principal, const QString& permission, const QString& action,
                                   qint64 userId, const std::function<Status(QSqlDatabase&, qint64)>& body,
                                   const QString& detail)
{
    const qint64 now = m_ctx.clock->nowSeconds();
    QString actorName;
    QString targetName = QStringLiteral("#%1").arg(userId);
    const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        actorName = actor.value().username();
        // The target's name is looked up first so that a denial is audited with it.
        auto q = SqlStatement::run(c, QStringLiteral("SELECT username FROM \"user\" WHERE id = ?"), {userId},
                                   QStringLiteral("user.lookup"));
        if (!q)
            return q.error();
        const bool found = q.value().next();
        if (found)
            targetName = q.value().value(0).toString();
        if (Status p = actor.value().require(permission); !p)
            return p;
        if (!found)
            return userNotFound();
        // Nobody manages an account that holds rights they lack (a user.manage-only role cannot reset an admin).
        auto targetPerms = Actor::permissionsOf(c, userId);
        if (!targetPerms)
            return targetPerms.error();
        if (Status p = actor.value().requireAll(targetPerms.value(), QStringLiteral("Managing this account")); !p)
            return p;
        if (Status b = body(c, now); !b)
            return b;
        return AuditLog::record(
            c, now, {0, now, principal.userId(), actorName, action, targetName, QStringLiteral("ok"), detail});
    });
    if (!s && !s.error().code.startsWith(QLatin1String("db."))) {
        const bool denied =
            s.error().code == QLatin1String("perm.denied") || s.error().code == QLatin1String("admin.last");
        (void)AuditLog::recordStandalone(*m_ctx.db, now,
                                         {0, now, principal.userId(), actorName, action, targetName,
                                          denied ? QStringLiteral("denied") : QStringLiteral("failed"),
                                          s.error().code});
    }
    return s;
}

Status AccountService::resetPassword(const Principal& principal, qint64 userId, const QString& temporaryPassword)
{
    auto min = passwordMinLength();
    if (!min)
        return min.error();
    if (Status s = PasswordPolicy::check(temporaryPassword, min.value()); !s)
        return s;
    auto hash = PasswordHasher::make(temporaryPassword, m_ctx.hashPolicy);
    if (!hash)
        return hash.error();
    return adminAction(
        principal, Permissions::userManage(), QStringLiteral("user.reset_password"), userId,
        [&](QSqlDatabase& c, qint64 now) -> Status {
            if (auto r = SqlStatement::run(c, QStringLiteral("UPDATE \"user\" SET password = ? WHERE id = ?"),
                                           {hash.value(), userId}, QStringLiteral("reset"));
                !r)
                return r.error();
            auto r =
                SqlStatement::run(c,
                                  QStringLiteral("INSERT INTO gh_account (user_id, created_at, must_change_password) "
                                                 "VALUES (?, ?, 1) ON CONFLICT(user_id) DO UPDATE SET "
                                                 "must_change_password = 1, failed_logins = 0, locked_until = NULL"),
                                  {userId, now}, QStringLiteral("reset"));
            if (!r)
                return r.error();
            return CredentialEpoch::bump(c, userId);
        },
        QStringLiteral("must change password"));
}

Status AccountService::setDisabled(const Principal& principal, qint64 userId, bool disabled)
{
    return adminAction(
        principal, Permissions::userManage(), disabled ? QStringLiteral("user.disable") : QStringLiteral("user.enable"),
        userId, [&](QSqlDatabase& c, qint64 now) -> Status {
            if (disabled) {
                if (Status g = AdminGuard::ensureNotLastAdmin(c, userId); !g)
                    return g;
            }
            auto r = SqlStatement::run(c,
                                       QStringLiteral("INSERT INTO gh_account (user_id, created_at, disabled) "
                                                      "VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET "
                                                      "disabled = excluded.disabled"),
                                       {userId, now, disabled ? 1 : 0}, QStringLiteral("disable"));
            if (!r)
                return r.error();
            // Enabling again does not revive the sessions the account had before it was disabled.
            return disabled ? CredentialEpoch::bump(c, userId) : Status();
        });
}

Status AccountService::unlock(const Principal& principal, qint64 userId)
{
    return adminAction(
        principal, Permissions::userManage(), QStringLiteral("user.unlock"), userId,
        [&](QSqlDatabase& c, qint64) -> Status {
            auto r = SqlStatement::run(
                c, QStringLiteral("UPDATE gh_account SET failed_logins = 0, locked_until = NULL WHERE user_id = ?"),
                {userId}, QStringLiteral("unlock"));
            return r ? Status() : Status(r.error());
        });
}

Status AccountService::deleteUser(const Principal& principal, qint64 userId)
{
    return adminAction(principal, Permissions::userManage(), QStringLiteral("user.delete"), userId,
                       [&](QSqlDatabase& c, qint64) -> Status {
                           if (Status g = AdminGuard::ensureNotLastAdmin(c, userId); !g)
                               return g;
                           auto r = SqlStatement::run(c, QStringLiteral("DELETE FROM \"user\" WHERE id = ?"), {userId},
                                                      QStringLiteral("delete"));
                           return r ? Status() : Status(r.error());
                       });
}

Result<QList<UserSummary>> AccountService::listUsers(const Principal& principal) const
{
    return m_ctx.db->read<QList<UserSummary>>([&](QSqlDatabase& c) -> Result<QList<UserSummary>> {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        if (Status s = actor.value().require(Permissions::userView()); !s)
            return s.error();
        auto q = SqlStatement::run(
            c,
            QStringLiteral(
                "SELECT u.id, u.username, coalesce(a.disabled, 0), coalesce(a.failed_logins, 0), "
                "coalesce(a.locked_until, 0), coalesce(a.must_change_password, 0), coalesce(a.created_at, 0), "
                "coalesce(a.last_login, 0), u.password, "
                "(SELECT group_concat(name, ',') FROM (SELECT r.name FROM gh_user_role ur JOIN gh_role r "
                "ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.name)) "
                "FROM \"user\" u LEFT JOIN gh_account a ON a.user_id = u.id ORDER BY u.id"),
            {}, QStringLiteral("user.list"));
        if (!q)
            return q.error();
        QList<UserSummary> out;
        while (q.value().next()) {
            const QSqlQuery& r = q.value();
            UserSummary u;
            u.id = r.value(0).toLongLong();
            u.username = r.value(1).toString();
            u.disabled = r.value(2).toInt() != 0;
            u.failedLogins = r.value(3).toInt();
            u.lockedUntil = r.value(4).toLongLong();
            u.mustChangePassword = r.value(5).toInt() != 0;
            u.createdAt = r.value(6).toLongLong();
            u.lastLogin = r.value(7).toLongLong();
            u.hashScheme = hashScheme(r.value(8).toString());
            const QString roles = r.value(9).toString();
            u.roles = roles.isEmpty() ? QStringList() : roles.split(QLatin1Char(','));
            out << u;
        }
        return out;
    });
}

Result<UserSummary> AccountService::findUser(const Principal& principal, const QString& username) const
{
    auto all = listUsers(principal);
    if (!all)
        return all.error();
    for (const UserSummary& u : all.value()) {
        if (u.username == username)
            return u;
    }
    return userNotFound();
}

Status AccountService::setPasswordMinLength(const Principal& principal, int minLength)
{
    if (minLength < PasswordPolicy::kLowestMinLength || minLength > PasswordPolicy::kMaxLength)
        return Error::make(QStringLiteral("password.policy"),
                           QStringLiteral("The minimum length must be between %1 and %2.")
                               .arg(PasswordPolicy::kLowestMinLength)
                               .arg(PasswordPolicy::kMaxLength));
    const qint64 now = m_ctx.clock->nowSeconds();
    QString actorName;
    const Status s = m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        auto actor = Actor::load(c, principal);
        if (!actor)
            return actor.error();
        actorName = actor.value().username();
        if (Status p = actor.value().require(Permissions::userManage()); !p)
            return p;
        auto r = SqlStatement::run(c,
                                   QStringLiteral("INSERT INTO gh_meta (key, value) VALUES ('password_min_length', ?) "
                                                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                                   {QString::number(minLength)}, QStringLiteral("policy"));
        if (!r)
            return r.error();
        return AuditLog::record(c, now,
                                {0,
                                 now,
                                 principal.userId(),
                                 actorName,
                                 QStringLiteral("policy.password_min_length"),
                                 QString::number(minLength),
                                 QStringLiteral("ok"),
                                 {}});
    });
    if (!s && s.error().code == QLatin1String("perm.denied"))
        (void)AuditLog::recordStandalone(*m_ctx.db, now,
                                         {0, now, principal.userId(), actorName,
                                          QStringLiteral("policy.password_min_length"), QString::number(minLength),
                                          QStringLiteral("denied"), s.error().code});
    return s;
}

} // namespace gatehouse::core::services
