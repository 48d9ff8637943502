#include "mainwindow/MainWindow.h"

#include "admin/AdminPage.h"
#include "backend/LocalBackend.h"
#include "common/ErrorText.h"
#include "common/MessageBar.h"
#include "inspector/InspectorPage.h"
#include "login/ConnectionBox.h"
#include "login/ConnectionSettings.h"
#include "login/StartPage.h"
#include "products/ProductsPage.h"
#include "session/ServerInfoPage.h"
#include "session/SessionPage.h"
#include "store/Database.h"
#include "store/InMemorySigningKeyStore.h"
#include "tasks/TasksPage.h"
#include "vault/KeychainSigningKeyStore.h"
#include "vault/TokenVault.h"
#include "vault/VaultCredentialStore.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace gatehouse::ui {

using core::Result;
using core::Status;
using core::backend::SessionInfo;

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");

} // namespace

MainWindow::MainWindow(const QString& databasePath, QWidget* parent)
    : MainWindow(Options{databasePath, {}, {}, true, true}, parent)
{
}

MainWindow::MainWindow(const Options& options, QWidget* parent)
    : QMainWindow(parent), m_options(options), m_keys(std::make_unique<core::store::InMemorySigningKeyStore>())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gatehouse"));
    m_nam = new QNetworkAccessManager(this);

    auto* central = new QWidget(this);
    m_messages = new MessageBar(central);
    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabWidget"));
    m_tabs->setDocumentMode(true);
    m_start = new StartPage(options.databasePath, m_messages, m_tabs);
    m_tasks = new TasksPage(m_messages, m_tabs);
    m_products = new ProductsPage(m_messages, m_tabs);
    m_admin = new AdminPage(m_messages, m_tabs);
    m_inspector = new InspectorPage(m_tabs);
    m_server = new ServerInfoPage(m_tabs);
    m_sessionPage = new SessionPage(m_tabs);
    m_tabs->addTab(m_start, tr("&Sign in"));
    m_tabs->addTab(m_server, tr("Se&rver"));
    m_tabs->addTab(m_tasks, tr("&Tasks"));
    m_tabs->addTab(m_products, tr("&Products"));
    m_tabs->addTab(m_admin, tr("&Users && Roles"));
    m_tabs->addTab(m_sessionPage, tr("Current s&ession"));
    m_tabs->addTab(m_inspector, tr("&Inspector"));
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_messages);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_sessionLabel = new QLabel(this);
    m_sessionLabel->setObjectName(QStringLiteral("sessionLabel"));
    m_sessionLabel->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(m_sessionLabel);

    buildMenus();
    connect(m_start, &StartPage::sessionStarted, this, &MainWindow::startSession);
    connect(m_start, &StartPage::logoutRequested, this, &MainWindow::logout);
    connect(m_start->connectionBox(), &ConnectionBox::openRequested, this, &MainWindow::openDatabase);
    connect(m_start->connectionBox(), &ConnectionBox::remoteRequested, this, &MainWindow::openRemote);
    connect(m_start->connectionBox(), &ConnectionBox::certificateAccepted, this, &MainWindow::acceptCertificate);
    connect(m_sessionPage, &SessionPage::inspectRequested, this, &MainWindow::showInInspector);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        QWidget* page = m_tabs->widget(index);
        if (page == m_tasks)
            m_tasks->reload();
        else if (page == m_products)
            m_products->reload();
        else if (page == m_admin)
            m_admin->reload();
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1100, 720);
    // The last connection is offered again (and opened, so a remembered session can be restored).
    ConnectionChoice choice;
    choice.databasePath = options.databasePath;
    if (options.restoreLastConnection)
        choice = ConnectionSettings::lastConnection(options.databasePath);
    m_start->connectionBox()->setChoice(choice);
    updateTabs();
    if (choice.isRemote())
        openRemote(choice);
    else
        openDatabase(choice.databasePath);
}

MainWindow::~MainWindow()
{
    detachBackend();
}

void MainWindow::detachBackend()
{
    // Pages hold raw pointers to the back end: detach them before it goes (its destructor waits for
    // queued calls, whose continuations are then dropped with their context objects).
    m_start->setBackend(nullptr);
    m_tasks->setBackend(nullptr);
    m_products->setBackend(nullptr);
    m_admin->setBackend(nullptr);
    m_sessionPage->setHttpClient(nullptr);
    m_backend.reset();
    m_pendingBackend.reset();
}

