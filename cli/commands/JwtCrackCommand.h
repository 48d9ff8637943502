#pragma once

#include "CliIo.h"

#include <QStringList>

namespace gatehouse::cli {

// gatehouse-cli jwt crack: weak-secret search for an HS256/384/512 token (wired into the jwt group).
int runJwtCrack(const QStringList& args, const CliIo& io);
// gatehouse-cli session crack: the same for a Flask session cookie.
int runSessionCrack(const QStringList& args, const CliIo& io);

} // namespace gatehouse::cli
