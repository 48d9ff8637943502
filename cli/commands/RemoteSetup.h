#pragma once

// What "remote login|logout|whoami|get" and the task/product/user commands with --remote share: the API
// profile, base URL, certificate pin and timeout from the command line, and the token file that
// "remote login --token-file PATH" writes (owner-only JSON holding the session's credentials).
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

// The name under which the CLI keeps its one session in a (memory) credential store.
QString cliSessionUser();

// --pin HEX and --timeout-ms MS.
void addPinAndTimeoutOptions(QCommandLineParser& p);
// A built-in profile by name ("Gatehouse REST", "gatehouse-rest", ...) or a JSON profile file's path.
core::Result<core::remote::ApiProfile> resolveProfile(const QString& nameOrPath);
// --url (http or https), --pin, --timeout-ms and the given profile. On failure prints why and sets
// `exitCode` (2 usage).
std::optional<RemoteSetup> remoteSetupFrom(const QCommandLineParser& p, const CliIo& io,
                                           const core::remote::ApiProfile& profile, int& exitCode);

core::Status writeTokenFile(const QString& path, const core::remote::StoredSession& s);
// auth.required when there is no file or it holds no session.
core::Result<core::remote::StoredSession> readTokenFile(const QString& path);

} // namespace gatehouse::cli
