#include "inspector/InspectorColours.h"

#include <QPalette>
#include <QWidget>

namespace gatehouse::ui {

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor inspectorColour(InspectorColour role, const QPalette& palette)
{
    // {light theme, dark theme}: each at least 4.5:1 against white / against #202020.
    struct Pair
    {
        QRgb light;
        QRgb dark;
    };
    Pair p{0x707070, 0xa8a8a8};
    switch (role) {
    case InspectorColour::Header:
        p = {0xc0283a, 0xff7f8c};
        break;
    case InspectorColour::Payload:
        p = {0x7d3c98, 0xd39cf0};
        break;
    case InspectorColour::Signature:
        p = {0x1769a0, 0x6cc4f5};
        break;
    case InspectorColour::Good:
        p = {0x2e7d32, 0x7bcf7f};
        break;
    case InspectorColour::Bad:
    case InspectorColour::Critical:
        p = {0xb3261e, 0xff8a80};
        break;
    case InspectorColour::High:
        p = {0xa84a00, 0xffab66};
        break;
    case InspectorColour::Medium:
        p = {0x7a5a00, 0xf2c94c};
        break;
    case InspectorColour::Low:
        p = {0x2563a8, 0x80b8f0};
        break;
    case InspectorColour::Neutral:
        break;
    case InspectorColour::TrackBackground:
        p = {0xdddddd, 0x4a4a4a};
        break;
    }
    return QColor::fromRgb(isDarkPalette(palette) ? p.dark : p.light);
}

void setTextColour(QWidget* widget, InspectorColour role)
{
    QPalette pal = widget->palette();
    pal.setColor(QPalette::WindowText, inspectorColour(role, pal));
    pal.setColor(QPalette::Text, inspectorColour(role, pal));
    widget->setPalette(pal);
}

} // namespace gatehouse::ui
