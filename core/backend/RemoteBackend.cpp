#include "backend/RemoteBackend.h"

#include "remote/CredentialStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QUrlQuery>

#include <memory>
#include <optional>

namespace gatehouse::core::backend {

using namespace services;

namespace {

// Server errors in the vocabulary the front ends already know from local mode.
Error translate(const Error& e)
{
    if (e.code == QLatin1String("http.403"))
        return Error::make(QStringLiteral("perm.denied"), e.message, e.code);
    return e;
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& s : v.toArray())
        out.append(s.toString());
    return out;
}

Task taskFrom(const QJsonObject& o)
{
    Task t;
    t.id = qint64(o.value(QLatin1String("id")).toDouble());
    t.title = o.value(QLatin1String("title")).toString();
    t.completed = o.value(QLatin1String("completed")).toBool();
    t.description = o.value(QLatin1String("description")).toString();
    t.ownerId = qint64(o.value(QLatin1String("owner_id")).toDouble());
    t.ownerName = o.value(QLatin1String("owner")).toString();
    t.createdAt = qint64(o.value(QLatin1String("created_at")).toDouble());
    t.updatedAt = qint64(o.value(QLatin1String("updated_at")).toDouble());
    return t;
}

Product productFrom(const QJsonObject& o)
{
    return Product{qint64(o.value(QLatin1String("id")).toDouble()), o.value(QLatin1String("name")).toString(),
                   o.value(QLatin1String("price")).toDouble()};
}

UserSummary userFrom(const QJsonObject& o)
{
    UserSummary u;
    u.id = qint64(o.value(QLatin1String("id")).toDouble());
    u.username = o.value(QLatin1String("username")).toString();
    u.roles = strings(o.value(QLatin1String("roles")));
    u.disabled = o.value(QLatin1String("disabled")).toBool();
    u.failedLogins = o.value(QLatin1String("failed_logins")).toInt();
    u.lockedUntil = qint64(o.value(QLatin1String("locked_until")).toDouble());
    u.createdAt = qint64(o.value(QLatin1String("created_at")).toDouble());
    return u;
}

Error malformed(const QString& what)
{
    return Error::make(QStringLiteral("http.unexpected"),
                       QStringLiteral("The server's answer does not have the expected shape (%1).").arg(what));
}

QString pageQuery(const QString& path, const QString& search, int page, int perPage, const QUrlQuery& extra = {})
{
    QUrlQuery q(extra);
    if (!search.isEmpty())
        q.addQueryItem(QStringLiteral("q"), search);
    q.addQueryItem(QStringLiteral("page"), QString::number(page));
    q.addQueryItem(QStringLiteral("per_page"), QString::number(perPage));
    return path + QLatin1Char('?') + q.toString(QUrl::FullyEncoded);
}

} // namespace

RemoteBackend::RemoteBackend(QNetworkAccessManager* nam, remote::ApiProfile profile, QUrl baseUrl, const Clock& clock,
                             remote::CredentialStore* store, QObject* parent)
    : QObject(parent), m_client(new net::HttpClient(nam, clock, this)),
      m_session(new remote::RemoteSession(m_client, std::move(profile), std::move(baseUrl), clock, store, this)),
      m_store(store)
{
    connect(m_session, &remote::RemoteSession::sessionEnded, this, [this](const Error& reason) {
        m_info = SessionInfo();
        if (!m_restoring)
            Q_EMIT sessionEnded(reason);
    });
    connect(m_session, &remote::RemoteSession::rememberFailed, this, &RemoteBackend::rememberFailed);
}

QString RemoteBackend::rememberedUsername() const
{
    if (!m_rememberedUsername.isEmpty())
        return m_rememberedUsername;
    return m_store ? m_store->rememberedUsername(m_session->origin()) : QString();
}

RemoteBackend::~RemoteBackend() = default;

Error RemoteBackend::unsupported(const QString& what)
{
    return Error::make(QStringLiteral("remote.unsupported"),
                       QStringLiteral("This server does not offer %1.").arg(what));
}

template <typename T>
QFuture<Result<T>> RemoteBackend::ready(Result<T> value)
{
    QPromise<Result<T>> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}

