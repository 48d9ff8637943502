#pragma once

// What "remote login|logout|whoami|get" and the task/product/user commands with --remote share: the API
// profile, base URL, certificate pin and timeout from the command line. Where the session is kept between
// invocations (the keychain, or a --token-file) is SessionStore's business.
#include "CommandSupport.h"

#include "remote/ApiProfile.h"
#include "remote/CredentialStore.h"

#include <QUrl>

#include <optional>

namespace gatehouse::cli {

struct RemoteSetup
{
    core::remote::ApiProfile profile;
    QUrl url;
    QByteArray pin; // SHA-256 of a self-signed certificate to trust (empty: verify as usual)
    int timeoutMs = 15000;
};

// The username of a token file that names none (files written before they recorded it).
QString cliSessionUser();

// --pin HEX and --timeout-ms MS.
void addPinAndTimeoutOptions(QCommandLineParser& p);
// A built-in profile by name ("Gatehouse REST", "gatehouse-rest", ...) or a JSON profile file's path.
core::Result<core::remote::ApiProfile> resolveProfile(const QString& nameOrPath);
// --url (http or https), --pin, --timeout-ms and the given profile. On failure prints why and sets
// `exitCode` (2 usage).
std::optional<RemoteSetup> remoteSetupFrom(const QCommandLineParser& p, const CliIo& io,
                                           const core::remote::ApiProfile& profile, int& exitCode);

} // namespace gatehouse::cli
