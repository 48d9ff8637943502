#pragma once

// x86 SHA extensions (SHA-NI): compile-time availability of the intrinsics and the runtime CPUID check.
// Code using them is compiled per function with GATEHOUSE_SHANI_TARGET, so the rest of the binary still
// runs on CPUs without them; call such code only when cpuHasShaExtensions() is true.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GATEHOUSE_SHANI_COMPILABLE 1
#define GATEHOUSE_SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))
#endif

namespace gatehouse::core::crypto {

// True when the CPU has SHA, SSSE3 and SSE4.1 (everything SHA-NI code compiled with GATEHOUSE_SHANI_TARGET
// uses). Always false where GATEHOUSE_SHANI_COMPILABLE is not defined. Evaluated once; thread-safe.
bool cpuHasShaExtensions();

// cpuHasShaExtensions() unless a test switched the SHA-NI paths off: what dispatching code asks, so one
// machine can test both the SHA-NI and the portable path against the same references.
bool useShaExtensions();
// Test seam (process-wide): true makes useShaExtensions() return false.
void setShaExtensionsDisabled(bool disabled);

} // namespace gatehouse::core::crypto
