#include "login/StartPage.h"

#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "login/AccountForm.h"
#include "login/ChangePasswordForm.h"
#include "login/ConnectionBox.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::Error;
using core::Result;
using core::Status;
using core::backend::SessionInfo;

StartPage::StartPage(const QString& defaultDatabasePath, MessageBar* messageBar, QWidget* parent)
    : QWidget(parent), m_messages(messageBar)
{
    setObjectName(QStringLiteral("startPage"));
    m_connection = new ConnectionBox(defaultDatabasePath, this);
    m_account = new AccountForm(this);
    m_changePassword = new ChangePasswordForm(this);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("startStackedWidget"));
    m_stack->addWidget(m_account);
    m_stack->addWidget(m_changePassword);

    m_restoring = new QWidget(this);
    m_restoring->setObjectName(QStringLiteral("restoreSessionWidget"));
    auto* restoreLabel = new QLabel(tr("Restoring your remembered session…"), m_restoring);
    restoreLabel->setObjectName(QStringLiteral("restoreSessionLabel"));
    m_restoreProgress = new QProgressBar(m_restoring);
    m_restoreProgress->setObjectName(QStringLiteral("restoreSessionProgressBar"));
    m_restoreProgress->setAccessibleName(tr("Restoring the remembered session"));
    m_restoreProgress->setRange(0, 0); // busy: the keychain and the server answer when they answer
    m_restoreProgress->setMaximumHeight(8);
    m_restoreProgress->setTextVisible(false);
    auto* restoreLayout = new QHBoxLayout(m_restoring);
    restoreLayout->setContentsMargins(0, 0, 0, 0);
    restoreLayout->addWidget(restoreLabel);
    restoreLayout->addWidget(m_restoreProgress, 1);
    m_restoring->hide();

    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("loginCardFrame"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setMaximumWidth(560);
    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->addWidget(m_restoring);
    cardLayout->addWidget(m_stack);
    cardLayout->addWidget(m_connection);

    auto* centre = new QHBoxLayout;
    centre->addStretch(1);
    centre->addWidget(card, 3);
    centre->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(centre);
    layout->addStretch(2);

    auto invalid = [this](const QString& text) { m_messages->showMessage(MessageBar::Kind::Warning, text); };
    connect(m_account, &AccountForm::invalid, this, invalid);
    connect(m_changePassword, &ChangePasswordForm::invalid, this, invalid);
    connect(m_connection, &ConnectionBox::invalid, this, invalid);

    connect(m_account, &AccountForm::loginRequested, this,
            [this](const QString& user, const QString& password, bool remember) {
                if (!m_backend)
                    return;
                m_rememberRequested = remember;
                setBusy(true);
                m_backend->login(user, password, remember).then(this, [this](Result<SessionInfo> r) {
                    finishAuthentication(r, tr("Welcome back, %1."));
                });
            });
    connect(m_account, &AccountForm::registerRequested, this, [this](const QString& user, const QString& password) {
        if (!m_backend)
            return;
        setBusy(true);
        m_backend->registerUser(user, password).then(this, [this](Result<SessionInfo> r) {
            finishAuthentication(r, tr("Account created. Welcome, %1."));
        });
    });
    connect(m_account, &AccountForm::firstAdminRequested, this, [this](const QString& user, const QString& password) {
        if (!m_backend)
            return;
        setBusy(true);
        m_backend->createFirstAdmin(user, password).then(this, [this](Result<SessionInfo> r) {
            finishAuthentication(r, tr("Administrator %1 created. You are logged in."));
        });
    });
    connect(m_changePassword, &ChangePasswordForm::changeRequested, this,
            [this](const QString& current, const QString& next) {
                if (!m_backend)
                    return;
                m_changePassword->setBusy(true);
                m_backend->changePassword(current, next).then(this, [this](Status s) {
                    m_changePassword->setBusy(false);
                    if (!s) {
                        showError(s.error());
                        return;
                    }
                    m_changePassword->clear();
                    m_messages->showMessage(MessageBar::Kind::Positive, tr("Password changed."));
                    SessionInfo session = m_backend ? m_backend->session() : m_pending;
                    session.mustChangePassword = false;
                    Q_EMIT sessionStarted(session);
                });
            });
    connect(m_changePassword, &ChangePasswordForm::cancelRequested, this, &StartPage::logoutRequested);
}

void StartPage::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
    ++m_backendGeneration;
    m_restoring->hide();
    // No back end (opening, connecting, or the connection failed): nothing to log in to yet.
    m_account->setEnabled(backend != nullptr);
    if (!backend) {
        m_connection->setCurrentDescription(QString());
        return;
    }
    m_connection->setCurrentDescription(backend->describe());
    m_account->setRegistrationAvailable(backend->capabilities().registration);
    checkFirstRun();
}

void StartPage::restoreSession()
{
    if (!m_backend)
        return;
    m_restoring->show();
    const quint64 generation = m_backendGeneration;
    m_backend->restoreSession().then(this, [this, generation](Result<SessionInfo> r) {
        if (generation != m_backendGeneration)
            return; // another connection was opened meanwhile
        m_restoring->hide();
        if (!r) {
            // Not fatal: the person logs in by hand. A missing keychain gets its own clear wording.
            m_messages->showMessage(MessageBar::Kind::Information,
                                    tr("Your remembered session could not be restored: %1").arg(errorText(r.error())));
            return;
        }
        if (!r.value().isValid())
            return; // nothing remembered
        finishAuthentication(r, tr("Welcome back, %1: your remembered session was restored."));
    });
}

bool StartPage::isRestoring() const
{
    return !m_restoring->isHidden();
}

void StartPage::setUsername(const QString& username)
{
    m_account->setUsername(username);
    m_account->setRemember(false);
}

void StartPage::checkFirstRun()
{
    setBusy(true);
    m_backend->needsFirstAdmin().then(this, [this](Result<bool> r) {
        setBusy(false);
        if (!r) {
            showError(r.error());
            return;
        }
        m_account->setMode(r.value() ? AccountForm::Mode::FirstAdmin : AccountForm::Mode::Login);
        m_stack->setCurrentWidget(m_account);
        m_account->focusFirstEmpty();
    });
}

void StartPage::showLogin()
{
    m_account->clearPassword();
    m_changePassword->clear();
    m_account->setMode(AccountForm::Mode::Login);
    m_stack->setCurrentWidget(m_account);
    m_account->focusFirstEmpty();
}

void StartPage::setBusy(bool busy)
{
    m_account->setBusy(busy);
    m_connection->setBusy(busy);
}

void StartPage::finishAuthentication(const Result<SessionInfo>& result, const QString& welcome)
{
    setBusy(false);
    if (!result) {
        m_account->clearPassword();
        m_account->focusFirstEmpty();
        showError(result.error());
        return;
    }
    m_account->clearPassword();
    // From now on the database has an account: the next visit to this form is a login.
    m_account->setMode(AccountForm::Mode::Login);
    const SessionInfo& session = result.value();
    if (session.mustChangePassword) {
        m_pending = session;
        m_stack->setCurrentWidget(m_changePassword);
        m_messages->showMessage(MessageBar::Kind::Warning,
                                tr("An administrator reset your password: choose a new one to continue."));
        return;
    }
    m_messages->showMessage(MessageBar::Kind::Positive, welcome.arg(session.username));
    Q_EMIT sessionStarted(session);
}

void StartPage::showError(const Error& error)
{
    m_messages->showMessage(MessageBar::Kind::Error, errorText(error));
}

} // namespace gatehouse::ui
