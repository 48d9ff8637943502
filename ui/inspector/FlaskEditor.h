#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace gatehouse::ui {

class JsonEdit;

// Edit a Flask session (Gatehouse's typed JSON, strict-checked as you type) and sign it again with a
// SECRET_KEY and salt (core signFlaskSession, itsdangerous' format), on a worker thread.
class FlaskEditor : public QWidget
{
    Q_OBJECT
public:
    explicit FlaskEditor(QWidget* parent = nullptr);
    void load(const QString& typedJson);
    QByteArray signedCookie() const { return m_cookie; }

public Q_SLOTS:
    void sign();

Q_SIGNALS:
    void signedCookieReady(const QByteArray& cookie);
    void signFailed(const QString& reason);
    void inspectRequested(const QByteArray& cookie);

private:
    void updateState();

    JsonEdit* m_payload = nullptr;
    QLineEdit* m_secret = nullptr;
    QLineEdit* m_salt = nullptr;
    QCheckBox* m_compress = nullptr;
    QPushButton* m_sign = nullptr;
    QPlainTextEdit* m_output = nullptr;
    QPushButton* m_inspect = nullptr;
    QLabel* m_status = nullptr;
    QByteArray m_cookie;
    bool m_signing = false;
};

} // namespace gatehouse::ui
