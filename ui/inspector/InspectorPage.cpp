#include "inspector/InspectorPage.h"

#include "common/Icons.h"
#include "cookie/HttpPaste.h"
#include "cookie/TokenSniffer.h"
#include "inspector/CookiePanel.h"
#include "inspector/FlaskPanel.h"
#include "inspector/JwtPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::ui {

using namespace gatehouse::core::cookie;

InspectorPage::InspectorPage(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("inspectorPage"));
    m_input = new QPlainTextEdit(this);
    m_input->setObjectName(QStringLiteral("inspectorInputPlainTextEdit"));
    m_input->setAccessibleName(tr("Text to inspect"));
    m_input->setPlaceholderText(tr("Paste a JWT, a Set-Cookie or Cookie header, a whole HTTP response (DevTools, "
                                   "curl -i) or a Flask session cookie."));
    m_input->setMaximumHeight(120);
    m_input->setTabChangesFocus(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_input->setFont(mono);
    m_clear = new QPushButton(tr("C&lear"), this);
    m_clear->setIcon(actionIcon("clear"));
    m_clear->setObjectName(QStringLiteral("clearInspectorPushButton"));
    connect(m_clear, &QPushButton::clicked, m_input, &QPlainTextEdit::clear);
    m_kindLabel = new QLabel(this);
    m_kindLabel->setObjectName(QStringLiteral("detectedKindLabel"));
    m_kindLabel->setTextFormat(Qt::PlainText);
    QFont bold = m_kindLabel->font();
    bold.setBold(true);
    m_kindLabel->setFont(bold);

    m_hint = new QLabel(tr("Nothing to inspect yet. Everything stays on this computer: nothing you paste is sent "
                           "anywhere."),
                        this);
    m_hint->setObjectName(QStringLiteral("inspectorHintLabel"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_jwt = new JwtPanel(this);
    m_cookies = new CookiePanel(this);
    m_flask = new FlaskPanel(this);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("inspectorStackedWidget"));
    m_stack->addWidget(m_hint);
    m_stack->addWidget(m_jwt);
    m_stack->addWidget(m_cookies);
    m_stack->addWidget(m_flask);
    connect(m_jwt, &JwtPanel::inspectRequested, this,
            [this](const QByteArray& token) { setText(QString::fromLatin1(token)); });
    connect(m_flask, &FlaskPanel::inspectRequested, this,
            [this](const QByteArray& cookie) { setText(QString::fromLatin1(cookie)); });
    connect(m_cookies, &CookiePanel::inspectRequested, this,
            [this](const QByteArray& token) { setText(QString::fromUtf8(token)); });

    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(150);
    connect(m_input, &QPlainTextEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, &InspectorPage::analyse);

    auto* top = new QHBoxLayout;
    top->addWidget(m_input, 1);
    auto* side = new QVBoxLayout;
    side->addWidget(m_clear);
    side->addStretch(1);
    top->addLayout(side);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_kindLabel);
    layout->addWidget(m_stack, 1);
}

void InspectorPage::setText(const QString& text)
{
    m_input->setPlainText(text);
    m_delay->stop();
    analyse();
}

void InspectorPage::analyse()
{
    const QByteArray text = m_input->toPlainText().toUtf8();
    QByteArray trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        showKind(Kind::Nothing, QString());
        return;
    }
    QByteArray single = trimmed;
    if (single.startsWith("Bearer ") || single.startsWith("bearer "))
        single = single.mid(7).trimmed();
    const bool oneLine = !single.contains('\n') && !single.contains(' ') && !single.contains(';');
    if (oneLine) {
        const TokenKind kind = sniffToken(single);
        if (kind == TokenKind::FlaskSession && m_flask->setCookie(single)) {
            showKind(Kind::FlaskSession, tr("Flask session cookie"));
            return;
        }
        if (kind == TokenKind::Jwt || single.count('.') == 2 || single.count('.') == 4) {
            m_jwt->setToken(single);
            showKind(Kind::Jwt, tr("JSON Web Token"));
            return;
        }
    }
    if (m_cookies->setText(text)) {
        showKind(Kind::Cookies, tr("Cookies"));
        return;
    }
    auto paste = HttpPaste::parse(text);
    if (paste && !paste.value().tokens.isEmpty()) {
        const PastedToken& t = paste.value().tokens.first();
        if (t.token.kind == TokenKind::FlaskSession && m_flask->setCookie(t.token.text)) {
            showKind(Kind::FlaskSession, tr("Flask session cookie (from the %1)").arg(t.where));
            return;
        }
        m_jwt->setToken(t.token.text);
        showKind(Kind::Jwt, tr("JSON Web Token (from the %1)").arg(t.where));
        return;
    }
    showKind(Kind::Unknown, tr("Not recognised: expected a JWT, cookies, an HTTP message or a Flask session."));
}

void InspectorPage::showKind(Kind kind, const QString& label)
{
    m_kind = kind;
    m_kindLabel->setText(label);
    switch (kind) {
    case Kind::Jwt:
        m_stack->setCurrentWidget(m_jwt);
        break;
    case Kind::Cookies:
        m_stack->setCurrentWidget(m_cookies);
        break;
    case Kind::FlaskSession:
        m_stack->setCurrentWidget(m_flask);
        break;
    case Kind::Nothing:
    case Kind::Unknown:
        m_stack->setCurrentWidget(m_hint);
        break;
    }
    Q_EMIT recognised(kind);
}

} // namespace gatehouse::ui
