#include "inspector/FlaskEditor.h"

#include "common/Icons.h"
#include "flask/FlaskSession.h"
#include "inspector/JsonEdit.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <openssl/crypto.h>

namespace gatehouse::ui {

using namespace gatehouse::core;

FlaskEditor::FlaskEditor(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("flaskEditor"));
    m_payload = new JsonEdit(QStringLiteral("flaskEditPayload"), QStringLiteral("session"), tr("Session JSON"), this);
    m_payload->setText(QStringLiteral("{\n}\n"));
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("flaskSignSecretLineEdit"));
    m_secret->setAccessibleName(tr("SECRET_KEY to sign with"));
    m_secret->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_secret->setPlaceholderText(tr("SECRET_KEY"));
    m_salt = new QLineEdit(QStringLiteral("cookie-session"), this);
    m_salt->setObjectName(QStringLiteral("flaskSignSaltLineEdit"));
    m_salt->setAccessibleName(tr("Salt"));
    m_compress = new QCheckBox(tr("Co&mpress when shorter (as Flask does)"), this);
    m_compress->setObjectName(QStringLiteral("flaskSignCompressCheckBox"));
    m_compress->setChecked(true);
    m_sign = new QPushButton(tr("Re-sig&n"), this);
    m_sign->setIcon(actionIcon("sign"));
    m_sign->setObjectName(QStringLiteral("flaskSignPushButton"));
    m_sign->setAccessibleName(tr("Sign the edited session"));
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("flaskSignedCookiePlainTextEdit"));
    m_output->setAccessibleName(tr("The new session cookie"));
    m_output->setReadOnly(true);
    m_output->setMaximumHeight(70);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_inspect = new QPushButton(tr("Open in the inspe&ctor"), this);
    m_inspect->setIcon(actionIcon("inspect"));
    m_inspect->setObjectName(QStringLiteral("flaskInspectSignedPushButton"));
    m_inspect->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("flaskSignStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    connect(m_payload, &JsonEdit::validated, this, &FlaskEditor::updateState);
    connect(m_secret, &QLineEdit::textChanged, this, &FlaskEditor::updateState);
    connect(m_sign, &QPushButton::clicked, this, &FlaskEditor::sign);
    connect(m_inspect, &QPushButton::clicked, this, [this] { Q_EMIT inspectRequested(m_cookie); });

    auto* payloadLabel = new QLabel(tr("Session &JSON (typed):"), this);
    payloadLabel->setBuddy(m_payload->editor());
    auto* box = new QGroupBox(tr("Sign"), this);
    auto* form = new QFormLayout;
    auto* secretLabel = new QLabel(tr("SECRET_&KEY:"), box);
    secretLabel->setBuddy(m_secret);
    form->addRow(secretLabel, m_secret);
    auto* saltLabel = new QLabel(tr("S&alt:"), box);
    saltLabel->setBuddy(m_salt);
    form->addRow(saltLabel, m_salt);
    form->addRow(QString(), m_compress);
    auto* row = new QHBoxLayout;
    row->addWidget(m_status, 1);
    row->addWidget(m_sign);
    row->addWidget(m_inspect);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->addLayout(form);
    boxLayout->addLayout(row);
    boxLayout->addWidget(m_output);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(payloadLabel);
    layout->addWidget(m_payload, 1);
    layout->addWidget(box);
    updateState();
}

void FlaskEditor::load(const QString& typedJson)
{
    m_payload->setText(typedJson);
    m_output->clear();
    m_status->clear();
    m_cookie.clear();
    m_inspect->setEnabled(false);
}

void FlaskEditor::updateState()
{
    m_sign->setEnabled(!m_signing && m_payload->isValidObject() && !m_secret->text().isEmpty());
}

void FlaskEditor::sign()
{
    m_payload->validate();
    if (!m_payload->isValidObject() || m_secret->text().isEmpty()) {
        const QString why = m_payload->isValidObject() ? tr("Enter the SECRET_KEY first.") : m_payload->problem();
        m_status->setText(tr("Not signed: %1").arg(why));
        Q_EMIT signFailed(why);
        return;
    }
    m_signing = true;
    updateState();
    flask::FlaskSignOptions options;
    options.salt = m_salt->text().toUtf8();
    options.allowCompression = m_compress->isChecked();
    auto work = QtConcurrent::run([value = m_payload->document().toJsonValue(), options,
                                   secret = m_secret->text().toUtf8()]() mutable -> Result<QByteArray> {
        auto r = flask::signFlaskSession(value, secret, options);
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
        return r;
    });
    work.then(this, [this](Result<QByteArray> r) {
        m_signing = false;
        updateState();
        if (!r) {
            m_status->setText(tr("Not signed: %1").arg(r.error().message));
            Q_EMIT signFailed(r.error().message);
            return;
        }
        m_cookie = r.value();
        m_output->setPlainText(QString::fromLatin1(m_cookie));
        m_inspect->setEnabled(true);
        m_status->setText(tr("Signed."));
        Q_EMIT signedCookieReady(m_cookie);
    });
}

} // namespace gatehouse::ui
