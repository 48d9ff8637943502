#pragma once

#include "CommandSupport.h"

namespace gatehouse::cli {

// One function per command group, each in its own file under cli/commands/.
CommandGroup jwtGroup();     // JwtCommands.cpp
CommandGroup hashGroup();    // HashCommands.cpp
CommandGroup cookieGroup();  // CookieCommands.cpp
CommandGroup sessionGroup(); // SessionCommands.cpp

} // namespace gatehouse::cli
