#pragma once

#include <functional>

#include "backend/Backend.h"
#include "login/ConnectionChoice.h"
#include "password/HashPolicy.h"
#include "services/ServiceContext.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QMenu;
class QLabel;
class QNetworkAccessManager;
class QTabWidget;

namespace gatehouse::core::store {
class InMemorySigningKeyStore;
class SigningKeyStore;
} // namespace gatehouse::core::store
namespace gatehouse::core::remote {
class CredentialStore;
}
namespace gatehouse::core::vault {
class KeychainSigningKeyStore;
class TokenVault;
class VaultCredentialStore;
} // namespace gatehouse::core::vault

namespace gatehouse::ui {

class AdminPage;
class InspectorPage;
class MessageBar;
class ProductsPage;
class ServerInfoPage;
class SessionPage;
class StartPage;
class TasksPage;

// The application window: one tab strip whose tabs follow the session. Logged out: the sign-in page and
// the inspector. Logged in: tasks, products, users & roles (for holders of user.manage / role.manage /
// audit.view), the server page (a remote profile without tasks or products), the current session and
// the inspector. The window talks to core only through core::backend::Backend; opening a database and
// every network or keychain call happen off the GUI thread or asynchronously.
//
// Remote mode: openRemote() builds a RemoteBackend for the chosen profile and URL, probes the server once
// (reachability, TLS), and for a certificate the system does not trust shows its SHA-256 fingerprint for
// the person to accept; an accepted fingerprint is pinned and remembered with the connection in QSettings.
// Remembered sessions live in the OS keychain (TokenVault), never in QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Options
    {
        QString databasePath; // the local default database
        core::password::HashPolicy hashPolicy;
        core::services::LockoutPolicy lockout;
        bool durableDatabase = true; // false only for throw-away files (tests)
        bool restoreLastConnection = true;
        // Where remote sessions are remembered: null means the OS keychain (created on the first remote
        // connection). Tests inject a store; `noKeychain` runs without any (the "no keychain" case).
        core::remote::CredentialStore* credentialStore = nullptr;
        bool noKeychain = false;
        // File menu import/export dialogs: the platform's, or Qt's own (tests drive Qt's).
        bool nativeFileDialogs = true;
        // Where local databases' token signing keys live: null means the keychain (beside the remembered
        // sessions) when there is one, else memory only (local sessions then end with the window). A test
        // injects one, with credentialStore, to restore a local session in a second window.
        core::store::SigningKeyStore* signingKeys = nullptr;
    };

    explicit MainWindow(const QString& databasePath, QWidget* parent = nullptr);
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    core::backend::Backend* backend() const { return m_backend.get(); }
    core::backend::SessionInfo session() const { return m_session; }
    // Opens a local database file (asynchronously); backendReady follows.
    void openDatabase(const QString& path);
    // Connects to a remote API (asynchronously); backendReady follows once the server answered.
    void openRemote(const gatehouse::ui::ConnectionChoice& choice);

Q_SIGNALS:
    void backendReady();
    void sessionChanged(bool loggedIn);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildMenus();
    void startSession(const core::backend::SessionInfo& session);
    void logout();
    void endSession(const QString& message);
    void updateTabs();
    // File > Import/Export tasks/products (MainWindowTransfers.cpp).
    void buildTransferActions(QMenu* fileMenu, QAction* before);
    void updateTransferActions();
    bool transferRunning() const;
    void chooseTransferFile(bool import, const QString& title, const QString& suggested,
                            std::function<void(const QString&)> run);
    void detachBackend();
    void installBackend(std::unique_ptr<core::backend::Backend> backend, const ConnectionChoice& choice);
    // A local database's backend, once its signing key is known (from the keychain when there is one).
    void installLocal(core::services::ServiceContext ctx, const ConnectionChoice& choice, int generation);
    void probeRemote(const ConnectionChoice& choice, int generation);
    void acceptCertificate(const QString& fingerprint);
    void showInInspector(const QString& text);
    core::remote::CredentialStore* credentialStore();

    Options m_options;
    QList<std::pair<QAction*, QString>> m_transferActions; // with the permission each needs
    bool m_transferDialogOpen = false;
    std::unique_ptr<core::store::InMemorySigningKeyStore> m_keys;
    bool m_localRemembers = false; // the open local database keeps sessions across runs
    std::unique_ptr<core::backend::Backend> m_backend;
    std::unique_ptr<core::backend::Backend> m_pendingBackend; // a remote one being probed
    QNetworkAccessManager* m_nam = nullptr;
    std::unique_ptr<core::vault::TokenVault> m_vault;
    std::unique_ptr<core::vault::VaultCredentialStore> m_vaultStore;
    std::unique_ptr<core::vault::KeychainSigningKeyStore> m_keychainKeys; // over m_vault: declared after it
    ConnectionChoice m_connection;
    core::backend::SessionInfo m_session;
    int m_openGeneration = 0;

    MessageBar* m_messages = nullptr;
    QTabWidget* m_tabs = nullptr;
    StartPage* m_start = nullptr;
    TasksPage* m_tasks = nullptr;
    ProductsPage* m_products = nullptr;
    AdminPage* m_admin = nullptr;
    InspectorPage* m_inspector = nullptr;
    ServerInfoPage* m_server = nullptr;
    SessionPage* m_sessionPage = nullptr;
    QAction* m_logoutAction = nullptr;
    QLabel* m_sessionLabel = nullptr;
};

} // namespace gatehouse::ui
