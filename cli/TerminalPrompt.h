#pragma once

#include "CliIo.h"

namespace gatehouse::cli {

// Whether the command's standard input is a terminal (the process's stdin bound to a tty; an in-memory
// buffer in tests never is).
bool stdinIsTerminal(const CliIo& io);

// Writes `prompt` to the error stream and reads one line from the terminal on standard input with echo
// off. The terminal's settings are restored on every way out: after the line, on end of input, on a read
// error, and on SIGINT, SIGTERM, SIGHUP or SIGQUIT (restored, then the signal takes its usual course).
// The line ends at '\n' (not included); errors: password.tty (not a terminal, settings refused),
// password.missing (end of input before anything was typed).
core::Result<QByteArray> readHiddenLine(const CliIo& io, const QString& prompt);

} // namespace gatehouse::cli
