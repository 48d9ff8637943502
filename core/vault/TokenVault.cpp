#include "vault/TokenVault.h"

#include "common/Base64Url.h"
#include "vault/KeychainErrorMapper.h"
#include "vault/QtKeychainBackend.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QPromise>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <vector>

namespace gatehouse::core::vault {

namespace {

// One call in flight. Only touched on the vault thread, so `done` needs no lock: whichever of the
// backend's answer, the timeout and the vault's shutdown comes first completes the call; the others
// find `done` set and do nothing.
struct Pending
{
    bool done = false;
    std::function<void(KeychainReply, bool)> finish;

    void complete(KeychainReply reply, bool timedOut)
    {
        if (done)
            return;
        done = true;
        auto f = std::move(finish);
        finish = nullptr;
        f(std::move(reply), timedOut);
    }
};

// The vault thread's context object: owns the list of calls in flight so shutdown can complete them.
class VaultContext final : public QObject
{
public:
    std::vector<std::shared_ptr<Pending>> pending;

    void add(std::shared_ptr<Pending> p)
    {
        std::erase_if(pending, [](const std::shared_ptr<Pending>& q) { return q->done; });
        pending.push_back(std::move(p));
    }
};

const int kBlobVersion = 1;

// One keychain thread for the whole process, shared by every TokenVault. Why not one per vault: libsecret
// binds its D-Bus proxies to the GLib main context of the thread that first used them, so after that
// thread ends, calls from another thread never complete. This thread lives until QCoreApplication goes.
QMutex s_threadMutex;
QThread* s_thread = nullptr;

void stopSharedVaultThread()
{
    QMutexLocker lock(&s_threadMutex);
    if (!s_thread)
        return;
    s_thread->quit();
    s_thread->wait();
    delete s_thread;
    s_thread = nullptr;
}

QThread* sharedVaultThread()
{
    QMutexLocker lock(&s_threadMutex);
    if (!s_thread) {
        s_thread = new QThread;
        s_thread->setObjectName(QStringLiteral("gatehouse-vault"));
        s_thread->start();
        qAddPostRoutine(stopSharedVaultThread);
    }
    return s_thread;
}

Error timeoutError(int ms)
{
    return Error::make(VaultError::Timeout,
                       QStringLiteral("The keychain did not answer within %1 seconds. Your session was not "
                                      "saved or restored; it will last until Gatehouse closes.")
                           .arg(double(ms) / 1000.0),
                       {});
}

Error errorOf(const KeychainReply& reply, bool timedOut, int timeoutMs)
{
    if (timedOut)
        return timeoutError(timeoutMs);
    return mapKeychainError(reply);
}

// The entry: {"v":1,"access":..,"refresh":..,"cookie":..} with base64url values (the bytes need not be
// UTF-8). Intermediate buffers holding secrets are wiped; QJsonObject's own copies cannot be, which is
// accepted here (they live briefly on the vault thread's heap).
QByteArray encodeBlob(const VaultCredentials& c)
{
    QByteArray a = base64url::encode(c.accessToken);
    QByteArray r = base64url::encode(c.refreshToken);
    QByteArray k = base64url::encode(c.sessionCookie);
    QJsonObject o;
    o.insert(QStringLiteral("v"), kBlobVersion);
    o.insert(QStringLiteral("access"), QString::fromLatin1(a));
    o.insert(QStringLiteral("refresh"), QString::fromLatin1(r));
    o.insert(QStringLiteral("cookie"), QString::fromLatin1(k));
    QByteArray blob = QJsonDocument(o).toJson(QJsonDocument::Compact);
    wipeBytes(a);
    wipeBytes(r);
    wipeBytes(k);
    return blob;
}

Result<VaultCredentials> decodeBlob(const QByteArray& blob)
{
    const Error corrupt = Error::make(VaultError::Corrupt, QStringLiteral("The saved session in the keychain is "
                                                                          "unreadable; log in again."));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(blob, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return corrupt;
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("v")).toInt(-1) != kBlobVersion)
        return corrupt;
    VaultCredentials c;
    const auto field = [&](const char* name, QByteArray& out) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined())
            return true;
        if (!v.isString())
            return false;
        QByteArray text = v.toString().toLatin1();
        auto decoded = base64url::decodeStrict(text);
        wipeBytes(text);
        if (!decoded)
            return false;
        out = std::move(decoded).value();
        return true;
    };
    if (!field("access", c.accessToken) || !field("refresh", c.refreshToken) || !field("cookie", c.sessionCookie)) {
        c.wipe();
        return corrupt;
    }
    return c;
}

template <typename T>
std::shared_ptr<QPromise<T>> startedPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template <typename T>
void fulfil(QPromise<T>& promise, T value)
{
    promise.addResult(std::move(value));
    promise.finish();
}

QString settingsKey(const QString& origin)
{
    return QStringLiteral("remembered/") + QString::fromLatin1(QUrl::toPercentEncoding(origin));
}

} // namespace

