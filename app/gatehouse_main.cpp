#include "StartupProbe.h"
#include "crypto/OpenSslRuntime.h"
#include "mainwindow/MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QStandardPaths>

int main(int argc, char* argv[])
{
    gatehouse::core::crypto::initOpenSslRuntime();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.gatehouse.Gatehouse"));

    // The embedded default: gatehouse.sqlite in the user's data folder.
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    const QString databasePath = QDir(dataDir).filePath(QStringLiteral("gatehouse.sqlite"));

    gatehouse::ui::MainWindow window(databasePath);
    gatehouse::app::StartupProbe::installIfRequested(&window);
    window.show();
    return QApplication::exec();
}
