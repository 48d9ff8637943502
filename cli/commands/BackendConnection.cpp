#include "commands/BackendConnection.h"

#include "backend/LocalBackend.h"
#include "backend/RemoteBackend.h"
#include "commands/RemoteSetup.h"
#include "commands/SessionStore.h"
#include "net/HttpTypes.h"
#include "remote/CredentialStore.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace gatehouse::cli {

using namespace core;
using namespace core::backend;

BackendConnection::~BackendConnection()
{
    if (!m_thread.isRunning())
        return;
    runOnThread([this]() {
        m_backend.reset();
        m_sessions = nullptr;
        delete m_holder;
        m_holder = nullptr;
        m_session.accessToken.fill('\0');
        // Hand the anchor back so it can be destroyed on the command's thread after the loop has ended.
        m_anchor.moveToThread(nullptr);
    });
    m_thread.quit();
    m_thread.wait();
}

void BackendConnection::addOptions(QCommandLineParser& p)
{
    local::addLocalOptions(p, true);
    p.addOption({QStringLiteral("remote"),
                 QStringLiteral("Work against a remote API with this API profile (\"Gatehouse REST\", ... or a JSON "
                                "profile file) instead of a local database; needs --url."),
                 QStringLiteral("PROFILE")});
    p.addOption({QStringLiteral("url"), QStringLiteral("Base URL of the remote API."), QStringLiteral("URL")});
    p.addOption({QStringLiteral("username"),
                 QStringLiteral("With --remote and no --as: whose session 'remote login' kept (default: the last one "
                                "for this URL)."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("token-file"),
                 QStringLiteral("With --remote and no --as: the session 'remote login --token-file PATH' kept in that "
                                "file, instead of the keychain."),
                 QStringLiteral("PATH")});
    addPinAndTimeoutOptions(p);
}

std::optional<int> BackendConnection::prepare(QCommandLineParser& parser, const QStringList& args, const CliIo& io,
                                              const QString& usage, const QString& description, qsizetype positional,
                                              const QStringList& localOnly)
{
    m_io = &io;
    if (auto done = parseCommand(parser, args, io, usage, description))
        return done;
    m_local.json = parser.isSet(QStringLiteral("json"));
    if (parser.positionalArguments().size() != positional) {
        io.error(QStringLiteral("gatehouse-cli %1: expected %2 argument(s); see --help").arg(usage).arg(positional));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("remote"))) {
        for (const QString& option : localOnly) {
            if (parser.isSet(option))
                return this->usage(QStringLiteral("--%1 is not available with --remote").arg(option));
        }
    }
    if (auto done = open(parser))
        return done;
    return authenticate(parser);
}

std::optional<int> BackendConnection::open(const QCommandLineParser& p)
{
    const CliIo& io = *m_io;
    m_remote = p.isSet(QStringLiteral("remote"));
    if (m_remote && (p.isSet(QStringLiteral("db")) || p.isSet(QStringLiteral("hash-iterations"))))
        return usage(QStringLiteral("--db and --hash-iterations are for a local database, not --remote"));
    if (!m_remote && (p.isSet(QStringLiteral("url")) || p.isSet(QStringLiteral("token-file")) ||
                      p.isSet(QStringLiteral("pin")) || p.isSet(QStringLiteral("username"))))
        return usage(QStringLiteral("--url, --pin, --username and --token-file go with --remote PROFILE"));
    const bool as = !p.value(QStringLiteral("as")).isEmpty();
    if (as && (p.isSet(QStringLiteral("username")) || p.isSet(QStringLiteral("token-file"))))
        return usage(QStringLiteral("--as NAME logs in afresh; --username and --token-file pick a kept session "
                                    "instead: give one or the other"));
    // Remote without --as: the session "remote login" kept (keychain, or --token-file).
    if (!as && !m_remote)
        return usage(QStringLiteral("this command needs --as NAME (and --password-stdin, or a terminal to type the "
                                    "password at)"));
    if (as) {
        if (auto done = m_local.passwords.choose(io, p.isSet(QStringLiteral("password-stdin"))))
            return done;
    }

    if (!m_remote) {
        if (auto done = local::openLocal(p, io, m_local, false))
            return done;
        m_thread.start();
        m_anchor.moveToThread(&m_thread);
        runOnThread([this]() { m_backend = std::make_unique<LocalBackend>(m_local.ctx); });
        return std::nullopt;
    }

    auto profile = resolveProfile(p.value(QStringLiteral("remote")));
    if (!profile) {
        // An unknown name is a usage error; a profile file that does not parse is bad input.
        printError(io, profile.error(), json());
        return QFileInfo(p.value(QStringLiteral("remote"))).isFile() ? ExitBadInput : ExitUsage;
    }
    int exitCode = ExitUsage;
    const auto setup = remoteSetupFrom(p, io, profile.value(), exitCode);
    if (!setup)
        return exitCode;
    const QString tokenFile = p.value(QStringLiteral("token-file"));
    const QString username = p.value(QStringLiteral("username"));
    m_thread.start();
    m_anchor.moveToThread(&m_thread);
    runOnThread([this, &setup, as, &tokenFile, &username]() {
        m_holder = new QObject;
        auto* nam = new QNetworkAccessManager(m_holder);
        remote::CredentialStore* store = nullptr;
        if (as) {
            store = new remote::MemoryCredentialStore(m_holder); // a fresh login, kept nowhere
        } else {
            m_sessions = new SessionStore(tokenFile, m_holder);
            store = &m_sessions->store();
        }
        auto backend = std::make_unique<RemoteBackend>(nam, setup->profile, setup->url, SystemClock::instance(), store);
        if (!setup->pin.isEmpty())
            backend->httpClient().pinCertificate(net::originOf(setup->url), setup->pin);
        backend->remoteSession().setTimeoutMs(setup->timeoutMs);
        if (m_sessions)
            backend->setRememberedUsername(m_sessions->pick(backend->remoteSession().origin(), username));
        m_origin = backend->remoteSession().origin();
        m_backend = std::move(backend);
    });
    return std::nullopt;
}

