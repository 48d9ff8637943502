#pragma once

// Start-up measurement hook for tests/bench/startup_bench.py. With GATEHOUSE_STARTUP_PROBE=1 in the
// environment, the app writes "painted" to stdout when the main window first paints and "ready" when the
// start page's back end is open (the login form usable), then quits. The script times those lines from the
// moment it started the process, so the figure covers exec, dynamic linking and Qt's start-up too.
// Without the variable nothing is installed.

#include <QObject>

class QWidget;

namespace gatehouse::app {

class StartupProbe : public QObject
{
public:
    // Installs the probe when GATEHOUSE_STARTUP_PROBE is set; returns nullptr otherwise.
    static StartupProbe* installIfRequested(QWidget* window);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit StartupProbe(QWidget* window);
    void report(const char* what);
    void maybeQuit();

    bool m_painted = false;
    bool m_ready = false;
};

} // namespace gatehouse::app
