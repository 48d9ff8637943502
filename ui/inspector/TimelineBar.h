#pragma once

#include <QWidget>

namespace gatehouse::ui {

// A token's lifetime at a glance: issued (iat or nbf) on the left, expiry on the right, a marker for now,
// green while valid, grey before, red after. Draws nothing meaningful without both ends.
class TimelineBar : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineBar(QWidget* parent = nullptr);
    // 0 for an unknown end.
    void setTimes(qint64 issuedAt, qint64 expiresAt, qint64 now);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    qint64 m_issued = 0;
    qint64 m_expires = 0;
    qint64 m_now = 0;
};

} // namespace gatehouse::ui