TokenVault::TokenVault() : TokenVault(Options{}) {}

TokenVault::TokenVault(Options options) : TokenVault(std::make_shared<QtKeychainBackend>(), std::move(options)) {}

TokenVault::TokenVault(std::shared_ptr<KeychainBackend> backend, Options options)
    : m_options(std::move(options)), m_backend(std::move(backend))
{
    if (m_options.settingsPath.isEmpty())
        m_options.settingsPath =
            QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/vault.ini");
    if (m_options.timeoutMs <= 0)
        m_options.timeoutMs = 5000;
    m_thread = sharedVaultThread();
    m_context = new VaultContext;
    m_context->moveToThread(m_thread);
}

TokenVault::~TokenVault()
{
    // Complete whatever is still in flight (its futures finish with an error rather than never). Jobs still
    // inside the keychain library are left to finish on their own; their callbacks find their call
    // completed and touch nothing.
    auto* context = static_cast<VaultContext*>(m_context);
    const auto shutdown = [context] {
        for (const auto& p : context->pending)
            p->complete(KeychainReply{KeychainReply::Code::Other,
                                      QStringLiteral("the vault was closed before the keychain answered"),
                                      {}},
                        false);
        context->pending.clear();
    };
    if (QThread::currentThread() == m_thread) {
        shutdown();
        delete context;
    } else if (m_thread->isRunning()) {
        QMetaObject::invokeMethod(context, shutdown, Qt::BlockingQueuedConnection);
        context->deleteLater();
    } else {
        shutdown();
        delete context;
    }
}

bool TokenVault::isVaultThread() const
{
    return QThread::currentThread() == m_thread;
}

QString TokenVault::sessionKey(const QString& origin, const QString& username)
{
    return QStringLiteral("session/") + QString::fromLatin1(QUrl::toPercentEncoding(origin)) + QLatin1Char('/') +
           QString::fromLatin1(QUrl::toPercentEncoding(username));
}

void TokenVault::run(std::function<void(KeychainBackend&, Done)> op,
                     std::function<void(KeychainReply, bool timedOut)> finish)
{
    auto pending = std::make_shared<Pending>();
    pending->finish = std::move(finish);
    auto* context = static_cast<VaultContext*>(m_context);
    const int timeoutMs = m_options.timeoutMs;
    std::shared_ptr<KeychainBackend> backend = m_backend;
    QMetaObject::invokeMethod(context, [context, pending, op = std::move(op), backend, timeoutMs] {
        context->add(pending);
        QTimer::singleShot(timeoutMs, context, [pending] { pending->complete({}, true); });
        // The callback holds only `pending`: if it comes after a timeout or the vault's shutdown it does
        // nothing, so a keychain that answers late cannot touch a destroyed vault.
        op(*backend, [pending](KeychainReply reply) { pending->complete(std::move(reply), false); });
    });
}

QFuture<Status> TokenVault::store(const QString& origin, const QString& username, const VaultCredentials& credentials)
{
    auto promise = startedPromise<Status>();
    QFuture<Status> future = promise->future();
    if (origin.isEmpty() || username.isEmpty()) {
        fulfil<Status>(*promise, Error::make(VaultError::Invalid, QStringLiteral("An origin and a username are "
                                                                                 "needed to save a session.")));
        return future;
    }
    auto blob = std::make_shared<QByteArray>(encodeBlob(credentials));
    const QString key = sessionKey(origin, username);
    const QString service = m_options.service;
    const QString path = m_options.settingsPath;
    const int timeoutMs = m_options.timeoutMs;
    run([service, key, blob](KeychainBackend& b, Done done) { b.write(service, key, *blob, std::move(done)); },
        [promise, blob, path, origin, username, timeoutMs](KeychainReply reply, bool timedOut) {
            wipeBytes(*blob);
            if (timedOut || reply.code != KeychainReply::Code::Ok) {
                fulfil<Status>(*promise, errorOf(reply, timedOut, timeoutMs));
                return;
            }
            QSettings settings(path, QSettings::IniFormat);
            settings.setValue(settingsKey(origin), username);
            settings.sync();
            fulfil<Status>(*promise, Status{});
        });
    return future;
}

