#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace gatehouse::ui {

class CookiePanel;
class FlaskPanel;
class JwtPanel;

// Paste anything: a JWT (with or without "Bearer "), a Set-Cookie or Cookie header, a whole HTTP exchange
// from DevTools or curl -i, or a Flask session cookie. The page recognises it and shows the matching panel.
// It needs no session and no back end.
class InspectorPage : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorPage(QWidget* parent = nullptr);
    void setText(const QString& text);

    enum class Kind
    {
        Nothing,
        Jwt,
        Cookies,
        FlaskSession,
        Unknown
    };
    Kind kind() const { return m_kind; }

Q_SIGNALS:
    void recognised(gatehouse::ui::InspectorPage::Kind kind);

private:
    void analyse();
    void showKind(Kind kind, const QString& label);

    Kind m_kind = Kind::Nothing;
    QPlainTextEdit* m_input = nullptr;
    QPushButton* m_clear = nullptr;
    QLabel* m_kindLabel = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_hint = nullptr;
    JwtPanel* m_jwt = nullptr;
    CookiePanel* m_cookies = nullptr;
    FlaskPanel* m_flask = nullptr;
    QTimer* m_delay = nullptr;
};

} // namespace gatehouse::ui
