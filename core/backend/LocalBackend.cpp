#include "backend/LocalBackend.h"

#include "jwt/JwtToken.h"
#include "remote/CredentialStore.h"
#include "services/Actor.h"
#include "services/Permissions.h"
#include "store/SqlStatement.h"

#include <QPromise>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace gatehouse::core::backend {

using namespace services;

namespace {

Error authRequired()
{
    return Error::make(QStringLiteral("auth.required"), QStringLiteral("Log in first."));
}

// Backend.h promises the seconds to wait in Error::where for account.locked; AccountService says it in words.
Error withLockoutSeconds(Error e)
{
    if (e.code == QLatin1String("account.locked") && e.where.isEmpty()) {
        static const QRegularExpression number(QStringLiteral("(\\d+)"));
        const auto m = number.match(e.message);
        if (m.hasMatch())
            e.where = m.captured(1);
    }
    return e;
}

} // namespace

LocalBackend::LocalBackend(ServiceContext context, remote::CredentialStore* store)
    : m_ctx(context), m_accounts(context), m_roles(context), m_tasks(context), m_products(context), m_audit(context),
      m_store(store)
{
    // One worker: calls run in the order they were made, on one database connection.
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
}

LocalBackend::~LocalBackend()
{
    m_pool.waitForDone();
    // Calls still waiting for the store end canceled now, while whoever continues them still exists; the
    // store's late callbacks then find nothing to finish.
    auto pending = std::move(m_inflight);
    pending.clear();
}

template <typename T>
std::pair<QFuture<T>, std::weak_ptr<QPromise<T>>> LocalBackend::track()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    m_inflight.insert(promise.get(), promise);
    return {promise->future(), promise};
}

template <typename T>
void LocalBackend::settle(const std::weak_ptr<QPromise<T>>& weak, T value)
{
    // Only on the backend's thread: a live promise means a live backend (it holds the only strong reference).
    const auto promise = weak.lock();
    if (!promise)
        return;
    promise->addResult(std::move(value));
    promise->finish();
    m_inflight.remove(promise.get());
}

template <typename T>
QFuture<T> LocalBackend::run(std::function<T()> work)
{
    return QtConcurrent::run(&m_pool, [this, work = std::move(work)]() -> T {
        T result = work();
        if (!result.ok() && result.error().code == QLatin1String("auth.session_invalid"))
            dropSession();
        return result;
    });
}

void LocalBackend::dropSession()
{
    QMutexLocker lock(&m_sessionMutex);
    m_principal = Principal();
    m_session.accessToken.fill('\0');
    m_session = SessionInfo();
}

QString LocalBackend::origin() const
{
    return QStringLiteral("local:") + (m_ctx.db ? m_ctx.db->databaseId() : QString());
}

QString LocalBackend::rememberedUsername() const
{
    return m_store ? m_store->rememberedUsername(origin()) : QString();
}

QString LocalBackend::describe() const
{
    return QStringLiteral("Local database %1").arg(m_ctx.db ? m_ctx.db->path() : QString());
}

Capabilities LocalBackend::capabilities() const
{
    Capabilities c;
    c.registration = true;
    c.tasks = true;
    c.products = true;
    c.users = true;
    c.roles = true;
    c.audit = true;
    c.refresh = false;
    c.serverLogout = false;
    c.passwordChange = true;
    return c;
}

SessionInfo LocalBackend::session() const
{
    QMutexLocker lock(&m_sessionMutex);
    return m_session;
}

Result<Principal> LocalBackend::principal() const
{
    QMutexLocker lock(&m_sessionMutex);
    if (!m_principal.isValid())
        return authRequired();
    return m_principal;
}

Result<SessionInfo> LocalBackend::establish(const LoginResult& login)
{
    const Principal& p = login.principal;
    auto perms = m_ctx.db->read<QSet<QString>>([&](QSqlDatabase& c) -> Result<QSet<QString>> {
        auto actor = Actor::load(c, p);
        if (!actor)
            return actor.error();
        return actor.value().permissions();
    });
    if (!perms)
        return perms.error();
    auto roles = m_roles.rolesOf(p, p.userId());
    if (!roles)
        return roles.error();

    SessionInfo info;
    info.userId = p.userId();
    info.username = p.username();
    info.roles = roles.value();
    info.permissions = perms.value();
    info.expiresAt = login.expiresAt;
    info.mustChangePassword = login.mustChangePassword;
    info.accessToken = login.token;

    QMutexLocker lock(&m_sessionMutex);
    m_principal = p;
    m_session = info;
    return info;
}

