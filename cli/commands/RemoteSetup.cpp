#include "commands/RemoteSetup.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

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

} // namespace

QString cliSessionUser()
{
    return QStringLiteral("gatehouse-cli");
}

void addPinAndTimeoutOptions(QCommandLineParser& p)
{
    p.addOption({QStringLiteral("pin"),
                 QStringLiteral("Trust a self-signed certificate with this SHA-256 fingerprint."),
                 QStringLiteral("HEX")});
    p.addOption({QStringLiteral("timeout-ms"), QStringLiteral("Per-request timeout."), QStringLiteral("MS"),
                 QStringLiteral("15000")});
}

Result<remote::ApiProfile> resolveProfile(const QString& nameOrPath)
{
    if (auto builtin = remote::ApiProfile::builtin(nameOrPath))
        return *builtin;
    if (!QFileInfo(nameOrPath).isFile())
        return Error::make(
            QStringLiteral("cli.profile"),
            QStringLiteral("Unknown API profile: give a built-in profile's name or a JSON profile file."));
    QFile f(nameOrPath);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(QStringLiteral("cli.profile"), QStringLiteral("Cannot read the profile file."));
    return remote::ApiProfile::fromJson(f.read(1024 * 1024));
}

std::optional<RemoteSetup> remoteSetupFrom(const QCommandLineParser& p, const CliIo& io,
                                           const remote::ApiProfile& profile, int& exitCode)
{
    RemoteSetup s;
    exitCode = ExitUsage;
    s.profile = profile;
    s.url = QUrl(p.value(QStringLiteral("url")));
    if (!s.url.isValid() || (s.url.scheme() != QLatin1String("http") && s.url.scheme() != QLatin1String("https"))) {
        io.error(QStringLiteral("gatehouse-cli: --url must be an http or https URL"));
        return std::nullopt;
    }
    s.pin = QByteArray::fromHex(p.value(QStringLiteral("pin")).remove(QLatin1Char(':')).toLatin1());
    s.timeoutMs = qMax(100, p.value(QStringLiteral("timeout-ms")).toInt());
    return s;
}

Status writeTokenFile(const QString& path, const remote::StoredSession& s)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return Error::make(QStringLiteral("cli.token_file"), QStringLiteral("Cannot write the token file."));
    QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(s.accessToken)},
                                                {QStringLiteral("refresh_token"), QString::fromUtf8(s.refreshToken)},
                                                {QStringLiteral("cookies"), QString::fromUtf8(s.sessionCookie)}})
                          .toJson(QJsonDocument::Compact);
    const bool ok = f.write(json) == json.size();
    wipe(json);
    return ok ? Status()
              : Status(Error::make(QStringLiteral("cli.token_file"), QStringLiteral("Cannot write the token file.")));
}

Result<remote::StoredSession> readTokenFile(const QString& path)
{
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        return Error::make(QStringLiteral("auth.required"),
                           QStringLiteral("No session: run 'gatehouse-cli remote login --token-file PATH' first."));
    QByteArray raw = f.read(1024 * 1024);
    const QJsonObject o = QJsonDocument::fromJson(raw).object();
    wipe(raw);
    remote::StoredSession s;
    s.accessToken = o.value(QLatin1String("access_token")).toString().toUtf8();
    s.refreshToken = o.value(QLatin1String("refresh_token")).toString().toUtf8();
    s.sessionCookie = o.value(QLatin1String("cookies")).toString().toUtf8();
    if (s.isEmpty())
        return Error::make(QStringLiteral("auth.required"), QStringLiteral("The token file holds no session."));
    return s;
}

} // namespace gatehouse::cli
