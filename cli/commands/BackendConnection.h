#pragma once

#include "CommandSupport.h"
#include "backend/Backend.h"
#include "commands/LocalSupport.h"

#include <QFuture>
#include <QObject>
#include <QThread>

#include <functional>
#include <future>
#include <memory>

namespace gatehouse::cli {

class SessionStore;

// One command's Backend (core/backend/Backend.h), so the task, product and user commands have one code
// path for both modes: LocalBackend on --db PATH, RemoteBackend on --remote PROFILE --url URL. Permission
// checks happen behind the Backend (local services, or the server: its 403 arrives as perm.denied).
//
// The backend lives on a private thread with its own event loop, and the command's thread waits for each
// call's one result: the CLI has no event loop of its own and nothing spins a nested one (the pattern of
// RemoteCommands.cpp).
//
// The acting user: --as NAME, with the password from the first line of standard input (--password-stdin)
// or typed at a prompt with echo off when standard input is a terminal. With --remote and no --as, the
// session "remote login" kept is restored (refreshed if need be): from the OS keychain entry the desktop
// app shares (--username NAME picks whose; default the last one logged in for this URL), or from the
// owner-only file of --token-file PATH, to which refreshed tokens are written back.
class BackendConnection
{
public:
    BackendConnection() = default;
    ~BackendConnection();
    BackendConnection(const BackendConnection&) = delete;
    BackendConnection& operator=(const BackendConnection&) = delete;

    // --db, --hash-iterations, --remote, --url, --pin, --timeout-ms, --username, --token-file, --as,
    // --password-stdin.
    static void addOptions(QCommandLineParser& p);

    // Parses the command line (exactly `positional` positional arguments), opens the chosen back end and
    // logs the acting user in. Options named in `localOnly` are a usage error with --remote, found before
    // any network call. A value is the exit code to return at once (the error has been printed).
    std::optional<int> prepare(QCommandLineParser& parser, const QStringList& args, const CliIo& io,
                               const QString& usage, const QString& description, qsizetype positional,
                               const QStringList& localOnly = {});

    bool isRemote() const { return m_remote; }
    bool json() const { return m_local.json; }
    const core::backend::SessionInfo& session() const { return m_session; }
    // Further passwords (a new account's), from the same source as the acting user's.
    PasswordInput& passwords() { return m_local.passwords; }

    // Runs one Backend call on the backend's thread and waits for its result.
    template <typename T>
    T await(const std::function<QFuture<T>(core::backend::Backend&)>& call);

    // Prints `e` (JSON with --json) and returns its exit code (exitCodeFor).
    int fail(const core::Error& e) const;
    // Success: `extra` plus "ok": true with --json, else `text` (when not empty) on a line.
    int ok(const QJsonObject& extra, const QString& text) const;
    int okStatus(const core::Status& s, const QString& text) const;
    // A usage error that only one mode has ("--owner is not available with --remote").
    int usage(const QString& message) const;
    // The id of the account named `name` (needs user.view, as in local mode).
    core::Result<qint64> userIdByName(const QString& name);

private:
    std::optional<int> open(const QCommandLineParser& p);
    std::optional<int> authenticate(const QCommandLineParser& p);
    void runOnThread(const std::function<void()>& work);
    static core::Error cancelled();

    const CliIo* m_io = nullptr;
    bool m_remote = false;
    local::Local m_local; // local mode: the open database and the context LocalBackend is built on
    QThread m_thread;
    QObject m_anchor;                                  // lives on m_thread: the context of every continuation
    std::unique_ptr<core::backend::Backend> m_backend; // created and destroyed on m_thread
    QObject* m_holder = nullptr;        // remote mode, on m_thread: the QNetworkAccessManager and credential store
    SessionStore* m_sessions = nullptr; // remote without --as: the keychain or token file (in m_holder)
    QString m_origin;
    core::backend::SessionInfo m_session;
};

template <typename T>
T BackendConnection::await(const std::function<QFuture<T>(core::backend::Backend&)>& call)
{
    std::promise<T> done;
    std::future<T> result = done.get_future();
    QMetaObject::invokeMethod(&m_anchor, [&]() {
        call(*m_backend)
            .then(&m_anchor, [&done](T value) { done.set_value(std::move(value)); })
            .onCanceled(&m_anchor, [&done]() { done.set_value(T(cancelled())); });
    });
    return result.get();
}

} // namespace gatehouse::cli
