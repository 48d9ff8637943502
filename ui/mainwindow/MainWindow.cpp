#include "mainwindow/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QVBoxLayout>

namespace gatehouse::ui {

MainWindow::MainWindow(const QString& databasePath, QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gatehouse"));

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    auto* quitAction = fileMenu->addAction(tr("&Quit"));
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, qApp, &QApplication::quit);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(32, 32, 32, 32);

    auto* title = new QLabel(tr("Gatehouse"), central);
    title->setObjectName(QStringLiteral("titleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);

    auto* intro = new QLabel(tr("A desktop client and local admin tool for Flask-style web authentication."), central);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* coming = new QLabel(central);
    coming->setObjectName(QStringLiteral("comingLabel"));
    coming->setTextFormat(Qt::PlainText);
    coming->setWordWrap(true);
    coming->setText(tr("Available now from gatehouse-cli: JWT decode, verify, sign and lint; werkzeug password "
                       "hashes (make, verify, info).\n\n"
                       "Coming next in this window:\n"
                       "  • Login and registration against a local SQLite database or a remote JWT API\n"
                       "  • Tasks and products according to your role\n"
                       "  • Users, roles, permissions and the audit log for administrators\n"
                       "  • The inspector: JWTs, Set-Cookie headers and Flask session cookies, decoded, "
                       "verified and audited"));
    layout->addWidget(coming);
    layout->addStretch(1);

    auto* dbLabel = new QLabel(central);
    dbLabel->setObjectName(QStringLiteral("databaseLabel"));
    dbLabel->setTextFormat(Qt::PlainText);
    dbLabel->setText(tr("Local database: %1").arg(databasePath));
    dbLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(dbLabel);

    setCentralWidget(central);
    statusBar()->showMessage(tr("Ready"));
    resize(720, 480);
}

} // namespace gatehouse::ui