template <typename T>
QFuture<Result<T>> RemoteBackend::call(const QByteArray& method, const QString& path, const QByteArray& body,
                                       Parser<T> parse)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    m_session->send(method, path, body, [promise, parse](const net::HttpResult& r) {
        if (!r.ok())
            promise->addResult(Result<T>(translate(r.error())));
        else
            promise->addResult(parse(r.value()));
        promise->finish();
    });
    return promise->future();
}

QFuture<Status> RemoteBackend::callStatus(const QByteArray& method, const QString& path, const QByteArray& body)
{
    auto promise = std::make_shared<QPromise<Status>>();
    promise->start();
    m_session->send(
        method, path, body,
        [promise](const net::HttpResult& r) {
            promise->addResult(r.ok() ? Status() : Status(translate(r.error())));
            promise->finish();
        },
        false);
    return promise->future();
}

QString RemoteBackend::describe() const
{
    return QStringLiteral("%1 (%2)").arg(m_session->baseUrl().toDisplayString(), m_session->profile().name);
}

Capabilities RemoteBackend::capabilities() const
{
    const remote::ApiProfile& p = m_session->profile();
    Capabilities c;
    c.registration = p.registerEndpoint.isSet();
    c.tasks = !p.tasksPath.isEmpty();
    c.products = !p.productsPath.isEmpty();
    c.users = !p.usersPath.isEmpty();
    c.roles = !p.rolesPath.isEmpty();
    c.audit = !p.auditPath.isEmpty();
    c.refresh = p.refresh.isSet();
    c.serverLogout = p.logout.isSet();
    c.passwordChange = p.changePassword.isSet();
    c.serverNote = m_serverNote;
    return c;
}

SessionInfo RemoteBackend::session() const
{
    if (!m_session->isLoggedIn())
        return {};
    SessionInfo info = m_info;
    info.expiresAt = m_session->expiresAt();
    info.accessToken = m_session->accessToken();
    return info;
}

QFuture<Result<bool>> RemoteBackend::needsFirstAdmin()
{
    return ready<bool>(false);
}

QFuture<Result<SessionInfo>> RemoteBackend::createFirstAdmin(const QString&, const QString&)
{
    return ready<SessionInfo>(unsupported(QStringLiteral("a first-admin setup (register instead)")));
}

QFuture<Result<SessionInfo>> RemoteBackend::fetchSessionInfo(bool remembered)
{
    auto promise = std::make_shared<QPromise<Result<SessionInfo>>>();
    promise->start();
    const remote::ApiProfile& p = m_session->profile();
    const QString username = m_session->username();
    const auto done = [this, promise, remembered](SessionInfo info) {
        info.remembered = remembered;
        m_info = info;
        promise->addResult(session());
        promise->finish();
    };
    if (p.me.isSet()) {
        m_session->send(p.me.method, p.me.path, {}, [promise, done](const net::HttpResult& r) {
            if (!r.ok()) {
                promise->addResult(translate(r.error()));
                promise->finish();
                return;
            }
            const QJsonObject o = r.value().json.object();
            if (!o.value(QLatin1String("username")).isString()) {
                promise->addResult(malformed(QStringLiteral("/me without username")));
                promise->finish();
                return;
            }
            SessionInfo info;
            info.userId = qint64(o.value(QLatin1String("id")).toDouble());
            info.username = o.value(QLatin1String("username")).toString();
            info.roles = strings(o.value(QLatin1String("roles")));
            for (const QString& perm : strings(o.value(QLatin1String("permissions"))))
                info.permissions.insert(perm);
            done(info);
        });
    } else if (p.protectedPage.isSet()) {
        m_session->send(p.protectedPage.method, p.protectedPage.path, {},
                        [this, promise, done, username](const net::HttpResult& r) {
                            if (!r.ok()) {
                                promise->addResult(translate(r.error()));
                                promise->finish();
                                return;
                            }
                            // What the server offers instead of tasks: its protected page's words, as plain text.
                            const QJsonObject o = r.value().json.object();
                            QString note = o.value(QLatin1String("message")).toString();
                            if (note.isEmpty())
                                note = QString::fromUtf8(r.value().json.toJson(QJsonDocument::Compact)).left(500);
                            m_serverNote = note;
                            SessionInfo info;
                            info.username = username;
                            done(info);
                        });
    } else {
        SessionInfo info;
        info.username = username;
        done(info);
    }
    return promise->future();
}

