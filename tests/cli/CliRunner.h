#pragma once

#include "CliApplication.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>

// Runs gatehouse-cli in-process with in-memory standard streams.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline CliRun runCli(const QStringList& args, const QByteArray& stdinData = {})
{
    QByteArray in = stdinData;
    QBuffer inBuf(&in);
    QBuffer outBuf;
    QBuffer errBuf;
    inBuf.open(QIODevice::ReadOnly);
    outBuf.open(QIODevice::WriteOnly);
    errBuf.open(QIODevice::WriteOnly);
    gatehouse::cli::CliIo io{&inBuf, &outBuf, &errBuf};
    CliRun r;
    r.exitCode = gatehouse::cli::run(QStringList{QStringLiteral("gatehouse-cli")} + args, io);
    r.out = outBuf.data();
    r.err = errBuf.data();
    return r;
}
