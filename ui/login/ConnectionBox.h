#pragma once

#include "login/ConnectionChoice.h"

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace gatehouse::ui {

class RemoteFields;

// Where to connect: the local default database, another database file, or a remote API profile with its
// base URL (and, for a self-signed HTTPS server, the certificate fingerprint the person accepted).
// Emits openRequested with the chosen file or remoteRequested with the remote choice; the window opens
// it off the GUI thread.
class ConnectionBox : public QGroupBox
{
    Q_OBJECT
public:
    ConnectionBox(const QString& defaultDatabasePath, QWidget* parent = nullptr);

    // Selects "another file" with `path`, or the default when `path` is the default or empty.
    void setDatabasePath(const QString& path);
    QString selectedDatabasePath() const;
    void setChoice(const ConnectionChoice& choice);
    ConnectionChoice choice() const;
    void setCurrentDescription(const QString& description);
    void setBusy(bool busy);
    RemoteFields* remoteFields() const { return m_remoteFields; }

Q_SIGNALS:
    void openRequested(const QString& databasePath);
    void remoteRequested(const gatehouse::ui::ConnectionChoice& choice);
    void certificateAccepted(const QString& fingerprint);
    // Something the person chose cannot be used (an unreadable profile file); text for the message bar.
    void invalid(const QString& message);

private:
    void browse();
    void loadProfileFile(const QString& path);
    void updateEnabled();

    QString m_defaultPath;
    QRadioButton* m_default = nullptr;
    QRadioButton* m_other = nullptr;
    QRadioButton* m_remote = nullptr;
    QLineEdit* m_otherPath = nullptr;
    QPushButton* m_browse = nullptr;
    RemoteFields* m_remoteFields = nullptr;
    QPushButton* m_open = nullptr;
    QLabel* m_current = nullptr;
    bool m_busy = false;
};

} // namespace gatehouse::ui
