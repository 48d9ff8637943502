#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTextEdit;
class QTreeWidget;

namespace gatehouse::core::jwt {
class JwtKey;
}

namespace gatehouse::ui {

class JwtEditor;
class SecretSearchBox;
class TimelineBar;

// A JWT taken apart: the colour-coded parts, header and payload as a JSON tree, the claims with their
// meaning and human times, the lifetime timeline, the findings, verification with a pinned algorithm, and
// the weak-secret search. Everything here is synchronous and cheap except the search (on workers).
class JwtPanel : public QWidget
{
    Q_OBJECT
public:
    explicit JwtPanel(QWidget* parent = nullptr);
    void setToken(const QByteArray& text);
    JwtEditor* editor() const { return m_editor; }

Q_SIGNALS:
    // The editor's "open in the inspector" on a token it signed.
    void inspectRequested(const QByteArray& token);

private:
    void showToken();
    void verify();
    void fillFindings(const core::jwt::JwtKey* key);

    QByteArray m_text;
    QTextEdit* m_parts = nullptr;
    QLabel* m_errors = nullptr;
    QTreeWidget* m_tree = nullptr;
    QTableWidget* m_claims = nullptr;
    TimelineBar* m_timeline = nullptr;
    QTableWidget* m_findings = nullptr;
    QPlainTextEdit* m_key = nullptr;
    QComboBox* m_algorithm = nullptr;
    QPushButton* m_verify = nullptr;
    QLabel* m_verifyResult = nullptr;
    SecretSearchBox* m_search = nullptr;
    JwtEditor* m_editor = nullptr;
};

} // namespace gatehouse::ui
