// gatehouse-cli remote login|logout|whoami|get: remote mode from the command line.
//
// The CLI has no keychain session. `login` prints nothing secret; with --token-file PATH it writes the
// session's credentials (JSON: access/refresh token, credential cookies) to PATH, created with owner-only
// permissions, which later calls read with the same option. `logout` ends the session on the server and
// wipes and deletes that file. Passwords come from --password-file (or "-" for stdin; a prompt with echo
// off when stdin is a terminal), never argv.
//
// The network runs on a private thread with its own event loop while the CLI's thread waits for the one
// result: the CLI has no event loop of its own, and nothing spins a nested one.
#include "CommandSupport.h"
#include "TerminalPrompt.h"
#include "commands/Groups.h"
#include "commands/RemoteSetup.h"

#include "net/HttpClient.h"
#include "remote/ApiProfile.h"
#include "remote/CredentialStore.h"
#include "remote/RemoteSession.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>

#include <openssl/crypto.h>

#include <future>

namespace gatehouse::cli {

using namespace core;

namespace {

constexpr int kExitAuth = 1;
constexpr int kExitDenied = ExitPermission;
constexpr int kExitNetwork = ExitNetwork;
const QString kCliUser = cliSessionUser();

int exitFor(const Error& e)
{
    if (e.code == QLatin1String("http.403"))
        return kExitDenied;
    if (e.code.startsWith(QLatin1String("http.401")) || e.code.startsWith(QLatin1String("auth.")))
        return kExitAuth;
    return kExitNetwork;
}

void addRemoteOptions(QCommandLineParser& p)
{
    p.addOption({QStringLiteral("url"), QStringLiteral("Base URL of the API."), QStringLiteral("URL")});
    p.addOption({QStringLiteral("profile"),
                 QStringLiteral("Built-in API profile (\"Gatehouse REST\", \"Flask + PyJWT (minimal)\", "
                                "\"Flask-JWT-Extended\", \"Flask-JWT-Extended (cookies)\", \"Flask-Login session\")."),
                 QStringLiteral("NAME"), QStringLiteral("Gatehouse REST")});
    p.addOption({QStringLiteral("profile-file"), QStringLiteral("A JSON API profile file."), QStringLiteral("PATH")});
    p.addOption({QStringLiteral("token-file"),
                 QStringLiteral("Where the session's credentials are kept (owner-only file)."),
                 QStringLiteral("PATH")});
    addPinAndTimeoutOptions(p);
}

using Setup = RemoteSetup;

std::optional<Setup> setupFrom(const QCommandLineParser& p, const CliIo& io, int& exitCode)
{
    auto profile = resolveProfile(p.isSet(QStringLiteral("profile-file")) ? p.value(QStringLiteral("profile-file"))
                                                                          : p.value(QStringLiteral("profile")));
    if (!profile.ok()) {
        printError(io, profile.error(), p.isSet(QStringLiteral("json")));
        exitCode = p.isSet(QStringLiteral("profile-file")) ? ExitBadInput : ExitUsage;
        return std::nullopt;
    }
    return remoteSetupFrom(p, io, profile.value(), exitCode);
}

using Finish = std::function<void(int)>;
using Work = std::function<void(remote::RemoteSession&, remote::MemoryCredentialStore&, Finish)>;

// Runs `work` with a session living on a private network thread; returns the exit code it finishes with.
int runRemote(const Setup& setup, const Work& work)
{
    QThread thread;
    thread.start();
    std::promise<int> done;
    std::future<int> result = done.get_future();
    QObject anchor;
    anchor.moveToThread(&thread);
    QMetaObject::invokeMethod(&anchor, [&]() {
        auto* holder = new QObject;
        auto* nam = new QNetworkAccessManager(holder);
        auto* client = new net::HttpClient(nam, SystemClock::instance(), holder);
        if (!setup.pin.isEmpty())
            client->pinCertificate(net::originOf(setup.url), setup.pin);
        auto* store = new remote::MemoryCredentialStore(holder);
        auto* session =
            new remote::RemoteSession(client, setup.profile, setup.url, SystemClock::instance(), store, holder);
        session->setTimeoutMs(setup.timeoutMs);
        work(*session, *store, [holder, &done](int code) {
            // Later, from the event loop: the finishing job is still on the stack here.
            QTimer::singleShot(0, holder, [holder, &done, code]() {
                holder->deleteLater();
                QTimer::singleShot(0, [&done, code]() { done.set_value(code); });
            });
        });
    });
    const int code = result.get();
    QMetaObject::invokeMethod(
        &anchor, [&anchor]() { anchor.moveToThread(nullptr); }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    return code;
}

void wipe(QByteArray& b)
{
    if (!b.isEmpty()) {
        b.detach();
        OPENSSL_cleanse(b.data(), size_t(b.size()));
    }
    b.clear();
}

// Restores the session from the token file into `session`, then calls `then`.
void withSession(remote::RemoteSession& session, remote::MemoryCredentialStore& store, const QString& tokenFile,
                 const CliIo& io, bool json, Finish finish, std::function<void()> then)
{
    auto stored = readTokenFile(tokenFile);
    if (!stored.ok()) {
        printError(io, stored.error(), json);
        finish(kExitAuth);
        return;
    }
    store.save(session.origin(), kCliUser, stored.value(), [&session, io, json, finish, then](Status) {
        session.restore(kCliUser, [io, json, finish, then](Result<bool> restored) {
            if (!restored.ok() || !restored.value()) {
                printError(io,
                           restored.ok() ? Error::make(QStringLiteral("auth.expired"),
                                                       QStringLiteral("The stored session has expired; log in again."))
                                         : restored.error(),
                           json);
                finish(restored.ok() ? kExitAuth : exitFor(restored.error()));
                return;
            }
            then();
        });
    });
    stored.value().wipe();
}

int loginCommand(const QStringList& args, const CliIo& io)
{
    QCommandLineParser p;
    addRemoteOptions(p);
    p.addOption({QStringLiteral("username"), QStringLiteral("Account name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("password-file"), QStringLiteral("File holding the password, or - for stdin."),
                 QStringLiteral("PATH"), QStringLiteral("-")});
    if (auto code =
            parseCommand(p, args, io, QStringLiteral("remote login --url URL --username NAME [--token-file PATH]"),
                         QStringLiteral("Log in to a remote API. Prints nothing secret.")))
        return *code;
    const bool json = p.isSet(QStringLiteral("json"));
    int exitCode = 0;
    const auto setup = setupFrom(p, io, exitCode);
    if (!setup)
        return exitCode;
    const QString username = p.value(QStringLiteral("username"));
    // Standard input on a terminal: a prompt with echo off rather than reading typed characters in the clear.
    const bool prompt = p.value(QStringLiteral("password-file")) == QLatin1String("-") && stdinIsTerminal(io);
    auto password = prompt ? readHiddenLine(io, QStringLiteral("Password for %1: ").arg(username))
                           : readSecretFile(io, p.value(QStringLiteral("password-file")));
    if (!password.ok()) {
        printError(io, password.error(), json);
        return ExitBadInput;
    }
    const QString tokenFile = p.value(QStringLiteral("token-file"));
    QString pw = QString::fromUtf8(password.value());
    wipe(password.value());
    const int code = runRemote(*setup, [&](remote::RemoteSession& session, remote::MemoryCredentialStore& store,
                                           Finish finish) {
        session.login(username, pw, !tokenFile.isEmpty(), [&, finish](const net::HttpResult& r) {
            if (!r.ok()) {
                printError(io, r.error(), json);
                finish(exitFor(r.error()));
                return;
            }
            const qint64 expiresAt = session.expiresAt();
            const auto report = [&, finish, expiresAt](int exit) {
                if (json)
                    io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), exit == 0},
                                                           {QStringLiteral("username"), username},
                                                           {QStringLiteral("expires_at"), expiresAt}})
                                     .toJson(QJsonDocument::Compact));
                else
                    io.println(QStringLiteral("Logged in as %1.").arg(username));
                finish(exit);
            };
            if (tokenFile.isEmpty()) {
                report(0);
                return;
            }
            // The session saved itself to the (memory) store; copy that entry to the token file.
            store.load(session.origin(), username, [&, report](Result<std::optional<remote::StoredSession>> s) {
                if (!s.ok() || !s.value()) {
                    printError(io, Error::make(QStringLiteral("cli.token_file"), QStringLiteral("No session to save.")),
                               json);
                    report(ExitBadInput);
                    return;
                }
                const Status written = writeTokenFile(tokenFile, *s.value());
                s.value()->wipe();
                if (!written.ok())
                    printError(io, written.error(), json);
                report(written.ok() ? 0 : ExitBadInput);
            });
        });
    });
    pw.fill(QChar(0));
    return code;
}