QFuture<Result<bool>> LocalBackend::needsFirstAdmin()
{
    return run<Result<bool>>([this] { return m_accounts.needsFirstAdmin(); });
}

QFuture<Result<SessionInfo>> LocalBackend::createFirstAdmin(const QString& username, const QString& password)
{
    return run<Result<SessionInfo>>([this, username, password]() -> Result<SessionInfo> {
        auto created = m_accounts.createFirstAdmin(username, password);
        if (!created)
            return created.error();
        // A login issues the session token the first admin works with.
        auto login = m_accounts.login(username, password);
        if (!login)
            return withLockoutSeconds(login.error());
        return establish(login.value());
    });
}

QFuture<Result<SessionInfo>> LocalBackend::registerUser(const QString& username, const QString& password)
{
    return run<Result<SessionInfo>>([this, username, password]() -> Result<SessionInfo> {
        auto id = m_accounts.registerUser(username, password);
        if (!id)
            return id.error();
        auto login = m_accounts.login(username, password);
        if (!login)
            return withLockoutSeconds(login.error());
        return establish(login.value());
    });
}

QFuture<Result<SessionInfo>> LocalBackend::login(const QString& username, const QString& password, bool remember)
{
    auto loggedIn = run<Result<SessionInfo>>([this, username, password]() -> Result<SessionInfo> {
        auto login = m_accounts.login(username, password);
        if (!login)
            return withLockoutSeconds(login.error());
        return establish(login.value());
    });
    if (!remember || !m_store)
        return loggedIn;
    auto tracked = track<Result<SessionInfo>>();
    const auto promise = tracked.second; // a variable: clang 14 cannot capture structured bindings
    // On the store's thread (the pool is drained before m_context goes, so this always runs).
    loggedIn.then(&m_context, [this, promise](Result<SessionInfo> r) {
        if (!r) {
            settle(promise, std::move(r));
            return;
        }
        remote::StoredSession stored;
        stored.accessToken = r.value().accessToken;
        m_store->save(origin(), r.value().username, stored, [this, promise, info = r.value()](Status saved) mutable {
            if (promise.expired())
                return; // the backend is gone
            if (!saved)
                info.rememberError = saved.error();
            m_keptInStore = saved.ok();
            settle(promise, Result<SessionInfo>(std::move(info)));
        });
        stored.wipe();
    });
    return tracked.first;
}

QFuture<Result<SessionInfo>> LocalBackend::restoreSession()
{
    if (m_store && !session().isValid()) {
        const QString username = rememberedUsername();
        if (!username.isEmpty())
            return restoreRemembered(username);
    }
    // Within a run, the live session's token is checked again, so one issued before a password change,
    // reset or disable is dropped here.
    return run<Result<SessionInfo>>([this]() -> Result<SessionInfo> {
        QByteArray token;
        LoginResult current;
        {
            QMutexLocker lock(&m_sessionMutex);
            if (!m_principal.isValid())
                return SessionInfo();
            token = m_session.accessToken;
            current.expiresAt = m_session.expiresAt;
            current.mustChangePassword = m_session.mustChangePassword;
        }
        auto verified = m_accounts.verifyToken(token);
        if (!verified) {
            token.fill('\0');
            if (!verified.error().code.startsWith(QLatin1String("auth.")))
                return verified.error(); // db.* and keystore.*: the session may still be good
            dropSession();
            return Error::make(QStringLiteral("auth.session_invalid"),
                               QStringLiteral("The session is no longer valid; log in again."), verified.error().code);
        }
        current.principal = verified.value();
        current.token = token;
        token.fill('\0');
        auto info = establish(current);
        if (!info)
            return info.error();
        return info;
    });
}

QFuture<Result<SessionInfo>> LocalBackend::restoreRemembered(const QString& username)
{
    auto tracked = track<Result<SessionInfo>>();
    const auto promise = tracked.second;
    const QString where = origin();
    m_store->load(where, username, [this, promise, where, username](Result<std::optional<remote::StoredSession>> r) {
        if (promise.expired())
            return; // the backend is gone (its destructor canceled the call)
        if (!r) {
            settle(promise, Result<SessionInfo>(r.error()));
            return;
        }
        if (!r.value() || r.value()->accessToken.isEmpty()) {
            settle(promise, Result<SessionInfo>(SessionInfo()));
            return;
        }
        QByteArray token = r.value()->accessToken;
        r.value()->wipe();
        auto verified = run<Result<SessionInfo>>(
            [this, token, username]() mutable { return verifyRemembered(std::move(token), username); });
        token.fill('\0');
        verified.then(&m_context, [this, promise, where, username](Result<SessionInfo> v) {
            if (v || !v.error().code.startsWith(QLatin1String("auth."))) {
                m_keptInStore = v && v.value().isValid();
                settle(promise, std::move(v));
                return;
            }
            // Refused for good (expired, signed with another key, password changed since): forget it.
            const Error expired =
                Error::make(QStringLiteral("auth.expired"),
                            QStringLiteral("The remembered session has ended; log in again."), v.error().code);
            m_store->remove(where, username,
                            [this, promise, expired](Status) { settle(promise, Result<SessionInfo>(expired)); });
        });
    });
    return tracked.first;
}

