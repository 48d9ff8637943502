#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace gatehouse::ui {

class JsonEdit;

// Edit a JWT's header and payload (strict JSON, checked as you type) and sign it again with an HMAC secret,
// a PEM private key or a JWK (core JwtEncoder). The algorithm is chosen in one place and written into the
// header's "alg"; signing is refused unless the key is of the kind that algorithm needs (RFC 8725 §3.1:
// no HS256 with a PEM key) and can sign. Signing runs on a worker thread. Key material is never logged
// or shown anywhere but the key box.
class JwtEditor : public QWidget
{
    Q_OBJECT
public:
    enum class KeyType
    {
        SecretText,
        SecretBase64Url,
        Pem,
        Jwk
    };

    explicit JwtEditor(QWidget* parent = nullptr);

    // Starts from a decoded token (its header and payload JSON as they were).
    void load(const QByteArray& headerJson, const QByteArray& payloadJson);
    QByteArray signedToken() const { return m_token; }
    // Why Sign is refused right now (empty: it may sign).
    QString blocker() const;

public Q_SLOTS:
    void sign();

Q_SIGNALS:
    void signedTokenReady(const QByteArray& token);
    void signFailed(const QString& reason);
    // "Inspect" was pressed on the new token.
    void inspectRequested(const QByteArray& token);

private:
    void algorithmChosen();
    void headerEdited();
    void updateState();
    KeyType keyType() const;

    JsonEdit* m_header = nullptr;
    JsonEdit* m_payload = nullptr;
    QComboBox* m_algorithm = nullptr;
    QComboBox* m_keyType = nullptr;
    QPlainTextEdit* m_key = nullptr;
    QLabel* m_agreement = nullptr;
    QPushButton* m_sign = nullptr;
    QPlainTextEdit* m_output = nullptr;
    QPushButton* m_inspect = nullptr;
    QLabel* m_status = nullptr;
    QByteArray m_token;
    bool m_syncing = false;
    bool m_signing = false;
};

} // namespace gatehouse::ui
