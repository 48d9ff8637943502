#include "TerminalPrompt.h"

#include <QFile>

#include <openssl/crypto.h>

#include <cerrno>
#include <csignal>
#include <termios.h>
#include <unistd.h>

namespace gatehouse::cli {

using core::Error;
using core::Result;

namespace {

// The terminal a prompt has changed, for the signal handler. Only one prompt runs at a time (the CLI
// is single-threaded where it prompts).
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
constexpr int kSignalCount = int(sizeof kSignals / sizeof kSignals[0]);
struct sigaction g_previous[kSignalCount];
struct termios g_saved;
int g_fd = -1;
volatile sig_atomic_t g_changed = 0;

// Async-signal-safe only: tcsetattr, sigaction and raise.
extern "C" void restoreTerminalAndReraise(int signal)
{
    if (g_changed)
        tcsetattr(g_fd, TCSAFLUSH, &g_saved);
    g_changed = 0;
    for (int i = 0; i < kSignalCount; ++i) {
        if (kSignals[i] == signal)
            sigaction(signal, &g_previous[i], nullptr);
    }
    raise(signal);
}

int stdinDescriptor(const CliIo& io)
{
    const auto* file = qobject_cast<const QFile*>(io.in);
    return file ? file->handle() : -1;
}

// Echo off for the life of the object; the signal handlers put the terminal back if the process dies first.
class EchoOff
{
public:
    explicit EchoOff(int fd) : m_fd(fd)
    {
        if (tcgetattr(fd, &g_saved) != 0)
            return;
        struct sigaction action = {};
        action.sa_handler = restoreTerminalAndReraise;
        sigemptyset(&action.sa_mask);
        for (int i = 0; i < kSignalCount; ++i)
            sigaction(kSignals[i], &action, &g_previous[i]);
        g_fd = fd;
        struct termios quiet = g_saved;
        quiet.c_lflag &= tcflag_t(~(ECHO | ECHOE | ECHOK | ECHONL));
        g_changed = 1;
        m_ok = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff()
    {
        if (g_changed)
            tcsetattr(m_fd, TCSAFLUSH, &g_saved);
        g_changed = 0;
        if (g_fd >= 0) {
            for (int i = 0; i < kSignalCount; ++i)
                sigaction(kSignals[i], &g_previous[i], nullptr);
        }
        g_fd = -1;
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;
    bool ok() const { return m_ok; }

private:
    int m_fd;
    bool m_ok = false;
};

} // namespace

bool stdinIsTerminal(const CliIo& io)
{
    const int fd = stdinDescriptor(io);
    return fd >= 0 && isatty(fd) == 1;
}

Result<QByteArray> readHiddenLine(const CliIo& io, const QString& prompt)
{
    const int fd = stdinDescriptor(io);
    if (fd < 0 || isatty(fd) != 1)
        return Error::make(QStringLiteral("password.tty"), QStringLiteral("Standard input is not a terminal."));
    QByteArray line;
    bool ended = false;
    {
        EchoOff quiet(fd);
        if (!quiet.ok())
            return Error::make(QStringLiteral("password.tty"), QStringLiteral("Cannot turn off the terminal's echo."));
        io.err->write(prompt.toUtf8());
        constexpr qsizetype kMaxLength = 4096;
        for (;;) {
            char c = 0;
            const ssize_t n = ::read(fd, &c, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ended = true;
                break;
            }
            if (c == '\n')
                break;
            if (line.size() < kMaxLength)
                line.append(c);
            c = 0;
        }
    }
    io.err->write("\n", 1); // the typed Enter was not echoed
    if (line.endsWith('\r'))
        line.chop(1);
    if (ended && line.isEmpty())
        return Error::make(QStringLiteral("password.missing"), QStringLiteral("No password was entered."));
    return line;
}

} // namespace gatehouse::cli
