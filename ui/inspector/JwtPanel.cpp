#include "inspector/JwtPanel.h"

#include "common/Clock.h"
#include "common/Icons.h"
#include "inspector/InspectorColours.h"
#include "inspector/JsonTree.h"
#include "inspector/JwtEditor.h"
#include "inspector/SecretSearchBox.h"
#include "inspector/TimelineBar.h"
#include "jwt/ClaimCatalog.h"
#include "jwt/JwtAlgorithm.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtLinter.h"
#include "jwt/JwtToken.h"
#include "jwt/JwtVerifier.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using namespace gatehouse::core;
using jwt::JwtFinding;

namespace {

QColor severityColour(JwtFinding::Severity s, const QPalette& palette)
{
    switch (s) {
    case JwtFinding::Severity::Critical:
        return inspectorColour(InspectorColour::Critical, palette);
    case JwtFinding::Severity::High:
        return inspectorColour(InspectorColour::High, palette);
    case JwtFinding::Severity::Medium:
        return inspectorColour(InspectorColour::Medium, palette);
    case JwtFinding::Severity::Low:
        return inspectorColour(InspectorColour::Low, palette);
    case JwtFinding::Severity::Info:
        break;
    }
    return inspectorColour(InspectorColour::Neutral, palette);
}

QString jsonScalar(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d, 'g', 17);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull())
        return QStringLiteral("null");
    return QString::fromUtf8(QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact));
}

} // namespace

JwtPanel::JwtPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("jwtPanel"));

    m_parts = new QTextEdit(this);
    m_parts->setObjectName(QStringLiteral("tokenPartsTextEdit"));
    m_parts->setAccessibleName(tr("Token parts: header red, payload purple, signature blue"));
    m_parts->setReadOnly(true);
    m_parts->setAcceptRichText(false);
    m_parts->setMaximumHeight(110);
    m_errors = new QLabel(this);
    m_errors->setObjectName(QStringLiteral("tokenErrorsLabel"));
    m_errors->setTextFormat(Qt::PlainText);
    m_errors->setWordWrap(true);
    setTextColour(m_errors, InspectorColour::Bad);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("jwtJsonTreeWidget"));
    m_tree->setAccessibleName(tr("Header and payload"));
    m_tree->setHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);

    m_claims = new QTableWidget(0, 4, this);
    m_claims->setObjectName(QStringLiteral("claimsTableWidget"));
    m_claims->setAccessibleName(tr("Claims"));
    m_claims->setHorizontalHeaderLabels({tr("Claim"), tr("Value"), tr("Meaning"), tr("When")});
    m_claims->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_claims->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_claims->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_claims->verticalHeader()->hide();
    m_claims->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_claims->setWordWrap(true);

    m_timeline = new TimelineBar(this);

    m_findings = new QTableWidget(0, 4, this);
    m_findings->setObjectName(QStringLiteral("findingsTableWidget"));
    m_findings->setAccessibleName(tr("Findings"));
    m_findings->setHorizontalHeaderLabels({tr("Severity"), tr("Finding"), tr("Why it matters"), tr("Where")});
    m_findings->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_findings->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_findings->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_findings->verticalHeader()->hide();
    m_findings->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_findings->setWordWrap(true);

    m_key = new QPlainTextEdit(this);
    m_key->setObjectName(QStringLiteral("verificationKeyPlainTextEdit"));
    m_key->setAccessibleName(tr("Secret, PEM key, JWK or JWKS"));
    m_key->setPlaceholderText(tr("HMAC secret, PEM public key or certificate, JWK or JWKS"));
    m_key->setMaximumHeight(80);
    m_algorithm = new QComboBox(this);
    m_algorithm->setObjectName(QStringLiteral("algorithmComboBox"));
    m_algorithm->setAccessibleName(tr("Pinned algorithm"));
    for (jwt::Algorithm a : jwt::allSigningAlgorithms())
        m_algorithm->addItem(jwt::algorithmName(a), int(a));
    m_verify = new QPushButton(tr("&Verify"), this);
    m_verify->setIcon(actionIcon("verify"));
    m_verify->setObjectName(QStringLiteral("verifyPushButton"));
    connect(m_verify, &QPushButton::clicked, this, &JwtPanel::verify);
    m_verifyResult = new QLabel(this);
    m_verifyResult->setObjectName(QStringLiteral("verifyResultLabel"));
    m_verifyResult->setTextFormat(Qt::PlainText);
    m_verifyResult->setWordWrap(true);
    QFont bold = m_verifyResult->font();
    bold.setBold(true);
    m_verifyResult->setFont(bold);
    auto* verifyBox = new QGroupBox(tr("Verify the signature"), this);
    auto* verifyLayout = new QVBoxLayout(verifyBox);
    verifyLayout->addWidget(m_key);
    auto* verifyRow = new QHBoxLayout;
    verifyRow->addWidget(new QLabel(tr("Algorithm:"), verifyBox));
    verifyRow->addWidget(m_algorithm);
    verifyRow->addStretch(1);
    verifyRow->addWidget(m_verify);
    verifyLayout->addLayout(verifyRow);
    verifyLayout->addWidget(m_verifyResult);

    m_search = new SecretSearchBox(this);
    connect(m_search, &SecretSearchBox::secretFound, this, [this](const QByteArray& secret) {
        m_key->setPlainText(QString::fromUtf8(secret));
        verify();
    });

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_parts);
    leftLayout->addWidget(m_errors);
    leftLayout->addWidget(m_tree, 2);
    leftLayout->addWidget(m_claims, 2);
    leftLayout->addWidget(m_timeline);
    auto* findings = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(findings);
    rightLayout->addWidget(m_findings, 2);
    rightLayout->addWidget(verifyBox);
    rightLayout->addWidget(m_search);
    m_editor = new JwtEditor(this);
    connect(m_editor, &JwtEditor::inspectRequested, this, &JwtPanel::inspectRequested);
    auto* editorPage = new QWidget(this);
    auto* editorLayout = new QVBoxLayout(editorPage);
    editorLayout->addWidget(m_editor);
    auto* right = new QTabWidget(this);
    right->setObjectName(QStringLiteral("jwtPanelTabWidget"));
    right->setAccessibleName(tr("Findings, or edit and re-sign"));
    right->addTab(findings, tr("Findin&gs and verification"));
    right->addTab(editorPage, tr("E&dit and re-sign"));
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void JwtPanel::setToken(const QByteArray& text)
{
    m_text = text;
    m_verifyResult->clear();
    showToken();
}

