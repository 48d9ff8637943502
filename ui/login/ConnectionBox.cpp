#include "login/ConnectionBox.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>

namespace gatehouse::ui {

ConnectionBox::ConnectionBox(const QString& defaultDatabasePath, QWidget* parent)
    : QGroupBox(tr("Connection"), parent), m_defaultPath(defaultDatabasePath)
{
    setObjectName(QStringLiteral("connectionGroupBox"));

    m_default = new QRadioButton(tr("&Local database (default)"), this);
    m_default->setObjectName(QStringLiteral("defaultDatabaseRadioButton"));
    m_default->setChecked(true);
    auto* defaultPath = new QLabel(defaultDatabasePath, this);
    defaultPath->setObjectName(QStringLiteral("defaultDatabasePathLabel"));
    defaultPath->setTextFormat(Qt::PlainText);
    defaultPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    defaultPath->setEnabled(false);

    m_other = new QRadioButton(tr("Another database &file:"), this);
    m_other->setObjectName(QStringLiteral("otherDatabaseRadioButton"));
    m_otherPath = new QLineEdit(this);
    m_otherPath->setObjectName(QStringLiteral("otherDatabaseLineEdit"));
    m_otherPath->setAccessibleName(tr("Database file"));
    m_otherPath->setPlaceholderText(tr("/path/to/app.db"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(QStringLiteral("browseDatabasePushButton"));
    connect(m_browse, &QPushButton::clicked, this, &ConnectionBox::browse);
    connect(m_otherPath, &QLineEdit::textEdited, this, [this] { m_other->setChecked(true); });

    m_remote = new QRadioButton(tr("Remote API"), this);
    m_remote->setObjectName(QStringLiteral("remoteRadioButton"));
    m_remote->setEnabled(false);
    auto* remoteNote = new QLabel(tr("Not available in this build yet: remote profiles (URL, certificate "
                                     "fingerprint) arrive with the remote back end."),
                                  this);
    remoteNote->setObjectName(QStringLiteral("remoteNoteLabel"));
    remoteNote->setWordWrap(true);
    remoteNote->setEnabled(false);

    m_open = new QPushButton(tr("&Open"), this);
    m_open->setObjectName(QStringLiteral("openDatabasePushButton"));
    connect(m_open, &QPushButton::clicked, this, [this] { Q_EMIT openRequested(selectedDatabasePath()); });
    m_current = new QLabel(this);
    m_current->setObjectName(QStringLiteral("currentConnectionLabel"));
    m_current->setTextFormat(Qt::PlainText);
    m_current->setWordWrap(true);

    auto* grid = new QGridLayout(this);
    grid->addWidget(m_default, 0, 0, 1, 3);
    grid->addWidget(defaultPath, 1, 0, 1, 3);
    grid->addWidget(m_other, 2, 0);
    grid->addWidget(m_otherPath, 2, 1);
    grid->addWidget(m_browse, 2, 2);
    grid->addWidget(m_remote, 3, 0);
    grid->addWidget(remoteNote, 3, 1, 1, 2);
    grid->addWidget(m_current, 4, 0, 1, 2);
    grid->addWidget(m_open, 4, 2);
    grid->setColumnStretch(1, 1);
}

void ConnectionBox::setDatabasePath(const QString& path)
{
    if (path.isEmpty() || path == m_defaultPath) {
        m_default->setChecked(true);
    } else {
        m_other->setChecked(true);
        m_otherPath->setText(path);
    }
}

QString ConnectionBox::selectedDatabasePath() const
{
    if (m_other->isChecked() && !m_otherPath->text().trimmed().isEmpty())
        return m_otherPath->text().trimmed();
    return m_defaultPath;
}

void ConnectionBox::setCurrentDescription(const QString& description)
{
    m_current->setText(description);
}

void ConnectionBox::setBusy(bool busy)
{
    m_open->setEnabled(!busy);
    m_browse->setEnabled(!busy);
}

void ConnectionBox::browse()
{
    // The non-blocking form: open() plus a signal, no nested exec().
    auto* dialog = new QFileDialog(this, tr("Open a database"), QString(),
                                   tr("SQLite databases (*.sqlite *.db *.sqlite3);;All files (*)"));
    dialog->setObjectName(QStringLiteral("openDatabaseFileDialog"));
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& file) {
        setDatabasePath(file);
        Q_EMIT openRequested(file);
    });
    dialog->open();
}

} // namespace gatehouse::ui