int requestCommand(const QStringList& args, const CliIo& io, bool whoami)
{
    QCommandLineParser p;
    addRemoteOptions(p);
    if (!whoami)
        p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Path below the base URL, e.g. /tasks?q=milk"));
    if (auto code =
            parseCommand(p, args, io,
                         whoami ? QStringLiteral("remote whoami --url URL --token-file PATH")
                                : QStringLiteral("remote get PATH --url URL --token-file PATH"),
                         whoami ? QStringLiteral("Show who the stored session belongs to.")
                                : QStringLiteral("GET a path with the stored session; prints the JSON answer.")))
        return *code;
    const bool json = p.isSet(QStringLiteral("json"));
    int exitCode = 0;
    const auto setup = setupFrom(p, io, exitCode);
    if (!setup)
        return exitCode;
    QString path;
    if (whoami) {
        const remote::Endpoint& who = setup->profile.me.isSet() ? setup->profile.me : setup->profile.protectedPage;
        path = who.path;
        if (path.isEmpty()) {
            io.error(QStringLiteral("gatehouse-cli: this profile has no /me or protected page"));
            return ExitUsage;
        }
    } else {
        if (p.positionalArguments().size() != 1 || !p.positionalArguments().first().startsWith(QLatin1Char('/'))) {
            io.error(QStringLiteral("gatehouse-cli: give one PATH starting with /"));
            return ExitUsage;
        }
        path = p.positionalArguments().first();
    }
    const QString tokenFile = p.value(QStringLiteral("token-file"));
    return runRemote(*setup, [&](remote::RemoteSession& session, remote::MemoryCredentialStore& store, Finish finish) {
        withSession(session, store, tokenFile, io, json, finish, [&, finish]() {
            session.send("GET", path, {}, [&, finish](const net::HttpResult& r) {
                if (!r.ok()) {
                    printError(io, r.error(), json);
                    finish(exitFor(r.error()));
                    return;
                }
                const QByteArray body =
                    r.value().json.isNull() ? r.value().body : r.value().json.toJson(QJsonDocument::Compact);
                io.writeJson(body);
                finish(0);
            });
        });
    });
}

