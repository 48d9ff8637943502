#include "inspector/TimelineBar.h"

#include "inspector/InspectorColours.h"
#include "jwt/ClaimCatalog.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace gatehouse::ui {

TimelineBar::TimelineBar(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("timelineBar"));
    setAccessibleName(tr("Token lifetime"));
    setMinimumHeight(48);
}

void TimelineBar::setTimes(qint64 issuedAt, qint64 expiresAt, qint64 now)
{
    m_issued = issuedAt;
    m_expires = expiresAt;
    m_now = now;
    QString description;
    if (expiresAt > 0) {
        description = now < expiresAt
                          ? tr("Valid for another %1").arg(core::jwt::claims::describeDuration(expiresAt - now))
                          : tr("Expired %1 ago").arg(core::jwt::claims::describeDuration(now - expiresAt));
    } else {
        description = tr("No expiry: this token is valid forever unless the server tracks it.");
    }
    setAccessibleDescription(description);
    setToolTip(description);
    update();
}

QSize TimelineBar::sizeHint() const
{
    return {400, 52};
}

void TimelineBar::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF bar(8, 8, width() - 16, 14);
    const QColor text = palette().color(QPalette::WindowText);
    if (m_expires <= 0 || m_issued <= 0 || m_expires <= m_issued) {
        p.setPen(Qt::NoPen);
        p.setBrush(inspectorColour(InspectorColour::TrackBackground, palette()));
        p.drawRoundedRect(bar, 4, 4);
        p.setPen(text);
        p.drawText(QRectF(8, 26, width() - 16, 20), Qt::AlignLeft | Qt::AlignVCenter, toolTip());
        return;
    }
    const qint64 span = m_expires - m_issued;
    // The view stretches to include now when it lies outside the lifetime.
    const qint64 left = qMin(m_issued, m_now);
    const qint64 right = qMax(m_expires, m_now);
    const double scale = bar.width() / double(qMax<qint64>(1, right - left));
    auto x = [&](qint64 t) { return bar.left() + double(t - left) * scale; };
    p.setPen(Qt::NoPen);
    p.setBrush(inspectorColour(InspectorColour::TrackBackground, palette()));
    p.drawRoundedRect(bar, 4, 4);
    const bool expired = m_now >= m_expires;
    p.setBrush(inspectorColour(expired ? InspectorColour::Bad : InspectorColour::Good, palette()));
    // At least a few pixels, so that a short lifetime on a long view is still seen.
    p.drawRoundedRect(QRectF(x(m_issued), bar.top(), std::max(4.0, double(span) * scale), bar.height()), 2, 2);
    p.setPen(QPen(text, 2));
    const double nowX = x(m_now);
    p.drawLine(QPointF(nowX, bar.top() - 4), QPointF(nowX, bar.bottom() + 4));
    p.setPen(text);
    const QRectF labels(8, 26, width() - 16, 20);
    // "issued" and "expires" under their ends, "now" under its line; a label that would overlap "now"
    // (an expired token puts now at the right end) is merged into it.
    const double expiresX = x(m_expires);
    const bool crowded = std::abs(nowX - expiresX) < 90;
    // A lifetime too short to show at this scale: one label for both ends.
    const bool shortLife = !crowded && expiresX < bar.left() + 90;
    p.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, shortLife ? tr("issued \u00b7 expires") : tr("issued"));
    if (!crowded && !shortLife)
        p.drawText(QRectF(expiresX - 60, 26, 120, 20),
                   expiresX > bar.right() - 60 ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignCenter, tr("expires"));
    const QString nowText = crowded ? (expired ? tr("expired \u00b7 now") : tr("now \u00b7 expires")) : tr("now");
    const QRectF nowBox = nowX > bar.right() - 70  ? QRectF(nowX - 160, 26, 160, 20)
                          : nowX < bar.left() + 70 ? QRectF(nowX, 26, 160, 20)
                                                   : QRectF(nowX - 80, 26, 160, 20);
    const Qt::Alignment nowAlign = nowX > bar.right() - 70  ? Qt::AlignRight
                                   : nowX < bar.left() + 70 ? Qt::AlignLeft
                                                            : Qt::AlignHCenter;
    p.drawText(nowBox, nowAlign | Qt::AlignVCenter, nowText);
}

} // namespace gatehouse::ui
