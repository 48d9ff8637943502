#include "CliIo.h"

#include <QFile>

namespace gatehouse::cli {

using core::Error;
using core::Result;

void CliIo::print(const QString& text) const
{
    out->write(text.toUtf8());
}

void CliIo::println(const QString& text) const
{
    out->write(text.toUtf8());
    out->write("\n", 1);
}

void CliIo::error(const QString& text) const
{
    err->write(text.toUtf8());
    err->write("\n", 1);
}

void CliIo::writeJson(const QByteArray& compactJson) const
{
    out->write(compactJson);
    out->write("\n", 1);
}

namespace {

Result<QByteArray> readAllCapped(QIODevice& device, qint64 maxBytes, const QString& what)
{
    QByteArray data;
    char buffer[65536];
    // QFile on stdin blocks in read() until data or end of input; files and buffers return 0 at the end.
    for (;;) {
        const qint64 n = device.read(buffer, sizeof buffer);
        if (n < 0) {
            return Error::make(QStringLiteral("input.read"),
                               QStringLiteral("could not read %1: %2").arg(what, device.errorString()));
        }
        if (n == 0)
            break;
        if (data.size() + n > maxBytes) {
            return Error::make(QStringLiteral("input.too_large"),
                               QStringLiteral("%1 is larger than the %2-byte limit").arg(what).arg(maxBytes));
        }
        data.append(buffer, n);
    }
    return data;
}

void trimTrailingNewlines(QByteArray& data)
{
    while (!data.isEmpty() && (data.endsWith('\n') || data.endsWith('\r')))
        data.chop(1);
}

} // namespace

Result<QByteArray> readInput(const CliIo& io, const QString& argument, bool fromFile, qint64 maxBytes)
{
    QByteArray data;
    if (argument == QLatin1String("-")) {
        auto r = readAllCapped(*io.in, maxBytes, QStringLiteral("standard input"));
        if (!r)
            return r.error();
        data = std::move(r).value();
    } else if (fromFile) {
        QFile f(argument);
        if (!f.open(QIODevice::ReadOnly)) {
            return Error::make(QStringLiteral("input.open"),
                               QStringLiteral("cannot open %1: %2").arg(argument, f.errorString()));
        }
        auto r = readAllCapped(f, maxBytes, argument);
        if (!r)
            return r.error();
        data = std::move(r).value();
    } else {
        data = argument.toUtf8();
        if (data.size() > maxBytes) {
            return Error::make(QStringLiteral("input.too_large"), QStringLiteral("the argument is too large"));
        }
    }
    trimTrailingNewlines(data);
    return data;
}

Result<QByteArray> readSecretFile(const CliIo& io, const QString& path, qint64 maxBytes)
{
    QByteArray data;
    if (path == QLatin1String("-")) {
        auto r = readAllCapped(*io.in, maxBytes, QStringLiteral("standard input"));
        if (!r)
            return r.error();
        data = std::move(r).value();
    } else {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            return Error::make(QStringLiteral("input.open"),
                               QStringLiteral("cannot open %1: %2").arg(path, f.errorString()));
        }
        auto r = readAllCapped(f, maxBytes, path);
        if (!r)
            return r.error();
        data = std::move(r).value();
    }
    if (data.endsWith('\n'))
        data.chop(1);
    if (data.endsWith('\r'))
        data.chop(1);
    return data;
}

} // namespace gatehouse::cli
