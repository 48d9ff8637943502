#include "CliApplication.h"
#include "crypto/OpenSslRuntime.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    gatehouse::core::crypto::initOpenSslRuntime();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    return gatehouse::cli::runFromProcess(QCoreApplication::arguments());
}