Result<SessionInfo> LocalBackend::verifyRemembered(QByteArray token, const QString& username)
{
    auto verified = m_accounts.verifyToken(token);
    if (!verified) {
        token.fill('\0');
        return verified.error();
    }
    if (verified.value().username() != username) {
        token.fill('\0');
        return Error::make(QStringLiteral("auth.token_invalid"),
                           QStringLiteral("The remembered session is for another account."));
    }
    LoginResult login;
    login.principal = verified.value();
    const QJsonValue exp = jwt::JwtToken::parse(token).payloadObject().value(QStringLiteral("exp"));
    login.expiresAt = exp.isDouble() ? qint64(exp.toDouble()) : 0;
    auto mustChange = m_ctx.db->read<bool>([&](QSqlDatabase& c) -> Result<bool> {
        auto v = store::SqlStatement::scalar(
            c, QStringLiteral("SELECT must_change_password FROM gh_account WHERE user_id = ?"),
            {login.principal.userId()}, QStringLiteral("restore.account"));
        if (!v)
            return v.error();
        return v.value().toInt() != 0;
    });
    if (!mustChange) {
        token.fill('\0');
        return mustChange.error();
    }
    login.mustChangePassword = mustChange.value();
    login.token = token;
    token.fill('\0');
    auto info = establish(login);
    login.token.fill('\0');
    if (!info)
        return info.error();
    info.value().remembered = true;
    {
        QMutexLocker lock(&m_sessionMutex);
        m_session.remembered = true;
    }
    return info;
}

QFuture<Status> LocalBackend::logout()
{
    auto dropped = run<Status>([this]() -> Status {
        dropSession();
        return {};
    });
    QString username = session().username;
    if (username.isEmpty())
        username = rememberedUsername();
    if (!m_store || username.isEmpty())
        return dropped;
    m_keptInStore = false;
    auto tracked = track<Status>();
    const auto promise = tracked.second;
    dropped.then(&m_context, [this, promise, username](Status) {
        m_store->remove(origin(), username, [this, promise](Status removed) { settle(promise, std::move(removed)); });
    });
    return tracked.first;
}

QFuture<Status> LocalBackend::changePassword(const QString& currentPassword, const QString& newPassword)
{
    auto changed = run<Status>([this, currentPassword, newPassword]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        // The change ends every session of the account, this one included: continue with the new one.
        auto renewed = m_accounts.changePasswordAndRenew(p.value(), currentPassword, newPassword);
        if (!renewed)
            return renewed.error();
        auto info = establish(renewed.value());
        if (!info)
            return info.error();
        return {};
    });
    if (!m_store || !m_keptInStore)
        return changed;
    // The change ended the remembered token too: the keychain gets the new one. If it refuses, the
    // password change still stands; the next restore finds the old token refused and forgets it.
    auto tracked = track<Status>();
    const auto promise = tracked.second;
    changed.then(&m_context, [this, promise](Status s) {
        const SessionInfo now = session();
        if (!s || !now.isValid()) {
            settle(promise, std::move(s));
            return;
        }
        remote::StoredSession stored;
        stored.accessToken = now.accessToken;
        m_store->save(origin(), now.username, stored, [this, promise](Status) { settle(promise, Status{}); });
        stored.wipe();
    });
    return tracked.first;
}

QFuture<Result<TaskPage>> LocalBackend::listTasks(const TaskQuery& query)
{
    return run<Result<TaskPage>>([this, query]() -> Result<TaskPage> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_tasks.list(p.value(), query);
    });
}

QFuture<Result<Task>> LocalBackend::createTask(const QString& title, const QString& description)
{
    return run<Result<Task>>([this, title, description]() -> Result<Task> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_tasks.create(p.value(), title, description);
    });
}

QFuture<Result<Task>> LocalBackend::updateTask(qint64 id, const TaskChanges& changes)
{
    return run<Result<Task>>([this, id, changes]() -> Result<Task> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_tasks.update(p.value(), id, changes);
    });
}

