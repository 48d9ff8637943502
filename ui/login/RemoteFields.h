#pragma once

#include "login/ConnectionChoice.h"

#include <QWidget>

class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse::ui {

// The remote half of the connection box: an API profile (the built-ins, or a JSON profile file the person
// loads), the server's base URL, and for a self-signed HTTPS server the certificate's SHA-256
// fingerprint with a button to trust (pin) it. The fingerprint comes from the window's probe of the
// server (showUntrustedCertificate); accepting it emits certificateAccepted and nothing else: the window
// pins it and remembers it with the connection.
class RemoteFields : public QWidget
{
    Q_OBJECT
public:
    explicit RemoteFields(QWidget* parent = nullptr);

    // Fills the remote fields of `choice` (profileName, profileFile, baseUrl, pinnedFingerprint).
    void fillChoice(ConnectionChoice& choice) const;
    void setChoice(const ConnectionChoice& choice);
    // Adds (or selects) a profile loaded from a file.
    void addProfileFile(const QString& name, const QString& path);

    // The server presented a certificate the system does not trust; `fingerprint` is "AB:CD:…".
    void showUntrustedCertificate(const QString& fingerprint);
    void setPinnedFingerprint(const QString& fingerprint);
    void setBusy(bool busy);

Q_SIGNALS:
    void edited();
    void certificateAccepted(const QString& fingerprint);
    void profileFileChosen(const QString& path);

private:
    void chooseProfileFile();
    void updateCertificateRow();

    QComboBox* m_profile = nullptr;
    QPushButton* m_loadProfile = nullptr;
    QLineEdit* m_url = nullptr;
    QFrame* m_certificate = nullptr;
    QLabel* m_certificateText = nullptr;
    QLabel* m_fingerprint = nullptr;
    QPushButton* m_trust = nullptr;
    QPushButton* m_forget = nullptr;
    QString m_offered; // the fingerprint offered for acceptance
    QString m_pinned;  // the fingerprint accepted for this URL
};

} // namespace gatehouse::ui
