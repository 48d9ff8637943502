#pragma once

#include "CommandSupport.h"

namespace gatehouse::cli {

// One function per command group, each in its own file under cli/commands/.
CommandGroup jwtGroup();     // JwtCommands.cpp
CommandGroup hashGroup();    // HashCommands.cpp
CommandGroup cookieGroup();  // CookieCommands.cpp
CommandGroup sessionGroup(); // SessionCommands.cpp
// Local mode (LocalCommands.cpp): --db PATH, exit codes 4 permission denied, 5 database error.
CommandGroup dbGroup();
CommandGroup userGroup();
CommandGroup roleGroup();
CommandGroup taskGroup();
CommandGroup productGroup();
CommandGroup auditGroup();
CommandGroup remoteGroup(); // RemoteCommands.cpp: remote login/logout/whoami/get

} // namespace gatehouse::cli
