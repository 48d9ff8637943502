#include "StartupProbe.h"

#include "mainwindow/MainWindow.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>

#include <cstdio>

namespace gatehouse::app {

StartupProbe* StartupProbe::installIfRequested(QWidget* window)
{
    if (qEnvironmentVariableIntValue("GATEHOUSE_STARTUP_PROBE") != 1)
        return nullptr;
    return new StartupProbe(window);
}

StartupProbe::StartupProbe(QWidget* window) : QObject(window)
{
    window->installEventFilter(this);
    if (auto* main = qobject_cast<ui::MainWindow*>(window)) {
        connect(main, &ui::MainWindow::backendReady, this, [this]() {
            if (m_ready)
                return;
            m_ready = true;
            report("ready");
            maybeQuit();
        });
    }
}

bool StartupProbe::eventFilter(QObject* watched, QEvent* event)
{
    if (!m_painted && event->type() == QEvent::Paint) {
        m_painted = true;
        // Report after this paint has been handled, so the line means "a frame exists".
        QTimer::singleShot(0, this, [this]() {
            report("painted");
            maybeQuit();
        });
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::report(const char* what)
{
    std::fputs(what, stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void StartupProbe::maybeQuit()
{
    if (m_painted && m_ready)
        QCoreApplication::quit();
}

} // namespace gatehouse::app