void MainWindow::installBackend(std::unique_ptr<core::backend::Backend> backend, const ConnectionChoice& choice)
{
    m_backend = std::move(backend);
    m_connection = choice;
    m_tasks->setBackend(m_backend.get());
    m_products->setBackend(m_backend.get());
    m_admin->setBackend(m_backend.get());
    m_start->setBackend(m_backend.get());
    m_start->setUsername(ConnectionSettings::lastUsername(ConnectionSettings::connectionKey(choice)));
    ConnectionSettings::setLastConnection(choice);
    Q_EMIT backendReady();
    m_start->restoreSession();
}

void MainWindow::buildMenus()
{
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    auto* openAction = fileMenu->addAction(tr("&Open connection…"));
    openAction->setObjectName(QStringLiteral("openDatabaseAction"));
    openAction->setShortcut(QKeySequence::Open);
    connect(openAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_start);
        m_start->connectionBox()->setFocus();
    });
    m_logoutAction = fileMenu->addAction(tr("Log &out"));
    m_logoutAction->setObjectName(QStringLiteral("logoutAction"));
    m_logoutAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(m_logoutAction, &QAction::triggered, this, &MainWindow::logout);
    fileMenu->addSeparator();
    auto* quitAction = fileMenu->addAction(tr("&Quit"));
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);
    buildTransferActions(fileMenu, fileMenu->insertSeparator(quitAction));

    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    auto* inspectorAction = viewMenu->addAction(tr("&Inspector"));
    inspectorAction->setObjectName(QStringLiteral("showInspectorAction"));
    inspectorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(inspectorAction, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_inspector); });
    auto* tasksAction = viewMenu->addAction(tr("&Tasks"));
    tasksAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(tasksAction, &QAction::triggered, this, [this] {
        if (m_tabs->isTabVisible(m_tabs->indexOf(m_tasks)))
            m_tabs->setCurrentWidget(m_tasks);
    });
    auto* productsAction = viewMenu->addAction(tr("&Products"));
    productsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(productsAction, &QAction::triggered, this, [this] {
        if (m_tabs->isTabVisible(m_tabs->indexOf(m_products)))
            m_tabs->setCurrentWidget(m_products);
    });
}

void MainWindow::openDatabase(const QString& path)
{
    if (m_session.isValid())
        endSession(QString());
    detachBackend();
    m_start->setBusy(true);
    statusBar()->showMessage(tr("Opening %1…").arg(path));

    const int generation = ++m_openGeneration;
    core::store::Database::Options o;
    o.durable = m_options.durableDatabase;
    // Opening may migrate and back up the file: never on the GUI thread.
    QtConcurrent::run([path, o] {
        return core::store::Database::open(path, o);
    }).then(this, [this, path, generation](Result<std::shared_ptr<core::store::Database>> db) {
        if (generation != m_openGeneration)
            return;
        m_start->setBusy(false);
        statusBar()->clearMessage();
        if (!db) {
            m_messages->showMessage(MessageBar::Kind::Error,
                                    tr("Could not open %1: %2").arg(path, errorText(db.error())));
            return;
        }
        core::services::ServiceContext ctx;
        ctx.db = db.value();
        ctx.hashPolicy = m_options.hashPolicy;
        ctx.lockout = m_options.lockout;
        ctx.keys = m_keys.get();
        ConnectionChoice choice;
        choice.databasePath = path;
        choice.kind =
            path == m_options.databasePath ? ConnectionChoice::Kind::LocalDefault : ConnectionChoice::Kind::LocalFile;
        if (!db.value()->backupPath().isEmpty())
            m_messages->showMessage(
                MessageBar::Kind::Information,
                tr("The database was upgraded; the previous version is saved as %1.").arg(db.value()->backupPath()));
        installLocal(ctx, choice, generation);
    });
}

