#pragma once

#include <QColor>
#include <QFrame>
#include <QPalette>

class QLabel;
class QTimer;
class QToolButton;

namespace gatehouse::ui {

// The inline, non-modal message strip at the top of a page: errors, confirmations ("Task saved") and
// hints, dismissable with its close button or Escape. Text is always shown as plain text.
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Kind
    {
        Information,
        Positive,
        Warning,
        Error
    };

    explicit MessageBar(QWidget* parent = nullptr);

    // Replaces the current message. Positive and information messages hide themselves after a few seconds;
    // warnings and errors stay until dismissed or replaced.
    void showMessage(Kind kind, const QString& text);
    QString text() const;
    Kind kind() const { return m_kind; }

    // The bar's colours under `palette`: a tint of its window colour (dark under a dark theme), and a text
    // colour with at least 4.5:1 contrast against it. Public so tests can check any palette.
    static QColor accent(Kind kind);
    static QColor background(Kind kind, const QPalette& palette);
    static QColor foreground(Kind kind, const QPalette& palette);
    static double contrastRatio(const QColor& a, const QColor& b);

public Q_SLOTS:
    void dismiss();

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void applyColours();

    QLabel* m_label = nullptr;
    QToolButton* m_close = nullptr;
    QTimer* m_autoHide = nullptr;
    Kind m_kind = Kind::Information;
};

} // namespace gatehouse::ui
