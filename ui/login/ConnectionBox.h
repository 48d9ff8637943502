#pragma once

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace gatehouse::ui {

// Where to connect: the local default database, another database file, or (once remote mode lands) a
// remote API profile. Emits openRequested with the chosen file; the window opens it off the GUI thread.
class ConnectionBox : public QGroupBox
{
    Q_OBJECT
public:
    ConnectionBox(const QString& defaultDatabasePath, QWidget* parent = nullptr);

    // Selects "another file" with `path`, or the default when `path` is the default or empty.
    void setDatabasePath(const QString& path);
    QString selectedDatabasePath() const;
    void setCurrentDescription(const QString& description);
    void setBusy(bool busy);

Q_SIGNALS:
    void openRequested(const QString& databasePath);

private:
    void browse();

    QString m_defaultPath;
    QRadioButton* m_default = nullptr;
    QRadioButton* m_other = nullptr;
    QRadioButton* m_remote = nullptr;
    QLineEdit* m_otherPath = nullptr;
    QPushButton* m_browse = nullptr;
    QPushButton* m_open = nullptr;
    QLabel* m_current = nullptr;
};

} // namespace gatehouse::ui
