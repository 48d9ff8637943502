#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace gatehouse::ui {

class FlaskEditor;
class SecretSearchBox;

// A Flask session cookie decoded (compressed or not, tagged JSON), verified with a SECRET_KEY, and the
// weak-secret search on it.
class FlaskPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FlaskPanel(QWidget* parent = nullptr);
    // False when `text` is not a Flask session.
    bool setCookie(const QByteArray& text);
    FlaskEditor* editor() const { return m_editor; }

Q_SIGNALS:
    void inspectRequested(const QByteArray& cookie);

private:
    void verify();

    QByteArray m_cookie;
    QLabel* m_summary = nullptr;
    QTreeWidget* m_tree = nullptr;
    QLineEdit* m_secret = nullptr;
    QPushButton* m_verify = nullptr;
    QLabel* m_verifyResult = nullptr;
    SecretSearchBox* m_search = nullptr;
    FlaskEditor* m_editor = nullptr;
};

} // namespace gatehouse::ui