QFuture<Status> LocalBackend::deleteTask(qint64 id)
{
    return run<Status>([this, id]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_tasks.remove(p.value(), id);
    });
}

QFuture<Result<ProductPage>> LocalBackend::listProducts(const ProductQuery& query)
{
    return run<Result<ProductPage>>([this, query]() -> Result<ProductPage> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_products.list(p.value(), query);
    });
}

QFuture<Result<Product>> LocalBackend::createProduct(const QString& name, double price)
{
    return run<Result<Product>>([this, name, price]() -> Result<Product> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_products.create(p.value(), name, price);
    });
}

QFuture<Result<Product>> LocalBackend::updateProduct(qint64 id, const ProductChanges& changes)
{
    return run<Result<Product>>([this, id, changes]() -> Result<Product> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_products.update(p.value(), id, changes);
    });
}

QFuture<Status> LocalBackend::deleteProduct(qint64 id)
{
    return run<Status>([this, id]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_products.remove(p.value(), id);
    });
}

QFuture<Result<QList<UserSummary>>> LocalBackend::listUsers()
{
    return run<Result<QList<UserSummary>>>([this]() -> Result<QList<UserSummary>> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_accounts.listUsers(p.value());
    });
}

QFuture<Result<qint64>> LocalBackend::createUser(const QString& username, const QString& password,
                                                 const QStringList& roles)
{
    return run<Result<qint64>>([this, username, password, roles]() -> Result<qint64> {
        auto p = principal();
        if (!p)
            return p.error();
        auto id = m_accounts.createUser(p.value(), username, password, false);
        if (!id)
            return id.error();
        if (!roles.isEmpty()) {
            for (const QString& role : roles) {
                if (Status s = m_roles.assign(p.value(), id.value(), role); !s)
                    return s.error();
            }
            if (!roles.contains(Permissions::defaultRole())) {
                if (Status s = m_roles.unassign(p.value(), id.value(), Permissions::defaultRole()); !s)
                    return s.error();
            }
        }
        return id;
    });
}

QFuture<Status> LocalBackend::setUserDisabled(qint64 userId, bool disabled)
{
    return run<Status>([this, userId, disabled]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_accounts.setDisabled(p.value(), userId, disabled);
    });
}

QFuture<Status> LocalBackend::unlockUser(qint64 userId)
{
    return run<Status>([this, userId]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_accounts.unlock(p.value(), userId);
    });
}

QFuture<Status> LocalBackend::resetPassword(qint64 userId, const QString& temporaryPassword)
{
    return run<Status>([this, userId, temporaryPassword]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_accounts.resetPassword(p.value(), userId, temporaryPassword);
    });
}

QFuture<Status> LocalBackend::deleteUser(qint64 userId)
{
    return run<Status>([this, userId]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_accounts.deleteUser(p.value(), userId);
    });
}

QFuture<Status> LocalBackend::assignRole(qint64 userId, const QString& role)
{
    return run<Status>([this, userId, role]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_roles.assign(p.value(), userId, role);
    });
}

QFuture<Status> LocalBackend::unassignRole(qint64 userId, const QString& role)
{
    return run<Status>([this, userId, role]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_roles.unassign(p.value(), userId, role);
    });
}

QFuture<Result<QList<RoleInfo>>> LocalBackend::listRoles()
{
    return run<Result<QList<RoleInfo>>>([this]() -> Result<QList<RoleInfo>> {
        auto p = principal();
        if (!p)
            return p.error();
        return m_roles.listRoles(p.value());
    });
}

QFuture<Status> LocalBackend::createRole(const QString& name, const QStringList& permissions)
{
    return run<Status>([this, name, permissions]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        auto id = m_roles.createRole(p.value(), name, permissions);
        if (!id)
            return id.error();
        return {};
    });
}

QFuture<Status> LocalBackend::setRolePermissions(const QString& name, const QStringList& permissions)
{
    return run<Status>([this, name, permissions]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_roles.setRolePermissions(p.value(), name, permissions);
    });
}

QFuture<Status> LocalBackend::deleteRole(const QString& name)
{
    return run<Status>([this, name]() -> Status {
        auto p = principal();
        if (!p)
            return p.error();
        return m_roles.deleteRole(p.value(), name);
    });
}

QFuture<Result<QList<AuditEntry>>> LocalBackend::auditLog(int limit)
{
    return run<Result<QList<AuditEntry>>>([this, limit]() -> Result<QList<AuditEntry>> {
        auto p = principal();
        if (!p)
            return p.error();
        AuditLog::Query q;
        q.limit = limit;
        return m_audit.list(p.value(), q);
    });
}

} // namespace gatehouse::core::backend
