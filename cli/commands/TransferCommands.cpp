#include "commands/TransferCommands.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::cli::local {

using namespace gatehouse::core;
using namespace gatehouse::core::services;

namespace {

std::optional<ImportExportService::Format> formatOption(const QCommandLineParser& p, const CliIo& io)
{
    const QString f = p.value(QStringLiteral("format"));
    if (f == QLatin1String("csv"))
        return ImportExportService::Format::Csv;
    if (f == QLatin1String("json"))
        return ImportExportService::Format::Json;
    io.error(QStringLiteral("gatehouse-cli: --format is csv or json"));
    return std::nullopt;
}

int printImport(Local& l, const CliIo& io, const Result<ImportReport>& report)
{
    if (!report)
        return fail(l, io, report.error());
    if (report.value().errors.isEmpty())
        return ok(l, io, {{QStringLiteral("imported"), report.value().imported}},
                  QStringLiteral("Imported %1 rows.").arg(report.value().imported));
    QJsonArray errors;
    for (const auto& e : report.value().errors) {
        errors.append(QJsonObject{{QStringLiteral("row"), e.row},
                                  {QStringLiteral("field"), e.field},
                                  {QStringLiteral("code"), e.code},
                                  {QStringLiteral("message"), e.message}});
        if (!l.json)
            io.error(QStringLiteral("row %1 %2: %3 [%4]").arg(e.row).arg(e.field, e.message, e.code));
    }
    if (l.json)
        io.writeJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                               {QStringLiteral("imported"), 0},
                                               {QStringLiteral("errors"), errors}})
                         .toJson(QJsonDocument::Compact));
    else
        io.error(QStringLiteral("Nothing imported: %1 bad rows.").arg(report.value().errors.size()));
    return ExitBadInput;
}

} // namespace

int importCommand(const QStringList& args, const CliIo& io, const char* usage, const Importer& importer)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The CSV or JSON file."));
    parser.addOption(
        {QStringLiteral("format"), QStringLiteral("csv or json."), QStringLiteral("FORMAT"), QStringLiteral("csv")});
    if (auto d = parseCommand(parser, args, io, QString::fromLatin1(usage),
                              QStringLiteral("Import rows; any bad row rejects the whole file.")))
        return *d;
    if (parser.positionalArguments().size() != 1) {
        io.error(QStringLiteral("gatehouse-cli %1: expected a file").arg(QString::fromLatin1(usage)));
        return ExitUsage;
    }
    const auto format = formatOption(parser, io);
    if (!format)
        return ExitUsage;
    QFile file(parser.positionalArguments().at(0));
    if (!file.open(QIODevice::ReadOnly)) {
        io.error(QStringLiteral("gatehouse-cli: cannot read %1").arg(file.fileName()));
        return ExitBadInput;
    }
    const QByteArray data = file.read(512 * 1024 * 1024);
    Local l;
    if (auto d = openLocal(parser, io, l, true))
        return *d;
    return printImport(l, io, importer(l, data, *format));
}

int exportCommand(const QStringList& args, const CliIo& io, const char* usage, const Exporter& exporter, bool users)
{
    QCommandLineParser parser;
    addLocalOptions(parser, true);
    parser.addOption(
        {QStringLiteral("format"), QStringLiteral("csv or json."), QStringLiteral("FORMAT"), QStringLiteral("csv")});
    if (users)
        parser.addOption({QStringLiteral("with-hashes"), QStringLiteral("Include password hashes (user.manage).")});
    if (auto d =
            parseCommand(parser, args, io, QString::fromLatin1(usage), QStringLiteral("Export to standard output.")))
        return *d;
    const auto format = formatOption(parser, io);
    if (!format)
        return ExitUsage;
    Local l;
    if (auto d = openLocal(parser, io, l, true))
        return *d;
    auto data = exporter(l, *format, users && parser.isSet(QStringLiteral("with-hashes")));
    if (!data)
        return fail(l, io, data.error());
    io.out->write(data.value());
    return ExitOk;
}

} // namespace gatehouse::cli::local
