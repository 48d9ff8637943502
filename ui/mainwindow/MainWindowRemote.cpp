// MainWindow's remote half: connecting to an API profile, probing the server, the certificate pin, and
// the keychain store. Kept apart so MainWindow.cpp stays about the window itself.
#include "mainwindow/MainWindow.h"

#include "backend/RemoteBackend.h"
#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "inspector/InspectorPage.h"
#include "login/ConnectionBox.h"
#include "login/ConnectionSettings.h"
#include "login/ProfileFile.h"
#include "login/RemoteFields.h"
#include "login/StartPage.h"
#include "net/HttpJob.h"
#include "session/SessionPage.h"
#include "vault/TokenVault.h"
#include "vault/VaultCredentialStore.h"

#include <QStatusBar>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace gatehouse::ui {

using core::Result;
using core::remote::ApiProfile;

void MainWindow::openRemote(const ConnectionChoice& choice)
{
    if (m_session.isValid())
        endSession(QString());
    detachBackend();
    m_start->setBusy(true);
    statusBar()->showMessage(tr("Connecting to %1…").arg(choice.baseUrl));
    const int generation = ++m_openGeneration;

    const QUrl url = QUrl::fromUserInput(choice.baseUrl);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        !url.userInfo().isEmpty()) {
        m_start->setBusy(false);
        statusBar()->clearMessage();
        m_messages->showMessage(MessageBar::Kind::Error,
                                tr("“%1” is not a server address. Enter a URL such as https://127.0.0.1:5000 "
                                   "(no user name or password in it).")
                                    .arg(choice.baseUrl));
        return;
    }

    // A profile file is read off the GUI thread; a built-in is at hand.
    QFuture<Result<ApiProfile>> profile;
    if (!choice.profileFile.isEmpty()) {
        profile = QtConcurrent::run([file = choice.profileFile] { return readProfileFile(file); });
    } else {
        const auto builtin = ApiProfile::builtin(choice.profileName);
        Result<ApiProfile> r =
            builtin ? Result<ApiProfile>(*builtin)
                    : Result<ApiProfile>(core::Error::make(QStringLiteral("profile.unknown"),
                                                           tr("Unknown API profile “%1”.").arg(choice.profileName)));
        profile = QtFuture::makeReadyFuture(r);
    }
    profile.then(this, [this, choice, url, generation](Result<ApiProfile> p) {
        if (generation != m_openGeneration)
            return;
        if (!p) {
            m_start->setBusy(false);
            statusBar()->clearMessage();
            m_messages->showMessage(MessageBar::Kind::Error,
                                    tr("This profile cannot be used: %1").arg(errorText(p.error())));
            return;
        }
        auto remote = std::make_unique<core::backend::RemoteBackend>(m_nam, p.value(), url,
                                                                     core::SystemClock::instance(), credentialStore());
        if (const QByteArray pin = ConnectionSettings::digestFromFingerprint(choice.pinnedFingerprint); !pin.isEmpty())
            remote->httpClient().pinCertificate(core::net::originOf(url), pin);
        connect(remote.get(), &core::backend::RemoteBackend::sessionEnded, this, [this](const core::Error& reason) {
            if (m_session.isValid())
                endSession(tr("Your session has ended: %1 Please log in again.").arg(errorText(reason)));
        });
        connect(remote.get(), &core::backend::RemoteBackend::rememberFailed, this, [this](const core::Error& reason) {
            m_messages->showMessage(MessageBar::Kind::Warning,
                                    tr("Gatehouse could not keep this session in the keychain: %1 You stay "
                                       "logged in until Gatehouse closes.")
                                        .arg(reason.message));
        });
        connect(&remote->remoteSession(), &core::remote::RemoteSession::refreshed, this, [this] {
            if (m_backend && m_session.isValid())
                m_sessionPage->setSession(m_backend->session());
        });
        m_pendingBackend = std::move(remote);
        probeRemote(choice, generation);
    });
}

void MainWindow::probeRemote(const ConnectionChoice& choice, int generation)
{
    auto* remote = static_cast<core::backend::RemoteBackend*>(m_pendingBackend.get());
    // One plain GET of the base URL: any HTTP answer (a 404 included) proves the server is there and TLS
    // is settled, before the person types a password.
    core::net::HttpRequest request;
    request.method = "GET";
    request.url = QUrl::fromUserInput(choice.baseUrl);
    request.expectJson = false;
    request.timeoutMs = 10000;
    request.maxResponseBytes = 256 * 1024;
    core::net::HttpJob* job = remote->httpClient().send(request);
    connect(job, &core::net::HttpJob::finished, this, [this, choice, generation](const core::net::HttpResult& r) {
        if (generation != m_openGeneration || !m_pendingBackend)
            return;
        m_start->setBusy(false);
        statusBar()->clearMessage();
        if (!r.ok() && r.error().code == QLatin1String("network.tls") && !r.error().where.isEmpty()) {
            m_start->connectionBox()->remoteFields()->showUntrustedCertificate(r.error().where);
            m_messages->showMessage(MessageBar::Kind::Warning, errorText(r.error()));
            return;
        }
        if (!r.ok() && r.error().code.startsWith(QLatin1String("network."))) {
            // The job emitting this lives inside the back end: delete it once the signal has returned.
            static_cast<core::backend::RemoteBackend*>(m_pendingBackend.release())->deleteLater();
            m_messages->showMessage(MessageBar::Kind::Error,
                                    tr("Cannot connect to %1: %2").arg(choice.baseUrl, errorText(r.error())));
            return;
        }
        m_sessionPage->setHttpClient(&static_cast<core::backend::RemoteBackend*>(m_pendingBackend.get())->httpClient());
        installBackend(std::move(m_pendingBackend), choice);
    });
}

void MainWindow::acceptCertificate(const QString& fingerprint)
{
    ConnectionChoice choice = m_start->connectionBox()->choice();
    if (!choice.isRemote())
        return;
    const QString origin = core::net::originOf(QUrl::fromUserInput(choice.baseUrl));
    ConnectionSettings::setPinnedFingerprint(origin, fingerprint);
    choice.pinnedFingerprint = fingerprint;
    if (!fingerprint.isEmpty())
        m_messages->showMessage(MessageBar::Kind::Information,
                                tr("Certificate trusted for %1. Connecting…").arg(origin));
    openRemote(choice);
}

void MainWindow::showInInspector(const QString& text)
{
    m_inspector->setText(text);
    m_tabs->setCurrentWidget(m_inspector);
}

core::remote::CredentialStore* MainWindow::credentialStore()
{
    if (m_options.credentialStore)
        return m_options.credentialStore;
    if (m_options.noKeychain)
        return nullptr;
    if (!m_vaultStore) {
        // Created on the first remote connection: the keychain is only ever touched on the vault's thread.
        m_vault = std::make_unique<core::vault::TokenVault>();
        m_vaultStore = std::make_unique<core::vault::VaultCredentialStore>(*m_vault);
    }
    return m_vaultStore.get();
}

} // namespace gatehouse::ui
