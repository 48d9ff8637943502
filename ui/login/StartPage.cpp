#include "login/StartPage.h"

#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "login/AccountForm.h"
#include "login/ChangePasswordForm.h"
#include "login/ConnectionBox.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
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

    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("loginCardFrame"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setMaximumWidth(560);
    auto* cardLayout = new QVBoxLayout(card);
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

    connect(m_account, &AccountForm::loginRequested, this,
            [this](const QString& user, const QString& password, bool remember) {
                if (!m_backend)
                    return;
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
    if (!backend) {
        m_connection->setCurrentDescription(QString());
        return;
    }
    m_connection->setCurrentDescription(backend->describe());
    m_account->setRegistrationAvailable(backend->capabilities().registration);
    checkFirstRun();
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
