#include "vault/QtKeychainBackend.h"

#include <qt6keychain/keychain.h>

#include <QObject>

#if GATEHOUSE_VAULT_DBUS_PROBE
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

namespace gatehouse::core::vault {

namespace {

KeychainReply::Code toCode(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return KeychainReply::Code::Ok;
    case QKeychain::EntryNotFound:
        return KeychainReply::Code::NotFound;
    case QKeychain::CouldNotDeleteEntry:
        return KeychainReply::Code::CouldNotDelete;
    case QKeychain::AccessDeniedByUser:
        return KeychainReply::Code::DeniedByUser;
    case QKeychain::AccessDenied:
        return KeychainReply::Code::Denied;
    case QKeychain::NoBackendAvailable:
        return KeychainReply::Code::NoBackend;
    case QKeychain::NotImplemented:
        return KeychainReply::Code::NotImplemented;
    case QKeychain::OtherError:
        break;
    }
    return KeychainReply::Code::Other;
}

// Common setup for every job. No plaintext fallback: setInsecureFallback(false) is QtKeychain's default,
// set explicitly so that nobody "fixes" a missing keychain by flipping it. With it, QtKeychain would write
// the secret into a QSettings file.
void prepare(QKeychain::Job* job, const QString& key)
{
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
}

KeychainReply replyOf(const QKeychain::Job* job)
{
    KeychainReply reply;
    reply.code = toCode(job->error());
    if (reply.code != KeychainReply::Code::Ok)
        reply.detail = job->errorString();
    return reply;
}

// libsecret looks items up with "unlock if needed"; when the unlock prompt cannot be shown (no display,
// no prompter) it answers "no such item" without an error, so QtKeychain says EntryNotFound: a locked
// keychain would read as "nothing stored" and a logout would leave the entry behind. Measured against
// gnome-keyring 42 with libsecret 0.20.5. So a NotFound (or an error) is checked against the Secret
// Service's default collection: if it is locked, the answer becomes Denied "locked". (Only the default
// collection: QtKeychain's libsecret backend stores there.)
void checkLocked(KeychainReply reply, KeychainBackend::Done done)
{
#if GATEHOUSE_VAULT_DBUS_PROBE
    QDBusMessage message = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    message << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        done(std::move(reply));
        return;
    }
    // Short: the vault's own timeout still bounds the whole call.
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(message, 2000));
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, watcher,
                     [reply = std::move(reply), done = std::move(done)](QDBusPendingCallWatcher* w) mutable {
                         w->deleteLater();
                         const QDBusPendingReply<QDBusVariant> answer = *w;
                         if (!answer.isError() && answer.value().variant().toBool()) {
                             reply.code = KeychainReply::Code::Denied;
                             reply.detail = QStringLiteral("The default keychain collection is locked");
                             reply.data.clear();
                         }
                         done(std::move(reply));
                     });
#else
    done(std::move(reply));
#endif
}

void finishWithLockCheck(KeychainReply reply, KeychainBackend::Done& done)
{
    if (reply.code == KeychainReply::Code::Ok)
        done(std::move(reply));
    else
        checkLocked(std::move(reply), std::move(done));
}

} // namespace

void QtKeychainBackend::read(const QString& service, const QString& key, Done done)
{
    auto* job = new QKeychain::ReadPasswordJob(service);
    prepare(job, key);
    QObject::connect(job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job* finished) mutable {
        KeychainReply reply = replyOf(finished);
        if (reply.code == KeychainReply::Code::Ok)
            reply.data = static_cast<QKeychain::ReadPasswordJob*>(finished)->binaryData();
        finishWithLockCheck(std::move(reply), done);
    });
    job->start();
}

void QtKeychainBackend::write(const QString& service, const QString& key, const QByteArray& data, Done done)
{
    auto* job = new QKeychain::WritePasswordJob(service);
    prepare(job, key);
    job->setBinaryData(data);
    QObject::connect(job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job* finished) mutable {
        finishWithLockCheck(replyOf(finished), done);
    });
    job->start();
}

void QtKeychainBackend::remove(const QString& service, const QString& key, Done done)
{
    auto* job = new QKeychain::DeletePasswordJob(service);
    prepare(job, key);
    QObject::connect(job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job* finished) mutable {
        // libsecret also "clears" nothing without an error when the item is behind a lock, so even a
        // success is checked: a logout must not pass for a deleted entry while the token is still there.
        checkLocked(replyOf(finished), std::move(done));
    });
    job->start();
}

} // namespace gatehouse::core::vault