QFuture<Result<SessionInfo>> RemoteBackend::login(const QString& username, const QString& password, bool remember)
{
    // Two answers join here: the session info (after /me) and, when remembering, the keychain's.
    struct Join
    {
        QPromise<Result<SessionInfo>> promise;
        std::optional<Result<SessionInfo>> info;
        std::optional<Status> remembered;
        bool waitForStore = false;
        void settle()
        {
            if (!info || (waitForStore && !remembered))
                return;
            Result<SessionInfo> out = std::move(*info);
            if (out.ok() && remembered && !remembered->ok())
                out.value().rememberError = remembered->error();
            promise.addResult(std::move(out));
            promise.finish();
        }
    };
    auto join = std::make_shared<Join>();
    join->promise.start();
    m_session->login(
        username, password, remember,
        [this, join, remember](const net::HttpResult& r) {
            if (!r.ok()) {
                Error e = r.error();
                if (e.code.startsWith(QLatin1String("http.401")))
                    e = Error::make(QStringLiteral("auth.invalid"), QStringLiteral("Wrong username or password."),
                                    e.code);
                else if (e.code == QLatin1String("http.423")) // where: the seconds to wait, as in local mode
                    e = Error::make(QStringLiteral("account.locked"), e.message, e.where);
                join->info = Result<SessionInfo>(translate(e));
                join->waitForStore = false;
                join->settle();
                return;
            }
            join->waitForStore = remember;
            fetchSessionInfo(false).then(this, [join](Result<SessionInfo> info) {
                join->info = std::move(info);
                join->settle();
            });
        },
        [join](Status stored) {
            join->remembered = std::move(stored);
            join->settle();
        });
    return join->promise.future();
}

QFuture<Result<SessionInfo>> RemoteBackend::registerUser(const QString& username, const QString& password)
{
    auto promise = std::make_shared<QPromise<Result<SessionInfo>>>();
    promise->start();
    m_session->registerUser(username, password, [this, promise, username, password](const net::HttpResult& r) {
        if (!r.ok()) {
            promise->addResult(translate(r.error()));
            promise->finish();
            return;
        }
        login(username, password, false).then(this, [promise](Result<SessionInfo> info) {
            promise->addResult(std::move(info));
            promise->finish();
        });
    });
    return promise->future();
}

QFuture<Result<SessionInfo>> RemoteBackend::restoreSession()
{
    const QString username = rememberedUsername();
    if (username.isEmpty() || !m_store)
        return ready<SessionInfo>(SessionInfo());
    auto promise = std::make_shared<QPromise<Result<SessionInfo>>>();
    promise->start();
    m_restoring = true;
    const auto finish = [this, promise](Result<SessionInfo> result) {
        m_restoring = false;
        promise->addResult(std::move(result));
        promise->finish();
    };
    m_session->restore(username, [this, finish](Result<bool> restored) {
        if (!restored.ok()) {
            finish(translate(restored.error()));
            return;
        }
        if (!restored.value()) {
            finish(SessionInfo());
            return;
        }
        // The token's exp said "valid"; the server has the last word (a deny-listed token fails /me and
        // one refresh; the session then ends and its entry is removed).
        fetchSessionInfo(true).then(this, [this, finish](Result<SessionInfo> info) {
            if (!info.ok() && !m_session->isLoggedIn()) {
                const Error& e = info.error();
                if (e.code.startsWith(QLatin1String("http.401")) || e.code.startsWith(QLatin1String("auth."))) {
                    finish(Error::make(QStringLiteral("auth.expired"),
                                       QStringLiteral("The remembered session is no longer accepted by the server; "
                                                      "please log in again."),
                                       e.code));
                    return;
                }
            }
            finish(std::move(info));
        });
    });
    return promise->future();
}

QFuture<Status> RemoteBackend::logout()
{
    auto promise = std::make_shared<QPromise<Status>>();
    promise->start();
    m_info = SessionInfo();
    m_session->logout([promise](Status s) {
        promise->addResult(s.ok() ? s : Status(translate(s.error())));
        promise->finish();
    });
    return promise->future();
}

QFuture<Status> RemoteBackend::changePassword(const QString& currentPassword, const QString& newPassword)
{
    const remote::Endpoint e = m_session->profile().changePassword;
    if (!e.isSet())
        return ready<void>(unsupported(QStringLiteral("password changes")));
    const QByteArray body =
        json({{QStringLiteral("current_password"), currentPassword}, {QStringLiteral("new_password"), newPassword}});
    return callStatus(e.method, e.path, body).then(this, [this](Status s) {
        if (s.ok())
            m_info.mustChangePassword = false;
        return s;
    });
}

