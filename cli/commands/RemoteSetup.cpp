#include "commands/RemoteSetup.h"

#include <QFile>
#include <QFileInfo>

namespace gatehouse::cli {

using namespace core;

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

} // namespace gatehouse::cli
