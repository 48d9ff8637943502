#include "login/AccountForm.h"

#include "common/PasswordLineEdit.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::ui {

AccountForm::AccountForm(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("accountForm"));

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("accountTitleLabel"));
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_title->setFont(f);
    m_intro = new QLabel(this);
    m_intro->setObjectName(QStringLiteral("accountIntroLabel"));
    m_intro->setWordWrap(true);

    m_username = new QLineEdit(this);
    m_username->setObjectName(QStringLiteral("usernameLineEdit"));
    m_username->setAccessibleName(tr("Username"));
    m_username->setMaxLength(80);
    m_password = new PasswordLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordLineEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_confirm = new PasswordLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("confirmPasswordLineEdit"));
    m_confirm->setAccessibleName(tr("Repeat password"));

    m_capsLock = new QLabel(tr("Caps Lock is on."), this);
    m_capsLock->setObjectName(QStringLiteral("capsLockLabel"));
    m_capsLock->hide();
    auto showCaps = [this](bool on) { m_capsLock->setVisible(on); };
    connect(m_password, &PasswordLineEdit::capsLockChanged, this, showCaps);
    connect(m_confirm, &PasswordLineEdit::capsLockChanged, this, showCaps);

    m_show = new QCheckBox(tr("S&how password"), this);
    m_show->setObjectName(QStringLiteral("showPasswordCheckBox"));
    connect(m_show, &QCheckBox::toggled, this, [this](bool on) {
        m_password->setRevealed(on);
        m_confirm->setRevealed(on);
    });
    connect(m_password->revealAction(), &QAction::toggled, m_show, &QCheckBox::setChecked);
    m_remember = new QCheckBox(tr("&Remember me on this computer"), this);
    m_remember->setObjectName(QStringLiteral("rememberCheckBox"));
    m_remember->setToolTip(tr("Keeps the session in the system keychain, never in a file."));

    auto* form = new QFormLayout;
    auto* userLabel = new QLabel(tr("&Username:"), this);
    userLabel->setBuddy(m_username);
    auto* passLabel = new QLabel(tr("&Password:"), this);
    passLabel->setBuddy(m_password);
    m_confirmLabel = new QLabel(tr("Re&peat password:"), this);
    m_confirmLabel->setBuddy(m_confirm);
    form->addRow(userLabel, m_username);
    form->addRow(passLabel, m_password);
    form->addRow(m_confirmLabel, m_confirm);
    form->addRow(QString(), m_capsLock);
    form->addRow(QString(), m_show);
    form->addRow(QString(), m_remember);

    m_login = new QPushButton(tr("&Log in"), this);
    m_login->setObjectName(QStringLiteral("loginPushButton"));
    m_login->setDefault(true);
    m_register = new QPushButton(tr("&Create account"), this);
    m_register->setObjectName(QStringLiteral("registerPushButton"));
    m_createAdmin = new QPushButton(tr("&Create administrator"), this);
    m_createAdmin->setObjectName(QStringLiteral("createAdminPushButton"));
    m_switchMode = new QPushButton(this);
    m_switchMode->setObjectName(QStringLiteral("switchModePushButton"));
    m_switchMode->setFlat(true);
    connect(m_login, &QPushButton::clicked, this, &AccountForm::submit);
    connect(m_register, &QPushButton::clicked, this, &AccountForm::submit);
    connect(m_createAdmin, &QPushButton::clicked, this, &AccountForm::submit);
    connect(m_username, &QLineEdit::returnPressed, this, &AccountForm::submit);
    connect(m_password, &QLineEdit::returnPressed, this, &AccountForm::submit);
    connect(m_confirm, &QLineEdit::returnPressed, this, &AccountForm::submit);
    connect(m_switchMode, &QPushButton::clicked, this,
            [this] { setMode(m_mode == Mode::Login ? Mode::Register : Mode::Login); });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_switchMode);
    buttons->addStretch(1);
    buttons->addWidget(m_login);
    buttons->addWidget(m_register);
    buttons->addWidget(m_createAdmin);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addLayout(buttons);

    setTabOrder(m_username, m_password);
    setTabOrder(m_password, m_confirm);
    setTabOrder(m_confirm, m_show);
    setTabOrder(m_show, m_remember);
    setMode(Mode::Login);
}

void AccountForm::setMode(Mode mode)
{
    m_mode = mode;
    const bool confirm = mode != Mode::Login;
    m_confirmLabel->setVisible(confirm);
    m_confirm->setVisible(confirm);
    m_remember->setVisible(mode == Mode::Login);
    m_login->setVisible(mode == Mode::Login);
    m_register->setVisible(mode == Mode::Register);
    m_createAdmin->setVisible(mode == Mode::FirstAdmin);
    m_switchMode->setVisible(mode != Mode::FirstAdmin && m_registrationAvailable);
    switch (mode) {
    case Mode::Login:
        m_title->setText(tr("Log in"));
        m_intro->setText(tr("Log in with your Gatehouse account."));
        m_switchMode->setText(tr("No account yet? Re&gister"));
        m_login->setDefault(true);
        break;
    case Mode::Register:
        m_title->setText(tr("Create an account"));
        m_intro->setText(tr("New accounts get the \"user\" role: their own tasks and the product list."));
        m_switchMode->setText(tr("Already registered? Lo&g in"));
        m_register->setDefault(true);
        break;
    case Mode::FirstAdmin:
        m_title->setText(tr("Welcome to Gatehouse"));
        m_intro->setText(tr("This database has no accounts yet. Create the first administrator: it can then "
                            "create users, assign roles and read the audit log."));
        m_createAdmin->setDefault(true);
        break;
    }
    m_confirm->clear();
}

void AccountForm::setRegistrationAvailable(bool available)
{
    m_registrationAvailable = available;
    setMode(m_mode == Mode::Register && !available ? Mode::Login : m_mode);
}

void AccountForm::setBusy(bool busy)
{
    for (QWidget* w :
         {static_cast<QWidget*>(m_username), static_cast<QWidget*>(m_password), static_cast<QWidget*>(m_confirm),
          static_cast<QWidget*>(m_login), static_cast<QWidget*>(m_register), static_cast<QWidget*>(m_createAdmin),
          static_cast<QWidget*>(m_switchMode)})
        w->setEnabled(!busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void AccountForm::clearPassword()
{
    m_password->clear();
    m_confirm->clear();
}

QString AccountForm::username() const
{
    return m_username->text().trimmed();
}

void AccountForm::setUsername(const QString& username)
{
    m_username->setText(username);
}

void AccountForm::setRemember(bool remember)
{
    m_remember->setChecked(remember);
}

void AccountForm::focusFirstEmpty()
{
    if (m_username->text().isEmpty())
        m_username->setFocus();
    else
        m_password->setFocus();
}

void AccountForm::submit()
{
    const QString username = m_username->text().trimmed();
    const QString password = m_password->text();
    if (username.isEmpty() || password.isEmpty()) {
        Q_EMIT invalid(tr("Enter a username and a password."));
        focusFirstEmpty();
        return;
    }
    if (m_mode != Mode::Login && password != m_confirm->text()) {
        Q_EMIT invalid(tr("The two passwords differ."));
        m_confirm->setFocus();
        return;
    }
    switch (m_mode) {
    case Mode::Login:
        Q_EMIT loginRequested(username, password, m_remember->isChecked());
        break;
    case Mode::Register:
        Q_EMIT registerRequested(username, password);
        break;
    case Mode::FirstAdmin:
        Q_EMIT firstAdminRequested(username, password);
        break;
    }
}

} // namespace gatehouse::ui
