#include "commands/TokenFileStore.h"

#include "commands/RemoteSetup.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#include <openssl/crypto.h>

namespace gatehouse::cli {

using namespace core;

namespace {

void wipe(QByteArray& b)
{
    if (!b.isEmpty()) {
        b.detach();
        OPENSSL_cleanse(b.data(), size_t(b.size()));
    }
    b.clear();
}

Error fileError(const QString& message)
{
    return Error::make(QStringLiteral("cli.token_file"), message);
}

QJsonObject readObject(const QString& path, bool& exists)
{
    QFile f(path);
    exists = !path.isEmpty() && f.open(QIODevice::ReadOnly);
    if (!exists)
        return {};
    QByteArray raw = f.read(1024 * 1024);
    const QJsonObject o = QJsonDocument::fromJson(raw).object();
    wipe(raw);
    return o;
}

} // namespace

TokenFileStore::TokenFileStore(QString path, QObject* parent) : QObject(parent), m_path(std::move(path)) {}

Result<std::optional<remote::StoredSession>> TokenFileStore::read(const QString& origin) const
{
    bool exists = false;
    const QJsonObject o = readObject(m_path, exists);
    if (!exists)
        return std::optional<remote::StoredSession>();
    const QString fileOrigin = o.value(QLatin1String("origin")).toString();
    if (!fileOrigin.isEmpty() && !origin.isEmpty() && fileOrigin != origin)
        return Error::make(QStringLiteral("cli.token_file.origin"),
                           QStringLiteral("The token file holds a session for %1, not for %2; its tokens are not "
                                          "sent to another server.")
                               .arg(fileOrigin, origin));
    remote::StoredSession s;
    s.accessToken = o.value(QLatin1String("access_token")).toString().toUtf8();
    s.refreshToken = o.value(QLatin1String("refresh_token")).toString().toUtf8();
    s.sessionCookie = o.value(QLatin1String("cookies")).toString().toUtf8();
    if (s.isEmpty())
        return std::optional<remote::StoredSession>();
    return std::optional<remote::StoredSession>(std::move(s));
}

Status TokenFileStore::write(const QString& origin, const QString& username, const remote::StoredSession& s) const
{
    QSaveFile f(m_path);
    // Owner-only before the first byte goes in: QSaveFile's temporary file starts with the umask's mode.
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return fileError(QStringLiteral("Cannot write the token file."));
    QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("origin"), origin},
                                                {QStringLiteral("username"), username},
                                                {QStringLiteral("access_token"), QString::fromUtf8(s.accessToken)},
                                                {QStringLiteral("refresh_token"), QString::fromUtf8(s.refreshToken)},
                                                {QStringLiteral("cookies"), QString::fromUtf8(s.sessionCookie)}})
                          .toJson(QJsonDocument::Compact);
    const bool written = f.write(json) == json.size();
    wipe(json);
    if (!written || !f.commit())
        return fileError(QStringLiteral("Cannot write the token file."));
    return {};
}

void TokenFileStore::erase() const
{
    QFile f(m_path);
    if (m_path.isEmpty() || !f.exists())
        return;
    if (f.open(QIODevice::ReadWrite)) {
        const QByteArray zeros(int(f.size()), '\0');
        f.write(zeros);
        f.flush();
        f.close();
    }
    QFile::remove(m_path);
}

void TokenFileStore::load(const QString& origin, const QString&, LoadCallback done)
{
    auto loaded = std::make_shared<Result<std::optional<remote::StoredSession>>>(read(origin));
    QTimer::singleShot(0, this, [done = std::move(done), loaded]() {
        done(std::move(*loaded));
        if (loaded->ok() && loaded->value())
            loaded->value()->wipe();
    });
}

void TokenFileStore::save(const QString& origin, const QString& username, const remote::StoredSession& session,
                          DoneCallback done)
{
    const Status written = write(origin, username, session);
    QTimer::singleShot(0, this, [done = std::move(done), written]() { done(written); });
}

void TokenFileStore::remove(const QString&, const QString&, DoneCallback done)
{
    erase();
    QTimer::singleShot(0, this, [done = std::move(done)]() { done(Status()); });
}

QString TokenFileStore::rememberedUsername(const QString&) const
{
    bool exists = false;
    const QJsonObject o = readObject(m_path, exists);
    if (!exists)
        return {};
    const QString name = o.value(QLatin1String("username")).toString();
    return name.isEmpty() ? cliSessionUser() : name;
}

} // namespace gatehouse::cli