int logoutCommand(const QStringList& args, const CliIo& io)
{
    QCommandLineParser p;
    addRemoteOptions(p);
    if (auto code = parseCommand(p, args, io, QStringLiteral("remote logout --url URL --token-file PATH"),
                                 QStringLiteral("Log out on the server and delete the token file.")))
        return *code;
    const bool json = p.isSet(QStringLiteral("json"));
    int exitCode = 0;
    const auto setup = setupFrom(p, io, exitCode);
    if (!setup)
        return exitCode;
    const QString tokenFile = p.value(QStringLiteral("token-file"));
    const int code =
        runRemote(*setup, [&](remote::RemoteSession& session, remote::MemoryCredentialStore& store, Finish finish) {
            withSession(session, store, tokenFile, io, json, finish, [&, finish]() {
                session.logout([&, finish](Status s) {
                    if (!s.ok())
                        printError(io, s.error(), json);
                    else if (json)
                        io.writeJson("{\"ok\":true}");
                    else
                        io.println(QStringLiteral("Logged out."));
                    finish(s.ok() ? 0 : exitFor(s.error()));
                });
            });
        });
    if (!tokenFile.isEmpty() && QFile::exists(tokenFile)) {
        QFile f(tokenFile);
        if (f.open(QIODevice::ReadWrite)) {
            QByteArray zeros(int(f.size()), '\0');
            f.write(zeros);
            f.close();
        }
        QFile::remove(tokenFile);
    }
    return code;
}

} // namespace

CommandGroup remoteGroup()
{
    return {
        QStringLiteral("remote"),
        QStringLiteral("Remote JWT/session APIs: login, logout, whoami, get (exit 1 auth, 4 denied, 6 network/server)"),
        {{QStringLiteral("login"), QStringLiteral("Log in (password from --password-file or stdin)"), loginCommand},
         {QStringLiteral("logout"), QStringLiteral("Server logout; wipe and delete the token file"), logoutCommand},
         {QStringLiteral("whoami"), QStringLiteral("Who the stored session belongs to"),
          [](const QStringList& a, const CliIo& io) { return requestCommand(a, io, true); }},
         {QStringLiteral("get"), QStringLiteral("GET a path with the stored session"),
          [](const QStringList& a, const CliIo& io) { return requestCommand(a, io, false); }}}};
}

} // namespace gatehouse::cli
