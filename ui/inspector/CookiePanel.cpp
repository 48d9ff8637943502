#include "inspector/CookiePanel.h"

#include "common/Clock.h"
#include "cookie/CookieAudit.h"
#include "cookie/CookieHeader.h"
#include "cookie/HttpPaste.h"
#include "cookie/SetCookie.h"
#include "inspector/InspectorColours.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using namespace gatehouse::core;
using namespace gatehouse::core::cookie;

namespace {

enum Column
{
    NameColumn,
    ValueColumn,
    DomainColumn,
    PathColumn,
    ExpiresColumn,
    SizeColumn,
    HttpOnlyColumn,
    SecureColumn,
    SameSiteColumn,
    VerdictColumn,
    ColumnCount
};

QString sameSiteText(SameSite s)
{
    switch (s) {
    case SameSite::Strict:
        return QStringLiteral("Strict");
    case SameSite::Lax:
        return QStringLiteral("Lax");
    case SameSite::None:
        return QStringLiteral("None");
    case SameSite::Invalid:
        return QStringLiteral("(invalid)");
    case SameSite::Unset:
        break;
    }
    return QString();
}

QColor verdictColour(const CookieAuditReport& report, const QPalette& palette)
{
    AuditSeverity worst = AuditSeverity::Info;
    for (const CookieFinding& f : report.findings)
        worst = qMax(worst, f.severity);
    switch (worst) {
    case AuditSeverity::High:
        return inspectorColour(InspectorColour::Bad, palette);
    case AuditSeverity::Medium:
        return inspectorColour(InspectorColour::High, palette);
    case AuditSeverity::Low:
        return inspectorColour(InspectorColour::Low, palette);
    case AuditSeverity::Info:
        break;
    }
    return inspectorColour(InspectorColour::Good, palette);
}

} // namespace

CookiePanel::CookiePanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("cookiePanel"));
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("cookieTableWidget"));
    m_table->setAccessibleName(tr("Cookies"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Domain"), tr("Path"), tr("Expires / Max-Age"),
                                        tr("Size"), tr("HttpOnly"), tr("Secure"), tr("SameSite"), tr("Verdict")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(VerdictColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(ValueColumn, 220);
    m_table->verticalHeader()->hide();
    // Rows follow the wrapped verdicts as the columns get their final widths.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(true);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QTableWidgetItem* value = m_table->item(row, ValueColumn);
        if (value && value->data(Qt::UserRole).toBool())
            Q_EMIT inspectRequested(value->text().toUtf8());
    });
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("cookieSummaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
}

bool CookiePanel::setText(const QByteArray& text)
{
    const qint64 now = SystemClock::instance().nowSeconds();
    QList<SetCookie> setCookies;
    QList<CookiePair> requestCookies;
    bool https = true;

    auto paste = HttpPaste::parse(text);
    if (paste) {
        for (const PastedSetCookie& sc : paste.value().setCookies) {
            if (sc.parsed)
                setCookies << sc.parsed.value();
        }
        requestCookies = paste.value().requestCookies;
        for (const QByteArray& line : paste.value().startLines) {
            if (line.contains("http://"))
                https = false;
        }
    }
    if (setCookies.isEmpty() && requestCookies.isEmpty()) {
        // A bare header value: "name=value; Path=/; HttpOnly" or "a=1; b=2".
        const QByteArray trimmed = text.trimmed();
        if (!trimmed.contains('='))
            return false;
        const QByteArray lower = trimmed.toLower();
        const bool looksSetCookie = lower.contains("path=") || lower.contains("httponly") || lower.contains("secure") ||
                                    lower.contains("samesite") || lower.contains("expires=") ||
                                    lower.contains("max-age=");
        if (looksSetCookie) {
            auto sc = SetCookie::parse(trimmed);
            if (sc)
                setCookies << sc.value();
        } else {
            requestCookies = parseCookieHeader(trimmed);
        }
    }
    if (setCookies.isEmpty() && requestCookies.isEmpty())
        return false;

    m_table->setRowCount(int(setCookies.size() + requestCookies.size()));
    int row = 0;
    auto put = [this, &row](int column, const QString& text) {
        auto* item = new QTableWidgetItem(text);
        m_table->setItem(row, column, item);
        return item;
    };
    auto verdict = [&](const CookieAuditReport& report) {
        QStringList lines;
        for (const CookieFinding& f : report.findings)
            lines << tr("[%1] %2").arg(severityName(f.severity), f.message);
        auto* item = put(VerdictColumn, lines.isEmpty() ? tr("No problems found.") : lines.join(QLatin1Char('\n')));
        item->setForeground(verdictColour(report, m_table->palette()));
        QStringList rules;
        for (const CookieFinding& f : report.findings)
            rules << f.rule;
        item->setToolTip(rules.join(QLatin1Char('\n')));
        auto* value = m_table->item(row, ValueColumn);
        if (value && report.valueKind != TokenKind::Unknown) {
            value->setData(Qt::UserRole, true);
            value->setToolTip(tr("Holds a %1: double-click to inspect it.").arg(tokenKindName(report.valueKind)));
        }
    };
    const QString tick = QStringLiteral("\u2713");
    for (const SetCookie& c : setCookies) {
        put(NameColumn, QString::fromUtf8(c.name));
        put(ValueColumn, QString::fromUtf8(c.value));
        put(DomainColumn, c.domain ? QString::fromUtf8(*c.domain) : QString());
        put(PathColumn, c.path ? QString::fromUtf8(*c.path) : QString());
        QString expires = tr("Session");
        if (c.maxAge)
            expires = tr("Max-Age %1").arg(*c.maxAge);
        else if (c.expires)
            expires = QLocale().toString(QDateTime::fromSecsSinceEpoch(*c.expires).toUTC(), QLocale::ShortFormat);
        put(ExpiresColumn, expires);
        put(SizeColumn, QString::number(c.name.size() + c.value.size()));
        put(HttpOnlyColumn, c.httpOnly ? tick : QString());
        put(SecureColumn, c.secure ? tick : QString());
        put(SameSiteColumn, sameSiteText(c.sameSite));
        verdict(auditSetCookie(c, now, https));
        ++row;
    }
    for (const CookiePair& c : requestCookies) {
        put(NameColumn, QString::fromUtf8(c.name));
        put(ValueColumn, QString::fromUtf8(c.value));
        put(ExpiresColumn, tr("(sent by the browser)"));
        put(SizeColumn, QString::number(c.name.size() + c.value.size()));
        verdict(auditCookieValue(c.name, c.value));
        ++row;
    }
    m_table->resizeRowsToContents();
    m_summary->setText(tr("%1 cookie(s) set by the server, %2 sent by the browser. Double-click a cookie holding a "
                          "token to inspect it.")
                           .arg(setCookies.size())
                           .arg(requestCookies.size()));
    return true;
}

} // namespace gatehouse::ui
