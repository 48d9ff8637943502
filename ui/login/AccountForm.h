#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse::ui {

class PasswordLineEdit;

// Username and password for the three ways in: log in, register, or create the first admin of an empty
// database. The form only collects and validates locally (matching confirmation, nothing empty); the back
// end decides everything else. Emits the request; the caller runs it and calls setBusy().
class AccountForm : public QWidget
{
    Q_OBJECT
public:
    enum class Mode
    {
        Login,
        Register,
        FirstAdmin
    };

    explicit AccountForm(QWidget* parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setRegistrationAvailable(bool available);
    // Disables the inputs while a request runs (never blocks the event loop).
    void setBusy(bool busy);
    void clearPassword();
    void focusFirstEmpty();
    QString username() const;
    void setUsername(const QString& username);
    void setRemember(bool remember);

Q_SIGNALS:
    void loginRequested(const QString& username, const QString& password, bool remember);
    void registerRequested(const QString& username, const QString& password);
    void firstAdminRequested(const QString& username, const QString& password);
    // Local validation failed; the text is for the message bar.
    void invalid(const QString& message);

private:
    void submit();

    Mode m_mode = Mode::Login;
    bool m_registrationAvailable = true;
    QLabel* m_title = nullptr;
    QLabel* m_intro = nullptr;
    QLineEdit* m_username = nullptr;
    PasswordLineEdit* m_password = nullptr;
    QLabel* m_confirmLabel = nullptr;
    PasswordLineEdit* m_confirm = nullptr;
    QLabel* m_capsLock = nullptr;
    QCheckBox* m_remember = nullptr;
    QCheckBox* m_show = nullptr;
    QPushButton* m_login = nullptr;
    QPushButton* m_register = nullptr;
    QPushButton* m_createAdmin = nullptr;
    QPushButton* m_switchMode = nullptr;
};

} // namespace gatehouse::ui