QFuture<Result<std::optional<VaultCredentials>>> TokenVault::load(const QString& origin, const QString& username)
{
    using R = Result<std::optional<VaultCredentials>>;
    auto promise = startedPromise<R>();
    QFuture<R> future = promise->future();
    if (origin.isEmpty() || username.isEmpty()) {
        fulfil<R>(*promise, R(std::optional<VaultCredentials>{}));
        return future;
    }
    const QString key = sessionKey(origin, username);
    const QString service = m_options.service;
    const int timeoutMs = m_options.timeoutMs;
    run([service, key](KeychainBackend& b, Done done) { b.read(service, key, std::move(done)); },
        [promise, timeoutMs](KeychainReply reply, bool timedOut) {
            if (!timedOut && reply.code == KeychainReply::Code::NotFound) {
                fulfil<R>(*promise, R(std::optional<VaultCredentials>{}));
                return;
            }
            if (timedOut || reply.code != KeychainReply::Code::Ok) {
                fulfil<R>(*promise, R(errorOf(reply, timedOut, timeoutMs)));
                return;
            }
            auto decoded = decodeBlob(reply.data);
            wipeBytes(reply.data);
            if (!decoded) {
                fulfil<R>(*promise, R(decoded.error()));
                return;
            }
            fulfil<R>(*promise, R(std::optional<VaultCredentials>(std::move(decoded).value())));
        });
    return future;
}

QFuture<Status> TokenVault::remove(const QString& origin, const QString& username)
{
    auto promise = startedPromise<Status>();
    QFuture<Status> future = promise->future();
    if (origin.isEmpty() || username.isEmpty()) {
        fulfil<Status>(*promise, Status{});
        return future;
    }
    const QString key = sessionKey(origin, username);
    const QString service = m_options.service;
    const QString path = m_options.settingsPath;
    const int timeoutMs = m_options.timeoutMs;
    run([service, key](KeychainBackend& b, Done done) { b.remove(service, key, std::move(done)); },
        [promise, path, origin, username, timeoutMs](KeychainReply reply, bool timedOut) {
            // Forget the remembered name even if the keychain failed: the front end will not offer to
            // restore a session it could not delete, and the person sees the keychain's error.
            QSettings settings(path, QSettings::IniFormat);
            if (settings.value(settingsKey(origin)).toString() == username) {
                settings.remove(settingsKey(origin));
                settings.sync();
            }
            if (timedOut || (reply.code != KeychainReply::Code::Ok && reply.code != KeychainReply::Code::NotFound)) {
                fulfil<Status>(*promise, errorOf(reply, timedOut, timeoutMs));
                return;
            }
            fulfil<Status>(*promise, Status{});
        });
    return future;
}

QString TokenVault::rememberedUsername(const QString& origin) const
{
    QSettings settings(m_options.settingsPath, QSettings::IniFormat);
    return settings.value(settingsKey(origin)).toString();
}

void TokenVault::forgetRememberedUsername(const QString& origin)
{
    QSettings settings(m_options.settingsPath, QSettings::IniFormat);
    settings.remove(settingsKey(origin));
    settings.sync();
}

QFuture<Result<std::optional<QByteArray>>> TokenVault::readSecret(const QString& name)
{
    using R = Result<std::optional<QByteArray>>;
    auto promise = startedPromise<R>();
    QFuture<R> future = promise->future();
    const QString service = m_options.service;
    const int timeoutMs = m_options.timeoutMs;
    run([service, name](KeychainBackend& b, Done done) { b.read(service, name, std::move(done)); },
        [promise, timeoutMs](KeychainReply reply, bool timedOut) {
            if (!timedOut && reply.code == KeychainReply::Code::NotFound)
                fulfil<R>(*promise, R(std::optional<QByteArray>{}));
            else if (timedOut || reply.code != KeychainReply::Code::Ok)
                fulfil<R>(*promise, R(errorOf(reply, timedOut, timeoutMs)));
            else
                fulfil<R>(*promise, R(std::optional<QByteArray>(std::move(reply.data))));
        });
    return future;
}

QFuture<Status> TokenVault::writeSecret(const QString& name, const QByteArray& secret)
{
    auto promise = startedPromise<Status>();
    QFuture<Status> future = promise->future();
    auto copy = std::make_shared<QByteArray>(secret);
    const QString service = m_options.service;
    const int timeoutMs = m_options.timeoutMs;
    run([service, name, copy](KeychainBackend& b, Done done) { b.write(service, name, *copy, std::move(done)); },
        [promise, copy, timeoutMs](KeychainReply reply, bool timedOut) {
            wipeBytes(*copy);
            if (timedOut || reply.code != KeychainReply::Code::Ok)
                fulfil<Status>(*promise, errorOf(reply, timedOut, timeoutMs));
            else
                fulfil<Status>(*promise, Status{});
        });
    return future;
}

QFuture<Status> TokenVault::removeSecret(const QString& name)
{
    auto promise = startedPromise<Status>();
    QFuture<Status> future = promise->future();
    const QString service = m_options.service;
    const int timeoutMs = m_options.timeoutMs;
    run([service, name](KeychainBackend& b, Done done) { b.remove(service, name, std::move(done)); },
        [promise, timeoutMs](KeychainReply reply, bool timedOut) {
            if (timedOut || (reply.code != KeychainReply::Code::Ok && reply.code != KeychainReply::Code::NotFound))
                fulfil<Status>(*promise, errorOf(reply, timedOut, timeoutMs));
            else
                fulfil<Status>(*promise, Status{});
        });
    return future;
}

} // namespace gatehouse::core::vault
