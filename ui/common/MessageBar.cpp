#include "common/MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>

namespace gatehouse::ui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
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
    QColor background;
    switch (kind) {
    case Kind::Information:
        background = QColor(0xd6, 0xe9, 0xfb);
        break;
    case Kind::Positive:
        background = QColor(0xd8, 0xf1, 0xd8);
        break;
    case Kind::Warning:
        background = QColor(0xfb, 0xee, 0xc8);
        break;
    case Kind::Error:
        background = QColor(0xf8, 0xd7, 0xd7);
        break;
    }
    QPalette p = palette();
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    setPalette(p);
    m_label->setPalette(p);
    show();
    m_autoHide->stop();
    if (kind == Kind::Positive || kind == Kind::Information)
        m_autoHide->start(6000);
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
