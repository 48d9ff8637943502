#pragma once

#include "backend/Backend.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTableWidget;
class QTimer;

namespace gatehouse::core::net {
class HttpClient;
}

namespace gatehouse::ui {

class TrafficLogModel;

// "Current session": the live token of the running session (open it in the inspector), the session's
// cookies, and in remote mode the request log like DevTools' Network panel, with the cookie round trip
// (the response whose Set-Cookie created a cookie and the later requests that carried it back).
//
// Secrets (the token, cookie values, Authorization / Cookie / Set-Cookie / X-CSRF-TOKEN header values) are
// redacted until the person checks "Reveal secrets"; the check is dropped again when the session changes.
// Everything is shown as plain text.
class SessionPage : public QWidget
{
    Q_OBJECT
public:
    explicit SessionPage(QWidget* parent = nullptr);

    void setSession(const core::backend::SessionInfo& session);
    // Remote mode: the profile's HTTP client (traffic log, cookie jar); null in local mode. The client must
    // outlive this page or be destroyed first (a QPointer guards it).
    void setHttpClient(core::net::HttpClient* client);
    void setRevealed(bool reveal);
    bool isRevealed() const;

    TrafficLogModel* trafficModel() const { return m_trafficModel; }

Q_SIGNALS:
    // The person asked to inspect this text (a token or a Set-Cookie line) in the inspector.
    void inspectRequested(const QString& text);

private:
    void updateToken();
    void updateCookies();
    void showEntryDetails();
    void showCookieRoundTrip();
    void scheduleCookieUpdate();

    core::backend::SessionInfo m_session;
    QPointer<core::net::HttpClient> m_client;
    QMetaObject::Connection m_logConnection;

    QLabel* m_summary = nullptr;
    QLineEdit* m_token = nullptr;
    QPushButton* m_inspectToken = nullptr;
    QCheckBox* m_reveal = nullptr;
    QLabel* m_cookiesNote = nullptr;
    QTableWidget* m_cookies = nullptr;
    QPushButton* m_inspectCookie = nullptr;
    QLabel* m_logNote = nullptr;
    QTableView* m_log = nullptr;
    TrafficLogModel* m_trafficModel = nullptr;
    QPlainTextEdit* m_details = nullptr;
    QTimer* m_cookieTimer = nullptr;
};

} // namespace gatehouse::ui
