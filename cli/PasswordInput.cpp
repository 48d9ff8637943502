#include "PasswordInput.h"

#include "TerminalPrompt.h"

#include <openssl/crypto.h>

namespace gatehouse::cli {

using core::Error;
using core::Result;

PasswordInput::~PasswordInput()
{
    for (QByteArray& l : m_lines) {
        if (!l.isEmpty())
            OPENSSL_cleanse(l.data(), std::size_t(l.size()));
    }
}

std::optional<int> PasswordInput::choose(const CliIo& io, bool passwordStdin)
{
    if (passwordStdin) {
        m_source = Source::StdinLines;
        return std::nullopt;
    }
    if (stdinIsTerminal(io)) {
        m_source = Source::Terminal;
        return std::nullopt;
    }
    io.error(QStringLiteral("gatehouse-cli: standard input is not a terminal, so there is no password prompt; "
                            "use --password-stdin and give the password on the first line of standard input"));
    return ExitUsage;
}

void PasswordInput::chooseStdinUnlessTerminal(const CliIo& io)
{
    m_source = stdinIsTerminal(io) ? Source::Terminal : Source::StdinLines;
}

Result<QString> PasswordInput::next(const CliIo& io, const QString& prompt)
{
    if (m_source == Source::Terminal) {
        auto line = readHiddenLine(io, prompt);
        if (!line)
            return line.error();
        QString password = QString::fromUtf8(line.value());
        OPENSSL_cleanse(line.value().data(), std::size_t(line.value().size()));
        return password;
    }
    if (m_source == Source::StdinLines) {
        if (!m_read) {
            m_read = true;
            QByteArray all = io.in ? io.in->read(1024 * 1024) : QByteArray();
            m_lines = all.split('\n');
            if (!all.isEmpty())
                OPENSSL_cleanse(all.data(), std::size_t(all.size()));
            for (QByteArray& l : m_lines) {
                if (l.endsWith('\r'))
                    l.chop(1);
            }
        }
        if (m_next < m_lines.size() && !(m_next == m_lines.size() - 1 && m_lines.last().isEmpty()))
            return QString::fromUtf8(m_lines.at(m_next++));
    }
    return Error::make(QStringLiteral("password.missing"), QStringLiteral("No password on standard input."));
}

} // namespace gatehouse::cli
