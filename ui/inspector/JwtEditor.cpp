#include "inspector/JwtEditor.h"

#include "common/Icons.h"
#include "inspector/JsonEdit.h"
#include "jwt/JwtAlgorithm.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <openssl/crypto.h>

namespace gatehouse::ui {

using namespace gatehouse::core;
using jwt::Algorithm;
using jwt::KeyKind;

namespace {

QString indented(const QByteArray& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    return doc.isObject() ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented)) : QString::fromUtf8(json);
}

Result<jwt::JwtKey> loadKey(const QByteArray& text, JwtEditor::KeyType type, const QString& kid)
{
    switch (type) {
    case JwtEditor::KeyType::SecretText:
        return jwt::JwtKey::fromHmacSecret(text, jwt::JwtKey::SecretEncoding::Utf8);
    case JwtEditor::KeyType::SecretBase64Url:
        return jwt::JwtKey::fromHmacSecret(text.trimmed(), jwt::JwtKey::SecretEncoding::Base64Url);
    case JwtEditor::KeyType::Pem:
        return jwt::JwtKey::fromPem(text);
    case JwtEditor::KeyType::Jwk: {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (!doc.isObject())
            return Error::make(QStringLiteral("key.json.invalid"), QStringLiteral("The JWK is not a JSON object."));
        const QJsonObject o = doc.object();
        return o.contains(QStringLiteral("keys")) ? jwt::JwtKey::fromJwks(o, kid) : jwt::JwtKey::fromJwk(o);
    }
    }
    return Error::make(QStringLiteral("key.unsupported"), QStringLiteral("Unknown key type."));
}

} // namespace

