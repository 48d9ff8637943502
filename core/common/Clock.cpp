#include "common/Clock.h"

#include <QDateTime>

namespace gatehouse::core {

qint64 SystemClock::nowSeconds() const
{
    return QDateTime::currentSecsSinceEpoch();
}

const SystemClock& SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace gatehouse::core
