#pragma once

#include <QtGlobal>

namespace gatehouse::core {

// The time seam: token expiry, lockouts and audit timestamps read the time through a Clock so tests
// can fix it. Implementations must be thread-safe for reads.
class Clock
{
public:
    virtual ~Clock() = default;
    // Seconds since the Unix epoch.
    virtual qint64 nowSeconds() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowSeconds() const override;
    // A process-wide instance for callers that have no clock injected.
    static const SystemClock& instance();
};

// A clock that says what it is told; for tests and for the CLI's --now option.
class FixedClock final : public Clock
{
public:
    explicit FixedClock(qint64 seconds) : m_seconds(seconds) {}
    qint64 nowSeconds() const override { return m_seconds; }
    void set(qint64 seconds) { m_seconds = seconds; }
    void advance(qint64 seconds) { m_seconds += seconds; }

private:
    qint64 m_seconds = 0;
};

} // namespace gatehouse::core
