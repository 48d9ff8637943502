#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

namespace gatehouse::cli {

// Exit codes shared by every gatehouse-cli command.
enum ExitCode : int
{
    ExitOk = 0,
    ExitNegative = 1,   // a well-formed "no": bad signature, wrong password, expired token
    ExitUsage = 2,      // bad command line
    ExitBadInput = 3,   // input that could not be parsed or read
    ExitPermission = 4, // the acting user may not do this (locally, or HTTP 403 from a server)
    ExitDatabase = 5,   // the local database could not be opened, read or written
    ExitNetwork = 6,    // remote mode: unreachable, TLS, timeout, a 5xx or an answer of the wrong shape
};

// The streams a command talks to. The process binds them to stdin/stdout/stderr; tests bind buffers.
struct CliIo
{
    QIODevice* in = nullptr;
    QIODevice* out = nullptr;
    QIODevice* err = nullptr;

    void print(const QString& text) const;               // to `out`, UTF-8, no newline added
    void println(const QString& text) const;             // to `out`, plus '\n'
    void error(const QString& text) const;               // to `err`, plus '\n'
    void writeJson(const QByteArray& compactJson) const; // to `out`, plus '\n'
};

// Reads a command's main input: "-" means standard input; otherwise the argument itself, unless
// `fromFile` is set, in which case it is a path. Input is capped at `maxBytes` so a huge or endless
// stream is an error, not an out-of-memory. Trailing CR/LF is trimmed (a pasted token ends with one).
core::Result<QByteArray> readInput(const CliIo& io, const QString& argument, bool fromFile,
                                   qint64 maxBytes = 16 * 1024 * 1024);

// Reads a secret (password, HMAC secret) from a file, or from standard input when `path` is "-".
// Secrets stay out of the process list this way. A single trailing newline is trimmed.
core::Result<QByteArray> readSecretFile(const CliIo& io, const QString& path, qint64 maxBytes = 1024 * 1024);

} // namespace gatehouse::cli
