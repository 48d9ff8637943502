#pragma once

#include <QLineEdit>

class QAction;

namespace gatehouse::ui {

// A password field with a show/hide toggle (an action inside the field, also Alt+V through its tooltip's
// shortcut) and a caps-lock hint where the platform reports the lock state through key events.
class PasswordLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit PasswordLineEdit(QWidget* parent = nullptr);
    void setRevealed(bool revealed);
    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }
    QAction* revealAction() const { return m_reveal; }

Q_SIGNALS:
    void capsLockChanged(bool on);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    QAction* m_reveal = nullptr;
    bool m_capsLock = false;
};

} // namespace gatehouse::ui
