// gatehouse-cli remote login|logout|whoami|get: remote mode from the command line.
//
// The session lives in the OS keychain by default, in the same entry (origin, username) the desktop app
// uses (SessionStore), so the next invocation, the --remote task/product/user commands and the app all
// find it. Without a usable keychain `login` says which state it is in (no Secret Service, locked,
// denied, timed out), ends the session on the server again and exits non-zero: nothing goes to disk
// unless --token-file PATH asks for an owner-only file (TokenFileStore; tokens refreshed while a
// command runs are written back to it atomically). `logout` ends the session on the server and removes
// the keychain entry (or wipes and deletes the file). Nothing secret is printed. Passwords come from
// --password-file (or "-" for stdin; a prompt with echo off when stdin is a terminal), never argv.
//
// The network runs on a private thread with its own event loop while the CLI's thread waits for the one
// result: the CLI has no event loop of its own, and nothing spins a nested one.
#include "CommandSupport.h"
#include "TerminalPrompt.h"
#include "commands/Groups.h"
#include "commands/RemoteSetup.h"
#include "commands/SessionStore.h"

#include "net/HttpClient.h"
#include "remote/ApiProfile.h"
#include "remote/CredentialStore.h"
#include "remote/RemoteSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>

#include <openssl/crypto.h>

#include <future>
#include <memory>