std::optional<int> BackendConnection::authenticate(const QCommandLineParser& p)
{
    const QString name = p.value(QStringLiteral("as"));
    Result<SessionInfo> session = SessionInfo();
    if (name.isEmpty()) {
        session = await<Result<SessionInfo>>([](Backend& b) { return b.restoreSession(); });
        if (!session)
            session = SessionStore::explain(session.error(), false);
        else if (!session.value().isValid())
            session = m_sessions->nothingStored(m_origin);
    } else {
        auto password = m_local.passwords.next(*m_io, QStringLiteral("Password for %1: ").arg(name));
        if (!password)
            return fail(password.error());
        QString secret = password.value();
        session = await<Result<SessionInfo>>([&name, &secret](Backend& b) { return b.login(name, secret, false); });
        secret.fill(QChar(0));
    }
    if (!session)
        return fail(session.error());
    m_session = session.value();
    if (m_session.mustChangePassword)
        return fail(Error::make(QStringLiteral("account.must_change_password"),
                                QStringLiteral("The password must be changed first: gatehouse-cli user passwd.")));
    return std::nullopt;
}

void BackendConnection::runOnThread(const std::function<void()>& work)
{
    QMetaObject::invokeMethod(&m_anchor, work, Qt::BlockingQueuedConnection);
}

Error BackendConnection::cancelled()
{
    return Error::make(QStringLiteral("cli.cancelled"), QStringLiteral("The call ended without a result."));
}

int BackendConnection::fail(const Error& e) const
{
    printError(*m_io, e, json());
    return exitCodeFor(e);
}

int BackendConnection::ok(const QJsonObject& extra, const QString& text) const
{
    if (json()) {
        QJsonObject o = extra;
        o.insert(QStringLiteral("ok"), true);
        m_io->writeJson(QJsonDocument(o).toJson(QJsonDocument::Compact));
    } else if (!text.isEmpty()) {
        m_io->println(text);
    }
    return ExitOk;
}

int BackendConnection::okStatus(const Status& s, const QString& text) const
{
    if (!s)
        return fail(s.error());
    return ok({}, text);
}

int BackendConnection::usage(const QString& message) const
{
    m_io->error(QStringLiteral("gatehouse-cli: ") + message);
    return ExitUsage;
}

Result<qint64> BackendConnection::userIdByName(const QString& name)
{
    auto users = await<Result<QList<services::UserSummary>>>([](Backend& b) { return b.listUsers(); });
    if (!users)
        return users.error();
    for (const services::UserSummary& u : users.value()) {
        if (u.username == name)
            return u.id;
    }
    return Error::make(QStringLiteral("user.not_found"), QStringLiteral("There is no such user."));
}

} // namespace gatehouse::cli