JwtEditor::JwtEditor(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("jwtEditor"));
    m_header = new JsonEdit(QStringLiteral("jwtEditHeader"), QStringLiteral("header"), tr("Header JSON"), this);
    m_payload = new JsonEdit(QStringLiteral("jwtEditPayload"), QStringLiteral("payload"), tr("Payload JSON"), this);
    m_header->setText(QStringLiteral("{\n    \"alg\": \"HS256\",\n    \"typ\": \"JWT\"\n}\n"));
    m_payload->setText(QStringLiteral("{\n}\n"));

    m_algorithm = new QComboBox(this);
    m_algorithm->setObjectName(QStringLiteral("jwtSignAlgorithmComboBox"));
    m_algorithm->setAccessibleName(tr("Signing algorithm"));
    for (Algorithm a : jwt::allSigningAlgorithms())
        m_algorithm->addItem(jwt::algorithmName(a), int(a));
    m_keyType = new QComboBox(this);
    m_keyType->setObjectName(QStringLiteral("jwtSignKeyTypeComboBox"));
    m_keyType->setAccessibleName(tr("Key type"));
    m_keyType->addItem(tr("HMAC secret (text)"), int(KeyType::SecretText));
    m_keyType->addItem(tr("HMAC secret (base64url)"), int(KeyType::SecretBase64Url));
    m_keyType->addItem(tr("PEM private key"), int(KeyType::Pem));
    m_keyType->addItem(tr("JWK or JWKS"), int(KeyType::Jwk));
    m_key = new QPlainTextEdit(this);
    m_key->setObjectName(QStringLiteral("jwtSignKeyPlainTextEdit"));
    m_key->setAccessibleName(tr("Signing key"));
    m_key->setPlaceholderText(tr("The HMAC secret, a PEM private key or a private JWK"));
    m_key->setTabChangesFocus(true);
    m_key->setMaximumHeight(60);
    m_agreement = new QLabel(this);
    m_agreement->setObjectName(QStringLiteral("jwtSignAgreementLabel"));
    m_agreement->setTextFormat(Qt::PlainText);
    m_agreement->setWordWrap(true);
    m_sign = new QPushButton(tr("Re-sig&n"), this);
    m_sign->setIcon(actionIcon("sign"));
    m_sign->setObjectName(QStringLiteral("jwtSignPushButton"));
    m_sign->setAccessibleName(tr("Sign the edited token"));
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("jwtSignedTokenPlainTextEdit"));
    m_output->setAccessibleName(tr("The new token"));
    m_output->setReadOnly(true);
    m_output->setMaximumHeight(60);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_inspect = new QPushButton(tr("Open in the inspe&ctor"), this);
    m_inspect->setIcon(actionIcon("inspect"));
    m_inspect->setObjectName(QStringLiteral("jwtInspectSignedPushButton"));
    m_inspect->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("jwtSignStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    connect(m_algorithm, &QComboBox::currentIndexChanged, this, &JwtEditor::algorithmChosen);
    connect(m_keyType, &QComboBox::currentIndexChanged, this, &JwtEditor::updateState);
    connect(m_key, &QPlainTextEdit::textChanged, this, &JwtEditor::updateState);
    connect(m_header, &JsonEdit::validated, this, &JwtEditor::headerEdited);
    connect(m_payload, &JsonEdit::validated, this, &JwtEditor::updateState);
    connect(m_sign, &QPushButton::clicked, this, &JwtEditor::sign);
    connect(m_inspect, &QPushButton::clicked, this, [this] { Q_EMIT inspectRequested(m_token); });

    auto* headerLabel = new QLabel(tr("&Header:"), this);
    headerLabel->setBuddy(m_header->editor());
    auto* payloadLabel = new QLabel(tr("Pa&yload:"), this);
    payloadLabel->setBuddy(m_payload->editor());
    auto* json = new QWidget(this);
    auto* jsonLayout = new QVBoxLayout(json);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    jsonLayout->addWidget(headerLabel);
    jsonLayout->addWidget(m_header, 1);
    jsonLayout->addWidget(payloadLabel);
    jsonLayout->addWidget(m_payload, 2);

    auto* keyBox = new QGroupBox(tr("Sign"), this);
    auto* form = new QFormLayout;
    auto* algLabel = new QLabel(tr("&Algorithm:"), keyBox);
    algLabel->setBuddy(m_algorithm);
    form->addRow(algLabel, m_algorithm);
    auto* typeLabel = new QLabel(tr("&Key type:"), keyBox);
    typeLabel->setBuddy(m_keyType);
    form->addRow(typeLabel, m_keyType);
    auto* keyLabel = new QLabel(tr("Key &material:"), keyBox);
    keyLabel->setBuddy(m_key);
    form->addRow(keyLabel, m_key);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_agreement, 1);
    buttons->addWidget(m_sign);
    auto* keyLayout = new QVBoxLayout(keyBox);
    keyLayout->addLayout(form);
    keyLayout->addLayout(buttons);
    keyLayout->addWidget(m_output);
    auto* outRow = new QHBoxLayout;
    outRow->addWidget(m_status, 1);
    outRow->addWidget(m_inspect);
    keyLayout->addLayout(outRow);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(json, 1);
    layout->addWidget(keyBox);
    setTabOrder(m_header->editor(), m_payload->editor());
    setTabOrder(m_payload->editor(), m_algorithm);
    setTabOrder(m_algorithm, m_keyType);
    setTabOrder(m_keyType, m_key);
    setTabOrder(m_key, m_sign);
    setTabOrder(m_sign, m_output);
    setTabOrder(m_output, m_inspect);
    headerEdited();
}

void JwtEditor::load(const QByteArray& headerJson, const QByteArray& payloadJson)
{
    m_header->setText(indented(headerJson));
    m_payload->setText(indented(payloadJson));
    m_output->clear();
    m_status->clear();
    m_token.clear();
    m_inspect->setEnabled(false);
    headerEdited();
}

JwtEditor::KeyType JwtEditor::keyType() const
{
    return static_cast<KeyType>(m_keyType->currentData().toInt());
}

void JwtEditor::algorithmChosen()
{
    if (m_syncing)
        return;
    const QString chosen = m_algorithm->currentText();
    // Validating re-reads the header; it must not move the box back to the header's old alg.
    m_syncing = true;
    m_header->validate();
    if (m_header->isValidObject()) {
        // The header says what the chosen algorithm is: write it there.
        QJsonObject header = m_header->document().toJsonObject();
        header.insert(QStringLiteral("alg"), chosen);
        m_header->setText(QString::fromUtf8(QJsonDocument(header).toJson(QJsonDocument::Indented)));
    }
    m_syncing = false;
    updateState();
}

