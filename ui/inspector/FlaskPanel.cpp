#include "inspector/FlaskPanel.h"

#include "common/Clock.h"
#include "common/Icons.h"
#include "flask/FlaskSession.h"
#include "inspector/FlaskEditor.h"
#include "inspector/InspectorColours.h"
#include "inspector/JsonTree.h"
#include "inspector/SecretSearchBox.h"
#include "jwt/ClaimCatalog.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using namespace gatehouse::core;

FlaskPanel::FlaskPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("flaskPanel"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("flaskSummaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("flaskJsonTreeWidget"));
    m_tree->setAccessibleName(tr("Session contents"));
    m_tree->setHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);

    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("flaskSecretLineEdit"));
    m_secret->setAccessibleName(tr("Flask SECRET_KEY"));
    m_secret->setPlaceholderText(tr("SECRET_KEY"));
    m_secret->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_verify = new QPushButton(tr("&Verify"), this);
    m_verify->setIcon(actionIcon("verify"));
    m_verify->setObjectName(QStringLiteral("flaskVerifyPushButton"));
    connect(m_verify, &QPushButton::clicked, this, &FlaskPanel::verify);
    connect(m_secret, &QLineEdit::returnPressed, this, &FlaskPanel::verify);
    m_verifyResult = new QLabel(this);
    m_verifyResult->setObjectName(QStringLiteral("flaskVerifyResultLabel"));
    m_verifyResult->setTextFormat(Qt::PlainText);
    m_verifyResult->setWordWrap(true);
    QFont bold = m_verifyResult->font();
    bold.setBold(true);
    m_verifyResult->setFont(bold);
    auto* verifyBox = new QGroupBox(tr("Verify with the app's SECRET_KEY"), this);
    auto* row = new QHBoxLayout;
    row->addWidget(m_secret, 1);
    row->addWidget(m_verify);
    auto* verifyLayout = new QVBoxLayout(verifyBox);
    verifyLayout->addLayout(row);
    verifyLayout->addWidget(m_verifyResult);

    m_search = new SecretSearchBox(this);
    connect(m_search, &SecretSearchBox::secretFound, this, [this](const QByteArray& secret) {
        m_secret->setText(QString::fromUtf8(secret));
        verify();
    });

    auto* decoded = new QWidget(this);
    auto* decodedLayout = new QVBoxLayout(decoded);
    decodedLayout->addWidget(m_tree, 1);
    decodedLayout->addWidget(verifyBox);
    decodedLayout->addWidget(m_search);
    m_editor = new FlaskEditor(this);
    connect(m_editor, &FlaskEditor::inspectRequested, this, &FlaskPanel::inspectRequested);
    auto* editorPage = new QWidget(this);
    auto* editorLayout = new QVBoxLayout(editorPage);
    editorLayout->addWidget(m_editor);
    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("flaskPanelTabWidget"));
    tabs->setAccessibleName(tr("Decoded session, or edit and re-sign"));
    tabs->addTab(decoded, tr("Deco&ded and verification"));
    tabs->addTab(editorPage, tr("Edit and re-si&gn"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(tabs, 1);
}

bool FlaskPanel::setCookie(const QByteArray& text)
{
    auto session = flask::FlaskSession::decode(text.trimmed());
    if (!session)
        return false;
    m_cookie = text.trimmed();
    const qint64 now = SystemClock::instance().nowSeconds();
    m_summary->setText(tr("Flask session cookie%1, signed %2. The contents are only signed, not encrypted: "
                          "anyone holding the cookie can read them.")
                           .arg(session.value().compressed ? tr(" (zlib-compressed)") : QString(),
                                jwt::claims::describeTime(double(session.value().timestamp), now)));
    m_tree->clear();
    addJsonToTree(m_tree, nullptr, tr("session"), session.value().value);
    m_editor->load(QString::fromUtf8(
        QJsonDocument::fromVariant(session.value().value.toVariant()).toJson(QJsonDocument::Indented)));
    m_verifyResult->clear();
    m_search->setTarget(m_cookie);
    return true;
}

void FlaskPanel::verify()
{
    const QByteArray secret = m_secret->text().toUtf8();
    if (secret.isEmpty()) {
        m_verifyResult->setText(tr("Enter the SECRET_KEY first."));
        return;
    }
    auto r = flask::verifyFlaskSession(m_cookie, secret);
    m_verifyResult->setText(r ? tr("Signature valid: this server's SECRET_KEY signed the cookie.")
                              : tr("Not verified: %1").arg(r.error().message));
    setTextColour(m_verifyResult, r ? InspectorColour::Good : InspectorColour::Bad);
}

} // namespace gatehouse::ui