// Tasks

QFuture<Result<TaskPage>> RemoteBackend::listTasks(const TaskQuery& query)
{
    const QString path = m_session->profile().tasksPath;
    if (path.isEmpty())
        return ready<TaskPage>(unsupported(QStringLiteral("tasks")));
    QUrlQuery extra;
    if (query.completed)
        extra.addQueryItem(QStringLiteral("completed"),
                           *query.completed ? QStringLiteral("true") : QStringLiteral("false"));
    return call<TaskPage>("GET", pageQuery(path, query.search, query.page, query.perPage, extra), {},
                          [](const net::HttpResponse& r) -> Result<TaskPage> {
                              const QJsonObject o = r.json.object();
                              if (!o.value(QLatin1String("items")).isArray())
                                  return malformed(QStringLiteral("no items"));
                              TaskPage page;
                              for (const QJsonValue& v : o.value(QLatin1String("items")).toArray())
                                  page.items.append(taskFrom(v.toObject()));
                              page.total = qint64(o.value(QLatin1String("total")).toDouble());
                              page.page = o.value(QLatin1String("page")).toInt(1);
                              page.perPage = o.value(QLatin1String("per_page")).toInt(50);
                              return page;
                          });
}

QFuture<Result<Task>> RemoteBackend::createTask(const QString& title, const QString& description)
{
    const QString path = m_session->profile().tasksPath;
    if (path.isEmpty())
        return ready<Task>(unsupported(QStringLiteral("tasks")));
    return call<Task>("POST", path,
                      json({{QStringLiteral("title"), title}, {QStringLiteral("description"), description}}),
                      [](const net::HttpResponse& r) -> Result<Task> { return taskFrom(r.json.object()); });
}

QFuture<Result<Task>> RemoteBackend::updateTask(qint64 id, const TaskChanges& changes)
{
    const QString path = m_session->profile().tasksPath;
    if (path.isEmpty())
        return ready<Task>(unsupported(QStringLiteral("tasks")));
    QJsonObject o;
    if (changes.title)
        o.insert(QStringLiteral("title"), *changes.title);
    if (changes.description)
        o.insert(QStringLiteral("description"), *changes.description);
    if (changes.completed)
        o.insert(QStringLiteral("completed"), *changes.completed);
    return call<Task>("PATCH", path + QLatin1Char('/') + QString::number(id), json(o),
                      [](const net::HttpResponse& r) -> Result<Task> { return taskFrom(r.json.object()); });
}

QFuture<Status> RemoteBackend::deleteTask(qint64 id)
{
    const QString path = m_session->profile().tasksPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("tasks")));
    return callStatus("DELETE", path + QLatin1Char('/') + QString::number(id), {});
}

// Products

QFuture<Result<ProductPage>> RemoteBackend::listProducts(const ProductQuery& query)
{
    const QString path = m_session->profile().productsPath;
    if (path.isEmpty())
        return ready<ProductPage>(unsupported(QStringLiteral("products")));
    return call<ProductPage>("GET", pageQuery(path, query.search, query.page, query.perPage), {},
                             [](const net::HttpResponse& r) -> Result<ProductPage> {
                                 const QJsonObject o = r.json.object();
                                 if (!o.value(QLatin1String("items")).isArray())
                                     return malformed(QStringLiteral("no items"));
                                 ProductPage page;
                                 for (const QJsonValue& v : o.value(QLatin1String("items")).toArray())
                                     page.items.append(productFrom(v.toObject()));
                                 page.total = qint64(o.value(QLatin1String("total")).toDouble());
                                 page.page = o.value(QLatin1String("page")).toInt(1);
                                 page.perPage = o.value(QLatin1String("per_page")).toInt(50);
                                 return page;
                             });
}

QFuture<Result<Product>> RemoteBackend::createProduct(const QString& name, double price)
{
    const QString path = m_session->profile().productsPath;
    if (path.isEmpty())
        return ready<Product>(unsupported(QStringLiteral("products")));
    return call<Product>("POST", path, json({{QStringLiteral("name"), name}, {QStringLiteral("price"), price}}),
                         [](const net::HttpResponse& r) -> Result<Product> { return productFrom(r.json.object()); });
}