namespace gatehouse::cli {

using namespace core;

namespace {

constexpr int kExitAuth = 1;

int exitFor(const Error& e)
{
    if (e.code == QLatin1String("http.403"))
        return ExitPermission;
    if (e.code.startsWith(QLatin1String("http.401")) || e.code.startsWith(QLatin1String("auth.")))
        return kExitAuth;
    if (e.code.startsWith(QLatin1String("cli.")))
        return ExitBadInput;
    return ExitNetwork; // the network, the server, the keychain (vault.*)
}

void addRemoteOptions(QCommandLineParser& p, bool login)
{
    p.addOption({QStringLiteral("url"), QStringLiteral("Base URL of the API."), QStringLiteral("URL")});
    p.addOption({QStringLiteral("profile"),
                 QStringLiteral("Built-in API profile (\"Gatehouse REST\", \"Flask + PyJWT (minimal)\", "
                                "\"Flask-JWT-Extended\", \"Flask-JWT-Extended (cookies)\", \"Flask-Login session\")."),
                 QStringLiteral("NAME"), QStringLiteral("Gatehouse REST")});
    p.addOption({QStringLiteral("profile-file"), QStringLiteral("A JSON API profile file."), QStringLiteral("PATH")});
    p.addOption({QStringLiteral("username"),
                 login ? QStringLiteral("Account name.")
                       : QStringLiteral("Whose remembered session (default: the last one logged in for this URL)."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("token-file"),
                 QStringLiteral("Keep the session in this owner-only (0600) file instead of the OS keychain: an "
                                "explicit opt-in for machines without a keychain."),
                 QStringLiteral("PATH")});
    addPinAndTimeoutOptions(p);
}

std::optional<RemoteSetup> setupFrom(const QCommandLineParser& p, const CliIo& io, int& exitCode)
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
using Work = std::function<void(remote::RemoteSession&, SessionStore&, Finish)>;

// Runs `work` with a session living on a private network thread, its credentials in the keychain (or in
// `tokenFile`); returns the exit code it finishes with.
int runRemote(const RemoteSetup& setup, const QString& tokenFile, const Work& work)
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
        auto* sessions = new SessionStore(tokenFile, holder);
        auto* session = new remote::RemoteSession(client, setup.profile, setup.url, SystemClock::instance(),
                                                  &sessions->store(), holder);
        session->setTimeoutMs(setup.timeoutMs);
        work(*session, *sessions, [holder, session, &done](int code) {
            // Later, from the event loop: the finishing job is still on the stack here.
            QTimer::singleShot(0, holder, [holder, session, &done, code]() {
                delete session; // before the store and client it uses
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

// Restores the remembered session (`username`, else the last one for this origin), then calls `then`.
void withSession(remote::RemoteSession& session, SessionStore& sessions, const QString& username, const CliIo& io,
                 bool json, const Finish& finish, std::function<void()> then)
{
    const QString user = sessions.pick(session.origin(), username);
    if (user.isEmpty()) {
        printError(io, sessions.nothingStored(session.origin()), json);
        finish(kExitAuth);
        return;
    }
    session.restore(user, [&session, &sessions, &io, json, finish, then](Result<bool> restored) {
        if (!restored.ok()) {
            printError(io, SessionStore::explain(restored.error(), false), json);
            finish(exitFor(restored.error()));
            return;
        }
        if (!restored.value()) {
            printError(io, sessions.nothingStored(session.origin()), json);
            finish(kExitAuth);
            return;
        }
        then();
    });
}

int loginCommand(const QStringList& args, const CliIo& io)
{
    QCommandLineParser p;
    addRemoteOptions(p, true);
    p.addOption({QStringLiteral("password-file"), QStringLiteral("File holding the password, or - for stdin."),
                 QStringLiteral("PATH"), QStringLiteral("-")});
    if (auto code =
            parseCommand(p, args, io, QStringLiteral("remote login --url URL --username NAME [--token-file PATH]"),
                         QStringLiteral("Log in to a remote API and keep the session in the OS keychain (or, with "
                                        "--token-file, in an owner-only file). Prints nothing secret.")))
        return *code;
    const bool json = p.isSet(QStringLiteral("json"));
    int exitCode = 0;
    const auto setup = setupFrom(p, io, exitCode);
    if (!setup)
        return exitCode;
    const QString username = p.value(QStringLiteral("username"));
    if (username.isEmpty()) {
        io.error(QStringLiteral("gatehouse-cli: remote login needs --username NAME"));
        return ExitUsage;
    }
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
    const int code =
        runRemote(*setup, tokenFile, [&](remote::RemoteSession& session, SessionStore& sessions, Finish finish) {
            // Two answers: the server's (login) and then the store's (the session kept, or why not).
            const auto kept = [&, finish](Status stored) {
                if (!stored.ok()) {
                    // A session nobody can use again: end it on the server too, then say why.
                    const Error why = SessionStore::explain(stored.error(), true);
                    session.logout([&io, json, finish, why](Status) {
                        printError(io, why, json);
                        finish(exitFor(why));
                    });
                    return;
                }
                const QString where =
                    sessions.isKeychain() ? QStringLiteral("the keychain") : QStringLiteral("the token file");
                if (json)
                    io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), true},
                                                           {QStringLiteral("username"), username},
                                                           {QStringLiteral("expires_at"), session.expiresAt()},
                                                           {QStringLiteral("kept_in"), sessions.isKeychain()
                                                                                           ? QStringLiteral("keychain")
                                                                                           : QStringLiteral("file")}})
                                     .toJson(QJsonDocument::Compact));
                else
                    io.println(QStringLiteral("Logged in as %1; the session is kept in %2.").arg(username, where));
                finish(0);
            };
            session.login(
                username, pw, true,
                [&io, json, finish](const net::HttpResult& r) {
                    if (!r.ok()) {
                        printError(io, r.error(), json);
                        finish(exitFor(r.error()));
                    }
                },
                kept);
        });
    pw.fill(QChar(0));
    return code;
}

int requestCommand(const QStringList& args, const CliIo& io, bool whoami)
{
    QCommandLineParser p;
    addRemoteOptions(p, false);
    if (!whoami)
        p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Path below the base URL, e.g. /tasks?q=milk"));
    if (auto code =
            parseCommand(p, args, io,
                         whoami ? QStringLiteral("remote whoami --url URL [--username NAME] [--token-file PATH]")
                                : QStringLiteral("remote get PATH --url URL [--username NAME] [--token-file PATH]"),
                         whoami ? QStringLiteral("Show who the remembered session belongs to.")
                                : QStringLiteral("GET a path with the remembered session; prints the JSON answer.")))
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
    const QString username = p.value(QStringLiteral("username"));
    return runRemote(*setup, p.value(QStringLiteral("token-file")),
                     [&](remote::RemoteSession& session, SessionStore& sessions, Finish finish) {
                         withSession(session, sessions, username, io, json, finish, [&, finish]() {
                             session.send("GET", path, {}, [&, finish](const net::HttpResult& r) {
                                 if (!r.ok()) {
                                     printError(io, r.error(), json);
                                     finish(exitFor(r.error()));
                                     return;
                                 }
                                 const QByteArray body = r.value().json.isNull()
                                                             ? r.value().body
                                                             : r.value().json.toJson(QJsonDocument::Compact);
                                 io.writeJson(body);
                                 finish(0);
                             });
                         });
                     });
}

int logoutCommand(const QStringList& args, const CliIo& io)
{
    QCommandLineParser p;
    addRemoteOptions(p, false);
    if (auto code =
            parseCommand(p, args, io, QStringLiteral("remote logout --url URL [--username NAME] [--token-file PATH]"),
                         QStringLiteral("Log out on the server and remove the keychain entry (or wipe and "
                                        "delete the token file).")))
        return *code;
    const bool json = p.isSet(QStringLiteral("json"));
    int exitCode = 0;
    const auto setup = setupFrom(p, io, exitCode);
    if (!setup)
        return exitCode;
    const QString tokenFile = p.value(QStringLiteral("token-file"));
    const QString username = p.value(QStringLiteral("username"));
    const auto said = [&io, json](const QString& text) {
        if (json)
            io.writeJson("{\"ok\":true}");
        else
            io.println(text);
    };
    const int code =
        runRemote(*setup, tokenFile, [&](remote::RemoteSession& session, SessionStore& sessions, Finish finish) {
            const QString user = sessions.pick(session.origin(), username);
            if (user.isEmpty()) {
                printError(io, sessions.nothingStored(session.origin()), json);
                finish(kExitAuth);
                return;
            }
            session.restore(user, [&, user, finish](Result<bool> restored) {
                if (restored.ok() && restored.value()) {
                    // Server logout, memory wiped, keychain entry removed (its Status: the server's error first).
                    session.logout([&, finish](Status s) {
                        if (!s.ok()) {
                            printError(io, SessionStore::explain(s.error(), false), json);
                            finish(exitFor(s.error()));
                            return;
                        }
                        said(QStringLiteral("Logged out."));
                        finish(0);
                    });
                    return;
                }
                if (!restored.ok() && restored.error().code.startsWith(QLatin1String("vault."))) {
                    printError(io, SessionStore::explain(restored.error(), false), json);
                    finish(exitFor(restored.error()));
                    return;
                }
                // Nothing usable is left (expired, refused by the server, or the server cannot be reached): still
                // make sure nothing stays behind here.
                sessions.store().remove(session.origin(), user, [&, restored, finish](Status removed) {
                    if (!removed.ok()) {
                        printError(io, SessionStore::explain(removed.error(), false), json);
                        finish(exitFor(removed.error()));
                    } else if (restored.ok()) {
                        printError(io, sessions.nothingStored(session.origin()), json);
                        finish(kExitAuth);
                    } else if (restored.error().code == QLatin1String("auth.expired")) {
                        said(QStringLiteral("Logged out (the session had already ended)."));
                        finish(0);
                    } else {
                        const Error& e = restored.error();
                        printError(
                            io,
                            Error::make(e.code,
                                        e.message + QStringLiteral(" The local session was removed, but the server "
                                                                   "could not be told."),
                                        e.where),
                            json);
                        finish(exitFor(e));
                    }
                });
            });
        });
    if (!tokenFile.isEmpty())
        TokenFileStore(tokenFile).erase();
    return code;
}

} // namespace

CommandGroup remoteGroup()
{
    return {
        QStringLiteral("remote"),
        QStringLiteral("Remote JWT/session APIs: login, logout, whoami, get (exit 1 auth, 4 denied, 6 network/server)"),
        {{QStringLiteral("login"),
          QStringLiteral("Log in; the session is kept in the OS keychain (--token-file: a 0600 file)"), loginCommand},
         {QStringLiteral("logout"), QStringLiteral("Server logout; remove the keychain entry (or the token file)"),
          logoutCommand},
         {QStringLiteral("whoami"), QStringLiteral("Who the stored session belongs to"),
          [](const QStringList& a, const CliIo& io) { return requestCommand(a, io, true); }},
         {QStringLiteral("get"), QStringLiteral("GET a path with the stored session"),
          [](const QStringList& a, const CliIo& io) { return requestCommand(a, io, false); }}}};
}

} // namespace gatehouse::cli
