#pragma once

#include <QColor>

class QPalette;
class QWidget;

namespace gatehouse::ui {

// The inspector's colour code (token parts, severities, verdicts), chosen for the palette in use: the
// light-theme colours are too dark to read on a dark window, so a dark palette (its Base colour darker than
// mid-grey) gets lighter tints of the same hues. Meaning is never carried by colour alone: every coloured
// cell also says its severity or verdict in words.
enum class InspectorColour
{
    Header,
    Payload,
    Signature,
    Good,
    Bad,
    Critical,
    High,
    Medium,
    Low,
    Neutral,
    TrackBackground
};

bool isDarkPalette(const QPalette& palette);
QColor inspectorColour(InspectorColour role, const QPalette& palette);
// Sets a label-like widget's text colour through its palette (no style sheet), keeping everything else.
void setTextColour(QWidget* widget, InspectorColour role);

} // namespace gatehouse::ui
