#include "services/Csv.h"

#include <QStringDecoder>

namespace gatehouse::core::services {

Result<QList<QStringList>> Csv::parse(const QByteArray& data)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(data);
    if (decoder.hasError())
        return Error::make(QStringLiteral("csv.utf8"), QStringLiteral("The file is not valid UTF-8."));
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;    // inside a quoted field
    bool wasQuoted = false; // the current field was quoted (only a separator or line end may follow)
    bool rowStarted = false;
    int line = 1;
    qsizetype i = text.startsWith(QChar(0xFEFF)) ? 1 : 0;
    const qsizetype n = text.size();
    auto endField = [&] {
        row << field;
        field.clear();
        wasQuoted = false;
    };
    for (; i < n; ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                    wasQuoted = true;
                }
            } else {
                // The whole run up to the next quote at once.
                qsizetype j = i;
                for (; j < n && text.at(j) != QLatin1Char('"'); ++j) {
                    if (text.at(j) == QLatin1Char('\n'))
                        ++line;
                }
                field.append(QStringView(text).mid(i, j - i));
                i = j - 1;
            }
            continue;
        }
        if (c == QLatin1Char(',')) {
            endField();
            rowStarted = true;
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            if (rowStarted || !field.isEmpty() || wasQuoted) {
                endField();
                rows << row;
            }
            row.clear();
            rowStarted = false;
            ++line;
        } else if (c == QLatin1Char('"')) {
            if (!field.isEmpty() || wasQuoted)
                return Error::make(QStringLiteral("csv.quote"),
                                   QStringLiteral("A quote appears inside an unquoted field."),
                                   QStringLiteral("line %1").arg(line));
            quoted = true;
            rowStarted = true;
        } else {
            if (wasQuoted)
                return Error::make(QStringLiteral("csv.quote"), QStringLiteral("Text follows a closing quote."),
                                   QStringLiteral("line %1").arg(line));
            // The whole run of ordinary characters at once (a quote ending it is an error, reported next).
            qsizetype j = i + 1;
            for (; j < n; ++j) {
                const QChar d = text.at(j);
                if (d == QLatin1Char(',') || d == QLatin1Char('\r') || d == QLatin1Char('\n') || d == QLatin1Char('"'))
                    break;
            }
            field.append(QStringView(text).mid(i, j - i));
            i = j - 1;
            rowStarted = true;
        }
    }
    if (quoted)
        return Error::make(QStringLiteral("csv.quote"), QStringLiteral("A quoted field is never closed."),
                           QStringLiteral("line %1").arg(line));
    if (rowStarted || !field.isEmpty()) {
        endField();
        rows << row;
    }
    return rows;
}

QByteArray Csv::format(const QList<QStringList>& rows)
{
    QString out;
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i)
                out += QLatin1Char(',');
            const QString& f = row.at(i);
            // A lone empty cell is quoted, or the row would read back as a blank line (which is skipped).
            // A leading U+FEFF is quoted too: unquoted at the start of the file it would read as a BOM.
            if ((row.size() == 1 && f.isEmpty()) || f.startsWith(QChar(0xFEFF)) || f.contains(QLatin1Char(',')) ||
                f.contains(QLatin1Char('"')) || f.contains(QLatin1Char('\n')) || f.contains(QLatin1Char('\r'))) {
                QString q = f;
                q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
                out += QLatin1Char('"') + q + QLatin1Char('"');
            } else {
                out += f;
            }
        }
        out += QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

} // namespace gatehouse::core::services
