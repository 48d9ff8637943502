#pragma once

#include "common/Result.h"
#include "remote/ApiProfile.h"

#include <QString>

namespace gatehouse::ui {

// Reads and validates a user's JSON API profile (see core::remote::ApiProfile::fromJson). Does file I/O:
// call it off the GUI thread. Errors: profile.file (unreadable or larger than 256 KiB) and fromJson's
// profile.* codes.
core::Result<core::remote::ApiProfile> readProfileFile(const QString& path);

} // namespace gatehouse::ui
