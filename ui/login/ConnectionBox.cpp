#include "login/ConnectionBox.h"

#include "common/ErrorText.h"
#include "login/ProfileFile.h"
#include "login/RemoteFields.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QtConcurrent/QtConcurrentRun>

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

    m_remote = new QRadioButton(tr("Remote &API server"), this);
    m_remote->setObjectName(QStringLiteral("remoteRadioButton"));
    m_remoteFields = new RemoteFields(this);
    connect(m_remoteFields, &RemoteFields::edited, this, [this] { m_remote->setChecked(true); });
    connect(m_remoteFields, &RemoteFields::certificateAccepted, this, &ConnectionBox::certificateAccepted);
    connect(m_remoteFields, &RemoteFields::profileFileChosen, this, &ConnectionBox::loadProfileFile);
    for (QRadioButton* radio : {m_default, m_other, m_remote})
        connect(radio, &QRadioButton::toggled, this, &ConnectionBox::updateEnabled);

    m_open = new QPushButton(tr("&Connect"), this);
    m_open->setObjectName(QStringLiteral("openDatabasePushButton"));
    connect(m_open, &QPushButton::clicked, this, [this] {
        const ConnectionChoice c = choice();
        if (!c.isRemote()) {
            Q_EMIT openRequested(c.databasePath);
            return;
        }
        if (c.baseUrl.isEmpty()) {
            Q_EMIT invalid(tr("Enter the server's base URL, for example http://127.0.0.1:5000."));
            return;
        }
        Q_EMIT remoteRequested(c);
    });
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
    grid->addWidget(m_remote, 3, 0, 1, 3);
    grid->addWidget(m_remoteFields, 4, 0, 1, 3);
    grid->addWidget(m_current, 5, 0, 1, 2);
    grid->addWidget(m_open, 5, 2);
    grid->setColumnStretch(1, 1);
    updateEnabled();
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

void ConnectionBox::setChoice(const ConnectionChoice& choice)
{
    if (choice.isRemote()) {
        if (!choice.databasePath.isEmpty() && choice.databasePath != m_defaultPath)
            m_otherPath->setText(choice.databasePath);
        m_remoteFields->setChoice(choice);
        m_remote->setChecked(true);
    } else {
        setDatabasePath(choice.databasePath);
    }
}

ConnectionChoice ConnectionBox::choice() const
{
    ConnectionChoice c;
    if (m_remote->isChecked()) {
        c.kind = ConnectionChoice::Kind::Remote;
        m_remoteFields->fillChoice(c);
        return c;
    }
    c.databasePath = selectedDatabasePath();
    c.kind = c.databasePath == m_defaultPath ? ConnectionChoice::Kind::LocalDefault : ConnectionChoice::Kind::LocalFile;
    return c;
}

void ConnectionBox::setCurrentDescription(const QString& description)
{
    m_current->setText(description);
}

void ConnectionBox::setBusy(bool busy)
{
    m_busy = busy;
    m_open->setEnabled(!busy);
    updateEnabled();
}

void ConnectionBox::updateEnabled()
{
    m_otherPath->setEnabled(!m_busy);
    m_browse->setEnabled(!m_busy);
    m_remoteFields->setBusy(m_busy || !m_remote->isChecked());
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

void ConnectionBox::loadProfileFile(const QString& path)
{
    // File I/O off the GUI thread (the file may sit on a slow mount).
    QtConcurrent::run([path] {
        return readProfileFile(path);
    }).then(this, [this, path](core::Result<core::remote::ApiProfile> profile) {
        if (!profile) {
            Q_EMIT invalid(tr("This profile cannot be used: %1").arg(errorText(profile.error())));
            return;
        }
        m_remoteFields->addProfileFile(profile.value().name, path);
        m_remote->setChecked(true);
    });
}

} // namespace gatehouse::ui