void JwtPanel::showToken()
{
    const jwt::JwtToken token = jwt::JwtToken::parse(m_text);
    m_editor->load(token.header().decoded, token.payload().decoded);
    const qint64 now = SystemClock::instance().nowSeconds();

    // Colour-coded parts through character formats, never HTML: the token is untrusted text.
    m_parts->clear();
    QTextCursor cursor(m_parts->document());
    const QPalette pal = m_parts->palette();
    const QColor colours[] = {inspectorColour(InspectorColour::Header, pal),
                              inspectorColour(InspectorColour::Payload, pal),
                              inspectorColour(InspectorColour::Signature, pal)};
    const QByteArray compact = token.token().toByteArray();
    const QList<QByteArray> parts = compact.split('.');
    for (int i = 0; i < parts.size(); ++i) {
        QTextCharFormat f;
        f.setForeground(colours[qMin(i, 2)]);
        f.setFontFamilies({QStringLiteral("monospace")});
        cursor.insertText(QString::fromLatin1(parts.at(i)), f);
        if (i + 1 < parts.size()) {
            QTextCharFormat dot;
            dot.setFontFamilies({QStringLiteral("monospace")});
            cursor.insertText(QStringLiteral("."), dot);
        }
    }

    QStringList errors;
    for (const Error& e : token.errors())
        errors << (e.where.isEmpty() ? e.message : tr("%1: %2").arg(e.where, e.message));
    m_errors->setText(errors.join(QLatin1Char('\n')));
    m_errors->setVisible(!errors.isEmpty());

    m_tree->clear();
    addJsonToTree(m_tree, nullptr, tr("header"), token.headerObject());
    addJsonToTree(m_tree, nullptr, tr("payload"), token.payloadObject());

    const QJsonObject payload = token.payloadObject();
    m_claims->setRowCount(int(payload.size()));
    int row = 0;
    for (auto it = payload.constBegin(); it != payload.constEnd(); ++it, ++row) {
        m_claims->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_claims->setItem(row, 1, new QTableWidgetItem(jsonScalar(it.value())));
        const QString meaning = jwt::claims::describeClaim(it.key());
        m_claims->setItem(row, 2, new QTableWidgetItem(meaning.isEmpty() ? tr("(private claim)") : meaning));
        QString when;
        if (jwt::claims::isTimeClaim(it.key()) && it.value().isDouble())
            when = jwt::claims::describeTime(it.value().toDouble(), now);
        m_claims->setItem(row, 3, new QTableWidgetItem(when));
    }
    m_claims->resizeRowsToContents();

    const qint64 issued = payload.value(QStringLiteral("iat")).isDouble()
                              ? qint64(payload.value(QStringLiteral("iat")).toDouble())
                              : qint64(payload.value(QStringLiteral("nbf")).toDouble());
    const qint64 expires = qint64(payload.value(QStringLiteral("exp")).toDouble());
    m_timeline->setTimes(issued, expires, now);

    const auto alg = jwt::algorithmFromName(token.algorithmText());
    if (alg) {
        const int index = m_algorithm->findData(int(*alg));
        if (index >= 0)
            m_algorithm->setCurrentIndex(index);
    }
    const bool hmac = alg && jwt::keyKindFor(*alg) == jwt::KeyKind::Hmac;
    m_search->setTarget(hmac && token.isWellFormed() ? m_text.trimmed() : QByteArray(),
                        tr("The weak-secret search applies to HS256/384/512 tokens only."));
    fillFindings(nullptr);
}

