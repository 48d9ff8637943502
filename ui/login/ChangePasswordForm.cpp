#include "login/ChangePasswordForm.h"

#include "common/PasswordLineEdit.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::ui {

ChangePasswordForm::ChangePasswordForm(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("changePasswordForm"));
    auto* title = new QLabel(tr("Choose a new password"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    title->setFont(f);
    auto* intro = new QLabel(tr("An administrator set a temporary password for this account. Choose your own "
                                "before you continue."),
                             this);
    intro->setWordWrap(true);

    m_current = new PasswordLineEdit(this);
    m_current->setObjectName(QStringLiteral("currentPasswordLineEdit"));
    m_current->setAccessibleName(tr("Current password"));
    m_new = new PasswordLineEdit(this);
    m_new->setObjectName(QStringLiteral("newPasswordLineEdit"));
    m_new->setAccessibleName(tr("New password"));
    m_repeat = new PasswordLineEdit(this);
    m_repeat->setObjectName(QStringLiteral("repeatNewPasswordLineEdit"));
    m_repeat->setAccessibleName(tr("Repeat new password"));

    auto* form = new QFormLayout;
    form->addRow(tr("C&urrent password:"), m_current);
    form->addRow(tr("&New password:"), m_new);
    form->addRow(tr("&Repeat new password:"), m_repeat);

    m_change = new QPushButton(tr("C&hange password"), this);
    m_change->setObjectName(QStringLiteral("changePasswordPushButton"));
    m_change->setDefault(true);
    m_cancel = new QPushButton(tr("Log &out"), this);
    m_cancel->setObjectName(QStringLiteral("cancelChangePasswordPushButton"));
    connect(m_change, &QPushButton::clicked, this, &ChangePasswordForm::submit);
    connect(m_repeat, &QLineEdit::returnPressed, this, &ChangePasswordForm::submit);
    connect(m_cancel, &QPushButton::clicked, this, &ChangePasswordForm::cancelRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_change);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(buttons);
}

void ChangePasswordForm::setBusy(bool busy)
{
    m_change->setEnabled(!busy);
    m_cancel->setEnabled(!busy);
}

void ChangePasswordForm::clear()
{
    m_current->clear();
    m_new->clear();
    m_repeat->clear();
}

void ChangePasswordForm::submit()
{
    if (m_current->text().isEmpty() || m_new->text().isEmpty()) {
        Q_EMIT invalid(tr("Enter the current and the new password."));
        return;
    }
    if (m_new->text() != m_repeat->text()) {
        Q_EMIT invalid(tr("The two new passwords differ."));
        return;
    }
    Q_EMIT changeRequested(m_current->text(), m_new->text());
}

} // namespace gatehouse::ui
