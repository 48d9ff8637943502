#include "crypto/CpuFeatures.h"

#include <atomic>

#ifdef GATEHOUSE_SHANI_COMPILABLE
#include <cpuid.h>
#endif

namespace gatehouse::core::crypto {

namespace {

std::atomic<bool> g_disabled{false};

bool detectShaExtensions()
{
#ifdef GATEHOUSE_SHANI_COMPILABLE
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    const bool ssse3 = c & (1u << 9);
    const bool sse41 = c & (1u << 19);
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    const bool sha = b & (1u << 29);
    return ssse3 && sse41 && sha;
#else
    return false;
#endif
}

} // namespace

bool cpuHasShaExtensions()
{
    static const bool has = detectShaExtensions();
    return has;
}

bool useShaExtensions()
{
    return cpuHasShaExtensions() && !g_disabled.load(std::memory_order_relaxed);
}

void setShaExtensionsDisabled(bool disabled)
{
    g_disabled.store(disabled, std::memory_order_relaxed);
}

} // namespace gatehouse::core::crypto