void JwtPanel::fillFindings(const jwt::JwtKey* key)
{
    const jwt::JwtToken token = jwt::JwtToken::parse(m_text);
    const QList<JwtFinding> findings = jwt::JwtLinter::lint(token, key, &SystemClock::instance());
    m_findings->setRowCount(int(findings.size()));
    for (int i = 0; i < findings.size(); ++i) {
        const JwtFinding& f = findings.at(i);
        auto* severity = new QTableWidgetItem(JwtFinding::severityName(f.severity()));
        severity->setForeground(severityColour(f.severity(), m_findings->palette()));
        QFont bold = severity->font();
        bold.setBold(true);
        severity->setFont(bold);
        severity->setData(Qt::UserRole, f.id());
        m_findings->setItem(i, 0, severity);
        m_findings->setItem(i, 1, new QTableWidgetItem(f.title()));
        auto* why = new QTableWidgetItem(f.reference().isEmpty() ? f.explanation()
                                                                 : tr("%1 (%2)").arg(f.explanation(), f.reference()));
        m_findings->setItem(i, 2, why);
        m_findings->setItem(i, 3, new QTableWidgetItem(f.where()));
    }
    m_findings->resizeRowsToContents();
}

void JwtPanel::verify()
{
    const QByteArray keyText = m_key->toPlainText().toUtf8();
    if (keyText.isEmpty()) {
        m_verifyResult->setText(tr("Enter a secret or a key first."));
        return;
    }
    const jwt::JwtToken parsed = jwt::JwtToken::parse(m_text);
    auto key = jwt::JwtKey::fromAnyText(keyText, parsed.headerObject().value(QStringLiteral("kid")).toString());
    if (!key) {
        m_verifyResult->setText(tr("Key not usable: %1").arg(key.error().message));
        return;
    }
    const auto alg = static_cast<jwt::Algorithm>(m_algorithm->currentData().toInt());
    jwt::JwtVerifier verifier(key.value(), {alg});
    auto result = verifier.verify(m_text.trimmed());
    if (result) {
        m_verifyResult->setText(
            tr("Signature valid with %1 (%2).").arg(jwt::algorithmName(alg), key.value().describe()));
        setTextColour(m_verifyResult, InspectorColour::Good);
    } else {
        m_verifyResult->setText(tr("Not verified: %1").arg(result.error().message));
        setTextColour(m_verifyResult, InspectorColour::Bad);
    }
    fillFindings(&key.value());
}

} // namespace gatehouse::ui
