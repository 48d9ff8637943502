// Csv::parse on arbitrary bytes (import files are untrusted). Property: whatever parses, Csv::format
// writes back to something that parses to the same rows (cells exactly, quotes and line breaks included).
#include "services/Csv.h"

#include <cstddef>
#include <cstdint>

using gatehouse::core::services::Csv;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto rows = Csv::parse(input);
    if (!rows) {
        if (!rows.error().code.startsWith(QStringLiteral("csv.")))
            __builtin_trap();
        return 0;
    }
    const auto again = Csv::parse(Csv::format(rows.value()));
    if (!again || again.value() != rows.value())
        __builtin_trap();
    return 0;
}
