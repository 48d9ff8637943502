#include "login/RemoteFields.h"

#include "remote/ApiProfile.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::ui {

namespace {
constexpr int kProfileNameRole = Qt::UserRole + 1; // a file profile's own name (the item shows "name (file)")
} // namespace

RemoteFields::RemoteFields(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("remoteFieldsWidget"));

    auto* profileLabel = new QLabel(tr("API &profile:"), this);
    profileLabel->setObjectName(QStringLiteral("remoteProfileLabel"));
    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("remoteProfileComboBox"));
    m_profile->setAccessibleName(tr("API profile"));
    for (const core::remote::ApiProfile& p : core::remote::ApiProfile::builtins())
        m_profile->addItem(p.name, QString());
    profileLabel->setBuddy(m_profile);
    // The fullest profile first: the one the reference server speaks.
    if (const int rest = m_profile->findText(QStringLiteral("Gatehouse REST")); rest >= 0)
        m_profile->setCurrentIndex(rest);
    m_loadProfile = new QPushButton(tr("Load profile &file…"), this);
    m_loadProfile->setObjectName(QStringLiteral("loadProfilePushButton"));
    m_loadProfile->setToolTip(tr("A JSON file describing another Flask app's paths and field names."));
    connect(m_loadProfile, &QPushButton::clicked, this, &RemoteFields::chooseProfileFile);

    auto* urlLabel = new QLabel(tr("Base &URL:"), this);
    urlLabel->setObjectName(QStringLiteral("remoteUrlLabel"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("remoteUrlLineEdit"));
    m_url->setAccessibleName(tr("Base URL"));
    m_url->setPlaceholderText(tr("https://127.0.0.1:5000"));
    urlLabel->setBuddy(m_url);

    m_certificate = new QFrame(this);
    m_certificate->setObjectName(QStringLiteral("certificateFrame"));
    m_certificate->setFrameShape(QFrame::StyledPanel);
    m_certificateText = new QLabel(m_certificate);
    m_certificateText->setObjectName(QStringLiteral("certificateTextLabel"));
    m_certificateText->setWordWrap(true);
    m_certificateText->setTextFormat(Qt::PlainText);
    m_fingerprint = new QLabel(m_certificate);
    m_fingerprint->setObjectName(QStringLiteral("certificateFingerprintLabel"));
    m_fingerprint->setAccessibleName(tr("Certificate SHA-256 fingerprint"));
    m_fingerprint->setTextFormat(Qt::PlainText);
    m_fingerprint->setWordWrap(true);
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_trust = new QPushButton(tr("&Trust this certificate"), m_certificate);
    m_trust->setObjectName(QStringLiteral("trustCertificatePushButton"));
    m_trust->setToolTip(tr("Pins this exact certificate for this server. Verification stays on."));
    connect(m_trust, &QPushButton::clicked, this, [this] {
        if (m_offered.isEmpty())
            return;
        m_pinned = m_offered;
        m_offered.clear();
        updateCertificateRow();
        Q_EMIT certificateAccepted(m_pinned);
    });
    m_forget = new QPushButton(tr("Forg&et certificate"), m_certificate);
    m_forget->setObjectName(QStringLiteral("forgetCertificatePushButton"));
    connect(m_forget, &QPushButton::clicked, this, [this] {
        m_pinned.clear();
        updateCertificateRow();
        Q_EMIT certificateAccepted(QString());
    });
    auto* certButtons = new QHBoxLayout;
    certButtons->addStretch(1);
    certButtons->addWidget(m_forget);
    certButtons->addWidget(m_trust);
    auto* certLayout = new QVBoxLayout(m_certificate);
    certLayout->addWidget(m_certificateText);
    certLayout->addWidget(m_fingerprint);
    certLayout->addLayout(certButtons);

    connect(m_profile, &QComboBox::activated, this, &RemoteFields::edited);
    connect(m_url, &QLineEdit::textEdited, this, [this] {
        // Another server: a fingerprint accepted for the old URL does not carry over.
        m_offered.clear();
        m_pinned.clear();
        updateCertificateRow();
        Q_EMIT edited();
    });

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(20, 0, 0, 0);
    grid->addWidget(profileLabel, 0, 0);
    grid->addWidget(m_profile, 0, 1);
    grid->addWidget(m_loadProfile, 0, 2);
    grid->addWidget(urlLabel, 1, 0);
    grid->addWidget(m_url, 1, 1, 1, 2);
    grid->addWidget(m_certificate, 2, 0, 1, 3);
    grid->setColumnStretch(1, 1);
    updateCertificateRow();
}

void RemoteFields::fillChoice(ConnectionChoice& choice) const
{
    choice.profileFile = m_profile->currentData().toString();
    choice.profileName =
        choice.profileFile.isEmpty() ? m_profile->currentText() : m_profile->currentData(kProfileNameRole).toString();
    choice.baseUrl = m_url->text().trimmed();
    choice.pinnedFingerprint = m_pinned;
}

void RemoteFields::setChoice(const ConnectionChoice& choice)
{
    if (!choice.profileFile.isEmpty()) {
        addProfileFile(choice.profileName, choice.profileFile);
    } else {
        const int index = m_profile->findText(choice.profileName);
        if (index >= 0)
            m_profile->setCurrentIndex(index);
    }
    m_url->setText(choice.baseUrl);
    m_offered.clear();
    m_pinned = choice.pinnedFingerprint;
    updateCertificateRow();
}

void RemoteFields::addProfileFile(const QString& name, const QString& path)
{
    int index = m_profile->findData(path);
    if (index < 0) {
        m_profile->addItem(name.isEmpty() ? path : tr("%1 (file)").arg(name), path);
        index = m_profile->count() - 1;
        m_profile->setItemData(index, name, kProfileNameRole);
    }
    m_profile->setCurrentIndex(index);
}

void RemoteFields::showUntrustedCertificate(const QString& fingerprint)
{
    m_offered = fingerprint;
    updateCertificateRow();
    m_trust->setFocus();
}

void RemoteFields::setPinnedFingerprint(const QString& fingerprint)
{
    m_pinned = fingerprint;
    m_offered.clear();
    updateCertificateRow();
}

void RemoteFields::setBusy(bool busy)
{
    m_profile->setEnabled(!busy);
    m_loadProfile->setEnabled(!busy);
    m_url->setEnabled(!busy);
    m_trust->setEnabled(!busy);
}

void RemoteFields::updateCertificateRow()
{
    if (!m_offered.isEmpty()) {
        m_certificateText->setText(
            tr("The system does not trust this server's certificate (a self-signed development server?). "
               "Compare its SHA-256 fingerprint with the one the server printed before you trust it:"));
        m_fingerprint->setText(m_offered);
        m_trust->show();
        m_forget->hide();
        m_certificate->show();
    } else if (!m_pinned.isEmpty()) {
        m_certificateText->setText(tr("Trusted certificate for this server (SHA-256):"));
        m_fingerprint->setText(m_pinned);
        m_trust->hide();
        m_forget->show();
        m_certificate->show();
    } else {
        m_certificate->hide();
    }
}

void RemoteFields::chooseProfileFile()
{
    auto* dialog =
        new QFileDialog(this, tr("Load an API profile"), QString(), tr("JSON profiles (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("loadProfileFileDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &RemoteFields::profileFileChosen);
    dialog->open();
}

} // namespace gatehouse::ui
