// Compiled into every executable under tests/ (see tests/CMakeLists.txt): the first thing each test
// process does, before main() and so before any OpenSSL call, is what the app and CLI mains do first.
#include "crypto/OpenSslRuntime.h"

namespace {

[[maybe_unused]] const bool kOpenSslRuntime = gatehouse::core::crypto::initOpenSslRuntime();

} // namespace