QFuture<Result<Product>> RemoteBackend::updateProduct(qint64 id, const ProductChanges& changes)
{
    const QString path = m_session->profile().productsPath;
    if (path.isEmpty())
        return ready<Product>(unsupported(QStringLiteral("products")));
    QJsonObject o;
    if (changes.name)
        o.insert(QStringLiteral("name"), *changes.name);
    if (changes.price)
        o.insert(QStringLiteral("price"), *changes.price);
    return call<Product>("PATCH", path + QLatin1Char('/') + QString::number(id), json(o),
                         [](const net::HttpResponse& r) -> Result<Product> { return productFrom(r.json.object()); });
}

QFuture<Status> RemoteBackend::deleteProduct(qint64 id)
{
    const QString path = m_session->profile().productsPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("products")));
    return callStatus("DELETE", path + QLatin1Char('/') + QString::number(id), {});
}

// Users

QFuture<Result<QList<UserSummary>>> RemoteBackend::listUsers()
{
    const QString path = m_session->profile().usersPath;
    if (path.isEmpty())
        return ready<QList<UserSummary>>(unsupported(QStringLiteral("user administration")));
    return call<QList<UserSummary>>("GET", pageQuery(path, {}, 1, 500), {},
                                    [](const net::HttpResponse& r) -> Result<QList<UserSummary>> {
                                        const QJsonValue items = r.json.object().value(QLatin1String("items"));
                                        if (!items.isArray())
                                            return malformed(QStringLiteral("no items"));
                                        QList<UserSummary> out;
                                        for (const QJsonValue& v : items.toArray())
                                            out.append(userFrom(v.toObject()));
                                        return out;
                                    });
}

QFuture<Result<qint64>> RemoteBackend::createUser(const QString& username, const QString& password,
                                                  const QStringList& roles)
{
    const QString path = m_session->profile().usersPath;
    if (path.isEmpty())
        return ready<qint64>(unsupported(QStringLiteral("user administration")));
    return call<qint64>("POST", path,
                        json({{QStringLiteral("username"), username},
                              {QStringLiteral("password"), password},
                              {QStringLiteral("roles"), QJsonArray::fromStringList(roles)}}),
                        [](const net::HttpResponse& r) -> Result<qint64> {
                            return qint64(r.json.object().value(QLatin1String("id")).toDouble());
                        });
}

QFuture<Status> RemoteBackend::setUserDisabled(qint64 userId, bool disabled)
{
    const QString path = m_session->profile().usersPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("user administration")));
    return callStatus("PATCH", path + QLatin1Char('/') + QString::number(userId),
                      json({{QStringLiteral("disabled"), disabled}}));
}

QFuture<Status> RemoteBackend::unlockUser(qint64 userId)
{
    const remote::Endpoint e = m_session->profile().unlock;
    if (!e.isSet())
        return ready<void>(unsupported(QStringLiteral("account unlocking")));
    QString path = e.path;
    path.replace(QLatin1String("{id}"), QString::number(userId));
    return callStatus(e.method, path, {});
}

QFuture<Status> RemoteBackend::resetPassword(qint64 userId, const QString& temporaryPassword)
{
    const QString path = m_session->profile().usersPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("user administration")));
    return callStatus("PATCH", path + QLatin1Char('/') + QString::number(userId),
                      json({{QStringLiteral("password"), temporaryPassword}}));
}

QFuture<Status> RemoteBackend::deleteUser(qint64 userId)
{
    const QString path = m_session->profile().usersPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("user administration")));
    return callStatus("DELETE", path + QLatin1Char('/') + QString::number(userId), {});
}

QFuture<Status> RemoteBackend::changeRoles(qint64 userId, const QString& role, bool add)
{
    const QString path = m_session->profile().usersPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("user administration")));
    auto promise = std::make_shared<QPromise<Status>>();
    promise->start();
    // The API sets the whole role list: read the user's roles, then write the changed list.
    listUsers().then(this, [this, promise, path, userId, role, add](Result<QList<UserSummary>> users) {
        if (!users.ok()) {
            promise->addResult(users.error());
            promise->finish();
            return;
        }
        QStringList roles;
        bool found = false;
        for (const UserSummary& u : users.value()) {
            if (u.id == userId) {
                roles = u.roles;
                found = true;
            }
        }
        if (!found) {
            promise->addResult(Error::make(QStringLiteral("user.not_found"), QStringLiteral("No such user.")));
            promise->finish();
            return;
        }
        if (add && !roles.contains(role))
            roles.append(role);
        if (!add)
            roles.removeAll(role);
        callStatus("PATCH", path + QLatin1Char('/') + QString::number(userId),
                   json({{QStringLiteral("roles"), QJsonArray::fromStringList(roles)}}))
            .then(this, [promise](Status s) {
                promise->addResult(s);
                promise->finish();
            });
    });
    return promise->future();
}

