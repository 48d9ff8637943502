#pragma once

// Measures how long the GUI thread's event loop goes without turning: a precise 5 ms timer records the
// longest gap between its ticks. A blocked GUI thread (hashing, file reading, a big model reset, a nested
// wait) shows up as one long gap. Start it just before the work and read it just after.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace gatehouse::test {

class LatencyProbe : public QObject
{
public:
    LatencyProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            m_max = qMax(m_max, m_clock.restart());
            ++m_ticks;
        });
        m_clock.start();
        m_timer.start();
    }

    // The longest gap so far, including the one still open.
    qint64 maxGapMs() const { return qMax(m_max, m_clock.elapsed()); }
    // Ticks seen: a probe that never ticked measured nothing.
    qint64 ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_max = 0;
    qint64 m_ticks = 0;
};

// The longest gap a latency test accepts: 50 ms, the bound. Sanitizer builds run GUI-thread work
// several times slower, so they get a wider bound (their longest gaps measured 22-40 ms, the normal
// build's 13-38 ms with two busy loops competing for both cores).
inline constexpr qint64 kMaxStallMs =
#ifdef GATEHOUSE_SANITIZED_BUILD
    100;
#else
    50;
#endif

} // namespace gatehouse::test
