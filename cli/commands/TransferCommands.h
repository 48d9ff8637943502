#pragma once

#include "commands/LocalSupport.h"

#include <functional>

namespace gatehouse::cli::local {

// "task|product import FILE" and "task|product|user export": CSV or JSON through ImportExportService, in
// local mode only. A file with any bad row is rejected whole, with the rows' errors printed (exit 3).
using Importer = std::function<core::Result<core::services::ImportReport>(
    Local& l, const QByteArray& data, core::services::ImportExportService::Format format)>;
using Exporter = std::function<core::Result<QByteArray>(Local& l, core::services::ImportExportService::Format format,
                                                        bool withHashes)>;

int importCommand(const QStringList& args, const CliIo& io, const char* usage, const Importer& importer);
// `users` adds --with-hashes (password hashes only when asked for).
int exportCommand(const QStringList& args, const CliIo& io, const char* usage, const Exporter& exporter,
                  bool users = false);

} // namespace gatehouse::cli::local
