#include "common/PasswordLineEdit.h"

#include <QAction>
#include <QIcon>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace gatehouse::ui {

namespace {

// Drawn rather than loaded so the toggle shows without an icon theme.
QIcon eyeIcon()
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0x55, 0x55, 0x55), 2.5));
    QPainterPath outline;
    outline.moveTo(3, 16);
    outline.quadTo(16, 2, 29, 16);
    outline.quadTo(16, 30, 3, 16);
    p.drawPath(outline);
    p.setBrush(QColor(0x55, 0x55, 0x55));
    p.drawEllipse(QPointF(16, 16), 5, 5);
    return QIcon(pixmap);
}

} // namespace

PasswordLineEdit::PasswordLineEdit(QWidget* parent) : QLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    m_reveal = addAction(eyeIcon(), QLineEdit::TrailingPosition);
    m_reveal->setObjectName(QStringLiteral("revealPasswordAction"));
    m_reveal->setCheckable(true);
    m_reveal->setText(tr("Show password"));
    m_reveal->setToolTip(tr("Show or hide the password"));
    connect(m_reveal, &QAction::toggled, this, &PasswordLineEdit::setRevealed);
}

void PasswordLineEdit::setRevealed(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setText(revealed ? tr("Hide password") : tr("Show password"));
    if (m_reveal->isChecked() != revealed)
        m_reveal->setChecked(revealed);
}

void PasswordLineEdit::keyPressEvent(QKeyEvent* event)
{
    // Qt has no portable caps-lock query: infer it from a letter whose case disagrees with Shift.
    const QString t = event->text();
    if (t.size() == 1 && t.at(0).isLetter()) {
        const bool shift = event->modifiers().testFlag(Qt::ShiftModifier);
        const bool caps = t.at(0).isUpper() != shift;
        if (caps != m_capsLock) {
            m_capsLock = caps;
            Q_EMIT capsLockChanged(caps);
        }
    }
    QLineEdit::keyPressEvent(event);
}

void PasswordLineEdit::focusOutEvent(QFocusEvent* event)
{
    if (m_capsLock) {
        m_capsLock = false;
        Q_EMIT capsLockChanged(false);
    }
    QLineEdit::focusOutEvent(event);
}

} // namespace gatehouse::ui