void MainWindow::installLocal(core::services::ServiceContext ctx, const ConnectionChoice& choice, int generation)
{
    // Sessions are remembered only where the signing key outlives the window: injected (tests), or in the
    // keychain beside the remembered tokens. Otherwise the key is in memory and nothing is remembered.
    core::remote::CredentialStore* store = credentialStore();
    if (m_options.signingKeys || !store || store != m_vaultStore.get()) {
        ctx.keys = m_options.signingKeys ? m_options.signingKeys : m_keys.get();
        m_localRemembers = m_options.signingKeys && store;
        installBackend(std::make_unique<core::backend::LocalBackend>(ctx, m_localRemembers ? store : nullptr), choice);
        return;
    }
    if (!m_keychainKeys)
        m_keychainKeys = std::make_unique<core::vault::KeychainSigningKeyStore>(*m_vault);
    const QString id = ctx.db->databaseId();
    m_start->setBusy(true);
    m_keychainKeys->preload(id).then(this, [this, ctx, choice, generation, id, store](Status loaded) mutable {
        if (generation != m_openGeneration)
            return;
        m_start->setBusy(false);
        // A locked or refusing keychain: this run signs with a memory key and remembers nothing.
        ctx.keys = loaded ? static_cast<core::store::SigningKeyStore*>(m_keychainKeys.get()) : m_keys.get();
        m_localRemembers = loaded && m_keychainKeys->persistent(id);
        installBackend(std::make_unique<core::backend::LocalBackend>(ctx, m_localRemembers ? store : nullptr), choice);
    });
}

void MainWindow::startSession(const SessionInfo& session)
{
    m_session = session;
    m_tasks->setSession(session);
    m_products->setSession(session);
    m_admin->setSession(session);
    m_sessionPage->setSession(session);
    if (m_backend)
        m_server->setServer(m_backend->describe(), m_backend->capabilities());
    m_sessionLabel->setText(session.roles.isEmpty()
                                ? session.username
                                : tr("%1 (%2)").arg(session.username, session.roles.join(QStringLiteral(", "))));
    if (!session.remembered) {
        ConnectionSettings::setLastUsername(ConnectionSettings::connectionKey(m_connection), session.username);
        if (!session.rememberError.code.isEmpty())
            m_messages->showMessage(MessageBar::Kind::Warning,
                                    tr("You are logged in, but Gatehouse cannot remember this session: %1 "
                                       "You stay logged in until Gatehouse closes.")
                                        .arg(session.rememberError.message));
        else if (m_start->rememberRequested() && !m_connection.isRemote() && !m_localRemembers)
            m_messages->showMessage(MessageBar::Kind::Information,
                                    tr("Welcome, %1. Local sessions end when Gatehouse closes; your database "
                                       "and username are remembered.")
                                        .arg(session.username));
    }
    updateTabs();
    if (m_tabs->isTabVisible(m_tabs->indexOf(m_tasks)))
        m_tabs->setCurrentWidget(m_tasks);
    else if (m_tabs->isTabVisible(m_tabs->indexOf(m_products)))
        m_tabs->setCurrentWidget(m_products);
    else if (m_tabs->isTabVisible(m_tabs->indexOf(m_server)))
        m_tabs->setCurrentWidget(m_server);
    else
        m_tabs->setCurrentWidget(m_sessionPage);
    Q_EMIT sessionChanged(true);
}

void MainWindow::logout()
{
    if (!m_backend) {
        endSession(QString());
        return;
    }
    m_backend->logout().then(this, [this](Status s) {
        if (!s)
            m_messages->showMessage(MessageBar::Kind::Error, errorText(s.error()));
        endSession(tr("You are logged out."));
    });
}

void MainWindow::endSession(const QString& message)
{
    m_session = SessionInfo();
    m_tasks->setSession(m_session);
    m_products->setSession(m_session);
    m_admin->setSession(m_session);
    m_sessionPage->setSession(m_session);
    m_sessionLabel->clear();
    m_start->showLogin();
    updateTabs();
    m_tabs->setCurrentWidget(m_start);
    if (!message.isEmpty())
        m_messages->showMessage(MessageBar::Kind::Information, message);
    Q_EMIT sessionChanged(false);
}

void MainWindow::updateTabs()
{
    const bool in = m_session.isValid();
    m_tabs->setTabVisible(m_tabs->indexOf(m_start), !in);
    m_tabs->setTabVisible(m_tabs->indexOf(m_tasks), in && m_session.can(QStringLiteral("task.view")));
    m_tabs->setTabVisible(m_tabs->indexOf(m_products), in && m_session.can(QStringLiteral("product.view")));
    m_tabs->setTabVisible(m_tabs->indexOf(m_admin), in && AdminPage::isAvailableTo(m_session));
    m_tabs->setTabVisible(m_tabs->indexOf(m_server), in && m_backend && m_connection.isRemote() &&
                                                         ServerInfoPage::isNeededFor(m_backend->capabilities()));
    m_tabs->setTabVisible(m_tabs->indexOf(m_sessionPage), in);
    m_logoutAction->setEnabled(in);
    updateTransferActions();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings().setValue(kGeometryKey, saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace gatehouse::ui
