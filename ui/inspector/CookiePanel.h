#pragma once

#include <QWidget>

class QLabel;
class QTableWidget;

namespace gatehouse::ui {

// Cookies like the browser's DevTools show them (name, value, domain, path, expires or max-age, size,
// HttpOnly, Secure, SameSite) with each cookie's audit verdict, from a Set-Cookie or Cookie header or a
// whole pasted HTTP exchange. Double-clicking a cookie that holds a token asks to inspect it.
class CookiePanel : public QWidget
{
    Q_OBJECT
public:
    explicit CookiePanel(QWidget* parent = nullptr);
    // Parses `text`; false when it holds no cookie at all.
    bool setText(const QByteArray& text);

Q_SIGNALS:
    void inspectRequested(const QByteArray& token);

private:
    QTableWidget* m_table = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace gatehouse::ui
