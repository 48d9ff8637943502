#pragma once

#include "CliIo.h"

#include <QStringList>

namespace gatehouse::cli {

// Runs one gatehouse-cli invocation. `arguments` includes the program name first, like argv.
// Returns the process exit code (see ExitCode).
int run(const QStringList& arguments, const CliIo& io);

// Binds stdin/stdout/stderr and calls run().
int runFromProcess(const QStringList& arguments);

} // namespace gatehouse::cli