void JwtEditor::headerEdited()
{
    if (!m_syncing && m_header->isValidObject()) {
        const auto alg =
            jwt::algorithmFromName(m_header->document().toJsonObject().value(QStringLiteral("alg")).toString());
        const int index = alg ? m_algorithm->findData(int(*alg)) : -1;
        if (index >= 0 && index != m_algorithm->currentIndex()) {
            m_syncing = true;
            m_algorithm->setCurrentIndex(index);
            m_syncing = false;
        }
    }
    updateState();
}

QString JwtEditor::blocker() const
{
    if (!m_header->isValidObject())
        return tr("Header: %1").arg(m_header->problem());
    if (!m_payload->isValidObject())
        return tr("Payload: %1").arg(m_payload->problem());
    const QJsonValue algValue = m_header->document().toJsonObject().value(QStringLiteral("alg"));
    const auto alg = jwt::algorithmFromName(algValue.toString());
    if (!algValue.isString() || !alg || *alg == Algorithm::None)
        return tr("The header's \"alg\" must name a signing algorithm; choose one above.");
    if (algValue.toString() != m_algorithm->currentText())
        return tr("The header's \"alg\" (%1) differs from the chosen algorithm.").arg(algValue.toString());
    const bool hmac = jwt::keyKindFor(*alg) == KeyKind::Hmac;
    const KeyType type = keyType();
    if (hmac && type == KeyType::Pem)
        return tr("%1 signs with a shared secret, not a PEM key: the algorithm must match the key type "
                  "(RFC 8725 §3.1). Choose an RS, PS, ES or EdDSA algorithm for a PEM key.")
            .arg(jwt::algorithmName(*alg));
    if (!hmac && (type == KeyType::SecretText || type == KeyType::SecretBase64Url))
        return tr("%1 signs with a private key (PEM or JWK), not an HMAC secret (RFC 8725 §3.1).")
            .arg(jwt::algorithmName(*alg));
    if (m_key->toPlainText().isEmpty())
        return tr("Enter the key to sign with.");
    return {};
}

void JwtEditor::updateState()
{
    const QString why = blocker();
    m_agreement->setText(why);
    m_agreement->setVisible(!why.isEmpty());
    m_sign->setEnabled(why.isEmpty() && !m_signing);
}

void JwtEditor::sign()
{
    m_header->validate();
    m_payload->validate();
    if (const QString why = blocker(); !why.isEmpty()) {
        m_status->setText(tr("Not signed: %1").arg(why));
        Q_EMIT signFailed(why);
        return;
    }
    const QJsonObject header = m_header->document().toJsonObject();
    const QJsonObject payload = m_payload->document().toJsonObject();
    const auto alg = *jwt::algorithmFromName(header.value(QStringLiteral("alg")).toString());
    const QString kid = header.value(QStringLiteral("kid")).toString();
    m_signing = true;
    updateState();
    m_status->setText(tr("Signing\u2026"));
    auto work = QtConcurrent::run([header, payload, alg, kid, type = keyType(),
                                   keyText = m_key->toPlainText().toUtf8()]() mutable -> Result<QByteArray> {
        auto key = loadKey(keyText, type, kid);
        OPENSSL_cleanse(keyText.data(), size_t(keyText.size()));
        if (!key)
            return key.error();
        if (jwt::keyKindFor(alg) != key.value().kind() || !key.value().compatibleAlgorithms().contains(alg))
            return Error::make(QStringLiteral("jwt.alg_key_mismatch"),
                               QStringLiteral("%1 cannot be used with this key (%2).")
                                   .arg(jwt::algorithmName(alg), key.value().describe()));
        if (!key.value().hasPrivate())
            return Error::make(QStringLiteral("key.public_only"),
                               QStringLiteral("This is a public key (%1); signing needs the private key.")
                                   .arg(key.value().describe()));
        return jwt::JwtEncoder::encode(header, payload, key.value());
    });
    work.then(this, [this, alg](Result<QByteArray> r) {
        m_signing = false;
        updateState();
        if (!r) {
            m_status->setText(tr("Not signed: %1").arg(r.error().message));
            Q_EMIT signFailed(r.error().message);
            return;
        }
        m_token = r.value();
        m_output->setPlainText(QString::fromLatin1(m_token));
        m_inspect->setEnabled(true);
        m_status->setText(tr("Signed with %1.").arg(jwt::algorithmName(alg)));
        Q_EMIT signedTokenReady(m_token);
    });
}

} // namespace gatehouse::ui
