#pragma once

#include <QFrame>

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

public Q_SLOTS:
    void dismiss();

private:
    QLabel* m_label = nullptr;
    QToolButton* m_close = nullptr;
    QTimer* m_autoHide = nullptr;
    Kind m_kind = Kind::Information;
};

} // namespace gatehouse::ui
