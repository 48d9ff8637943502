#pragma once

#include "backend/Backend.h"
#include "password/HashPolicy.h"
#include "services/ServiceContext.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QTabWidget;

namespace gatehouse::core::store {
class InMemorySigningKeyStore;
}

namespace gatehouse::ui {

class AdminPage;
class InspectorPage;
class MessageBar;
class ProductsPage;
class StartPage;
class TasksPage;

// The application window: one tab strip whose tabs follow the session. Logged out: the sign-in page and
// the inspector. Logged in: tasks, products, users & roles (for holders of user.manage / role.manage /
// audit.view) and the inspector. The window talks to core only through core::backend::Backend; opening a
// database happens off the GUI thread.
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
    };

    explicit MainWindow(const QString& databasePath, QWidget* parent = nullptr);
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    core::backend::Backend* backend() const { return m_backend.get(); }
    core::backend::SessionInfo session() const { return m_session; }
    // Opens a local database file (asynchronously); backendReady follows.
    void openDatabase(const QString& path);

Q_SIGNALS:
    void backendReady();
    void sessionChanged(bool loggedIn);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void startSession(const core::backend::SessionInfo& session);
    void logout();
    void endSession(const QString& message);
    void updateTabs();

    Options m_options;
    std::unique_ptr<core::store::InMemorySigningKeyStore> m_keys;
    std::unique_ptr<core::backend::Backend> m_backend;
    core::backend::SessionInfo m_session;
    int m_openGeneration = 0;

    MessageBar* m_messages = nullptr;
    QTabWidget* m_tabs = nullptr;
    StartPage* m_start = nullptr;
    TasksPage* m_tasks = nullptr;
    ProductsPage* m_products = nullptr;
    AdminPage* m_admin = nullptr;
    InspectorPage* m_inspector = nullptr;
    QAction* m_logoutAction = nullptr;
    QLabel* m_sessionLabel = nullptr;
};

} // namespace gatehouse::ui
