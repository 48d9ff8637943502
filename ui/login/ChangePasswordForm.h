#pragma once

#include <QWidget>

class QPushButton;

namespace gatehouse::ui {

class PasswordLineEdit;

// The forced password change after an admin reset (and the voluntary one): current, new, repeat.
class ChangePasswordForm : public QWidget
{
    Q_OBJECT
public:
    explicit ChangePasswordForm(QWidget* parent = nullptr);
    void setBusy(bool busy);
    void clear();

Q_SIGNALS:
    void changeRequested(const QString& currentPassword, const QString& newPassword);
    void cancelRequested();
    void invalid(const QString& message);

private:
    void submit();

    PasswordLineEdit* m_current = nullptr;
    PasswordLineEdit* m_new = nullptr;
    PasswordLineEdit* m_repeat = nullptr;
    QPushButton* m_change = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace gatehouse::ui
