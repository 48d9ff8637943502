#pragma once

#include "backend/Backend.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QStackedWidget;

namespace gatehouse::ui {

class AccountForm;
class ChangePasswordForm;
class ConnectionBox;
class MessageBar;

// The first screen: the connection, then first-run admin creation, login or registration, and the forced
// password change. It runs the back-end calls for these and emits sessionStarted once a session may use
// the main area. It never blocks: calls continue through QFuture::then on this object.
class StartPage : public QWidget
{
    Q_OBJECT
public:
    StartPage(const QString& defaultDatabasePath, MessageBar* messageBar, QWidget* parent = nullptr);

    ConnectionBox* connectionBox() const { return m_connection; }
    // The back end to use from now on (owned by the window; may be null while a database opens).
    void setBackend(core::backend::Backend* backend);
    // Back to the login form (after logout), keeping the username.
    void showLogin();
    void setBusy(bool busy);
    // Restores a remembered session through Backend::restoreSession() without blocking: a busy indicator
    // shows meanwhile and the form stays usable; sessionStarted follows if one was restored.
    void restoreSession();
    bool isRestoring() const;
    void setUsername(const QString& username);
    // Whether the last login asked to be remembered.
    bool rememberRequested() const { return m_rememberRequested; }

Q_SIGNALS:
    void sessionStarted(const gatehouse::core::backend::SessionInfo& session);
    void logoutRequested();

private:
    void checkFirstRun();
    void finishAuthentication(const core::Result<core::backend::SessionInfo>& result, const QString& welcome);
    void showError(const core::Error& error);

    MessageBar* m_messages = nullptr;
    ConnectionBox* m_connection = nullptr;
    QStackedWidget* m_stack = nullptr;
    AccountForm* m_account = nullptr;
    ChangePasswordForm* m_changePassword = nullptr;
    core::backend::Backend* m_backend = nullptr;
    core::backend::SessionInfo m_pending;
    QWidget* m_restoring = nullptr;
    QProgressBar* m_restoreProgress = nullptr;
    quint64 m_backendGeneration = 0;
    bool m_rememberRequested = false;
};

} // namespace gatehouse::ui
