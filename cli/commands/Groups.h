#pragma once

#include "CommandSupport.h"

namespace gatehouse::cli {

// One function per command group, each in its own file under cli/commands/.
CommandGroup jwtGroup();     // JwtCommands.cpp
CommandGroup hashGroup();    // HashCommands.cpp
CommandGroup cookieGroup();  // CookieCommands.cpp
CommandGroup sessionGroup(); // SessionCommands.cpp
// Local mode (shared parts in LocalSupport.h): --db PATH, exit codes 4 permission denied, 5 database error.
CommandGroup dbGroup();      // DbCommands.cpp
CommandGroup userGroup();    // UserCommands.cpp
CommandGroup roleGroup();    // RoleCommands.cpp
CommandGroup taskGroup();    // TaskCommands.cpp
CommandGroup productGroup(); // ProductCommands.cpp
CommandGroup auditGroup();   // AuditCommands.cpp
CommandGroup remoteGroup();  // RemoteCommands.cpp: remote login/logout/whoami/get

} // namespace gatehouse::cli
