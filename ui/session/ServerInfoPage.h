#pragma once

#include "backend/Backend.h"

#include <QWidget>

class QLabel;

namespace gatehouse::ui {

// What a remote server offers when its profile has no tasks or products (the minimal Flask + PyJWT app,
// Flask-JWT-Extended, Flask-Login): says so in words and shows what there is instead, such as the
// protected page's message, rather than empty tables. Server text is shown as plain text.
class ServerInfoPage : public QWidget
{
    Q_OBJECT
public:
    explicit ServerInfoPage(QWidget* parent = nullptr);

    void setServer(const QString& description, const core::backend::Capabilities& capabilities);
    // True when the capabilities lack tasks or products, i.e. when the window shows this page.
    static bool isNeededFor(const core::backend::Capabilities& capabilities);

private:
    QLabel* m_title = nullptr;
    QLabel* m_lacks = nullptr;
    QLabel* m_offers = nullptr;
    QLabel* m_noteTitle = nullptr;
    QLabel* m_note = nullptr;
};

} // namespace gatehouse::ui
