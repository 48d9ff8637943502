#pragma once

#include "CliIo.h"

#include <QList>

#include <optional>

namespace gatehouse::cli {

// Where a command's passwords come from, one per call of next(): with --password-stdin, the lines of
// standard input (read once, wiped when the object goes); otherwise, when standard input is a terminal, a
// prompt with echo off (TerminalPrompt.h). Without either there is no password to read: choose() says to
// use --password-stdin and answers exit 2.
class PasswordInput
{
public:
    PasswordInput() = default;
    ~PasswordInput();
    PasswordInput(const PasswordInput&) = delete;
    PasswordInput& operator=(const PasswordInput&) = delete;

    // Picks the source; a value is the exit code to return at once (the message has been printed).
    std::optional<int> choose(const CliIo& io, bool passwordStdin);
    // Standard input's lines when it is not a terminal, else the prompt (db init: no flag needed).
    void chooseStdinUnlessTerminal(const CliIo& io);
    // The next password; password.missing when standard input has no further line or nothing was typed.
    core::Result<QString> next(const CliIo& io, const QString& prompt);

private:
    enum class Source
    {
        None,
        StdinLines,
        Terminal
    };
    Source m_source = Source::None;
    bool m_read = false;
    int m_next = 0;
    QList<QByteArray> m_lines;
};

} // namespace gatehouse::cli