QFuture<Status> RemoteBackend::assignRole(qint64 userId, const QString& role)
{
    return changeRoles(userId, role, true);
}

QFuture<Status> RemoteBackend::unassignRole(qint64 userId, const QString& role)
{
    return changeRoles(userId, role, false);
}

// Roles

QFuture<Result<QList<RoleInfo>>> RemoteBackend::listRoles()
{
    const QString path = m_session->profile().rolesPath;
    if (path.isEmpty())
        return ready<QList<RoleInfo>>(unsupported(QStringLiteral("roles")));
    return call<QList<RoleInfo>>("GET", path, {}, [](const net::HttpResponse& r) -> Result<QList<RoleInfo>> {
        const QJsonValue items = r.json.object().value(QLatin1String("items"));
        if (!items.isArray())
            return malformed(QStringLiteral("no items"));
        QList<RoleInfo> out;
        for (const QJsonValue& v : items.toArray()) {
            const QJsonObject o = v.toObject();
            RoleInfo info;
            info.name = o.value(QLatin1String("name")).toString();
            info.builtin = o.value(QLatin1String("builtin")).toBool();
            info.permissions = strings(o.value(QLatin1String("permissions")));
            info.permissions.sort();
            info.members = o.value(QLatin1String("members")).toInt();
            out.append(info);
        }
        return out;
    });
}

QFuture<Status> RemoteBackend::createRole(const QString& name, const QStringList& permissions)
{
    const QString path = m_session->profile().rolesPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("roles")));
    return callStatus("POST", path,
                      json({{QStringLiteral("name"), name},
                            {QStringLiteral("permissions"), QJsonArray::fromStringList(permissions)}}));
}

QFuture<Status> RemoteBackend::setRolePermissions(const QString& name, const QStringList& permissions)
{
    const QString path = m_session->profile().rolesPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("roles")));
    return callStatus("PATCH", path + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name)),
                      json({{QStringLiteral("permissions"), QJsonArray::fromStringList(permissions)}}));
}

QFuture<Status> RemoteBackend::deleteRole(const QString& name)
{
    const QString path = m_session->profile().rolesPath;
    if (path.isEmpty())
        return ready<void>(unsupported(QStringLiteral("roles")));
    return callStatus("DELETE", path + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name)), {});
}

QFuture<Result<QList<AuditEntry>>> RemoteBackend::auditLog(int limit)
{
    const QString path = m_session->profile().auditPath;
    if (path.isEmpty())
        return ready<QList<AuditEntry>>(unsupported(QStringLiteral("an audit log")));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(qMax(1, limit)));
    return call<QList<AuditEntry>>("GET", path + QLatin1Char('?') + q.toString(QUrl::FullyEncoded), {},
                                   [](const net::HttpResponse& r) -> Result<QList<AuditEntry>> {
                                       const QJsonValue items = r.json.object().value(QLatin1String("items"));
                                       if (!items.isArray())
                                           return malformed(QStringLiteral("no items"));
                                       QList<AuditEntry> out;
                                       for (const QJsonValue& v : items.toArray()) {
                                           const QJsonObject o = v.toObject();
                                           AuditEntry a;
                                           a.id = qint64(o.value(QLatin1String("id")).toDouble());
                                           a.at = qint64(o.value(QLatin1String("at")).toDouble());
                                           a.actorId = qint64(o.value(QLatin1String("actor_id")).toDouble());
                                           a.actor = o.value(QLatin1String("actor")).toString();
                                           a.action = o.value(QLatin1String("action")).toString();
                                           a.target = o.value(QLatin1String("target")).toString();
                                           a.outcome = o.value(QLatin1String("outcome")).toString();
                                           a.detail = o.value(QLatin1String("detail")).toString();
                                           out.append(a);
                                       }
                                       return out;
                                   });
}

} // namespace gatehouse::core::backend
