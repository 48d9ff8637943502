#include "common/MessageBar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace gatehouse::ui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Message"));

    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("messageBarLabel"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("messageBarCloseToolButton"));
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    connect(m_close, &QToolButton::clicked, this, &MessageBar::dismiss);

    m_autoHide = new QTimer(this);
    m_autoHide->setSingleShot(true);
    connect(m_autoHide, &QTimer::timeout, this, &MessageBar::dismiss);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString& text)
{
    m_kind = kind;
    m_label->setText(text);
    applyColours();
    show();
    update();
    m_autoHide->stop();
    if (kind == Kind::Positive || kind == Kind::Information)
        m_autoHide->start(6000);
}

QColor MessageBar::accent(Kind kind)
{
    switch (kind) {
    case Kind::Information:
        return QColor(0x2f, 0x80, 0xed);
    case Kind::Positive:
        return QColor(0x2e, 0xa0, 0x43);
    case Kind::Warning:
        return QColor(0xe0, 0xa0, 0x00);
    case Kind::Error:
        return QColor(0xd9, 0x3f, 0x3f);
    }
    return QColor(0x80, 0x80, 0x80);
}

QColor MessageBar::background(Kind kind, const QPalette& palette)
{
    // A tint of the palette's own window colour, so a dark theme gets a dark bar and a light theme a light one;
    // a dark window takes a stronger tint for the kind to remain recognisable.
    const QColor window = palette.color(QPalette::Window);
    const QColor tint = accent(kind);
    const double amount = window.lightnessF() < 0.5 ? 0.28 : 0.18;
    return QColor::fromRgbF(float(window.redF() + (tint.redF() - window.redF()) * amount),
                            float(window.greenF() + (tint.greenF() - window.greenF()) * amount),
                            float(window.blueF() + (tint.blueF() - window.blueF()) * amount));
}

double MessageBar::contrastRatio(const QColor& a, const QColor& b)
{
    // WCAG 2 relative luminance.
    const auto luminance = [](const QColor& c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor MessageBar::foreground(Kind kind, const QPalette& palette)
{
    // The palette's text colour, unless a theme pairs window and text so that the tint loses legibility
    // (WCAG AA, 4.5:1): then black or white, whichever reads better.
    const QColor bg = background(kind, palette);
    const QColor text = palette.color(QPalette::WindowText);
    if (contrastRatio(text, bg) >= 4.5)
        return text;
    return contrastRatio(Qt::black, bg) >= contrastRatio(Qt::white, bg) ? QColor(Qt::black) : QColor(Qt::white);
}

void MessageBar::applyColours()
{
    // Colours are derived, never stored: the widget's own palette stays the inherited one, so a theme change
    // (changeEvent) recomputes them. Only the label's text colour is set, on the label.
    QPalette labelPalette = m_label->palette();
    labelPalette.setColor(QPalette::WindowText, foreground(m_kind, palette()));
    m_label->setPalette(labelPalette);
}

void MessageBar::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    painter.fillRect(rect(), background(m_kind, palette()));
    // A stripe in the kind's colour: the kind is told by more than a faint tint.
    painter.fillRect(QRect(0, 0, 4, height()), accent(m_kind));
    painter.end();
    QFrame::paintEvent(event);
}

void MessageBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange ||
        event->type() == QEvent::StyleChange)
        applyColours();
    QFrame::changeEvent(event);
}

QString MessageBar::text() const
{
    return isVisible() ? m_label->text() : QString();
}

void MessageBar::dismiss()
{
    m_autoHide->stop();
    hide();
}

} // namespace gatehouse::ui
