#include "session/SessionPage.h"

#include "cookie/CookieStore.h"
#include "net/HttpClient.h"
#include "net/TrafficLog.h"
#include "session/CookieRoundTrip.h"
#include "session/TrafficLogModel.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::net::TrafficEntry;
using core::net::TrafficLog;

namespace {

enum CookieColumn
{
    NameColumn,
    ValueColumn,
    DomainColumn,
    PathColumn,
    ExpiresColumn,
    HttpOnlyColumn,
    SecureColumn,
    SameSiteColumn,
    SetByColumn,
    CarriedColumn,
    CookieColumnCount
};

QString sameSiteText(core::cookie::SameSite s)
{
    switch (s) {
    case core::cookie::SameSite::Strict:
        return QStringLiteral("Strict");
    case core::cookie::SameSite::Lax:
        return QStringLiteral("Lax");
    case core::cookie::SameSite::None:
        return QStringLiteral("None");
    case core::cookie::SameSite::Invalid:
        return QStringLiteral("(invalid)");
    case core::cookie::SameSite::Unset:
        break;
    }
    return QString();
}

QString idList(const QList<quint64>& ids)
{
    QStringList parts;
    for (quint64 id : ids)
        parts.append(QLatin1Char('#') + QString::number(id));
    return parts.join(QStringLiteral(", "));
}

QString headerBlock(const core::net::HeaderList& headers, bool reveal)
{
    QString text;
    for (const auto& h : TrafficLog::displayHeaders(headers, reveal))
        text += QString::fromLatin1(h.first) + QStringLiteral(": ") + QString::fromUtf8(h.second) + QLatin1Char('\n');
    return text;
}

} // namespace

SessionPage::SessionPage(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sessionPage"));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("sessionSummaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_reveal = new QCheckBox(tr("Reveal &secrets"), this);
    m_reveal->setObjectName(QStringLiteral("revealSecretsCheckBox"));
    m_reveal->setToolTip(tr("Shows the token, cookie values and Authorization/Cookie headers in clear."));
    connect(m_reveal, &QCheckBox::toggled, this, [this] {
        updateToken();
        updateCookies();
        showEntryDetails();
    });

    auto* tokenLabel = new QLabel(tr("Access &token:"), this);
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("sessionTokenLineEdit"));
    m_token->setAccessibleName(tr("Access token"));
    m_token->setReadOnly(true);
    m_token->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    tokenLabel->setBuddy(m_token);
    m_inspectToken = new QPushButton(tr("&Open in Inspector"), this);
    m_inspectToken->setObjectName(QStringLiteral("inspectTokenPushButton"));
    m_inspectToken->setToolTip(tr("Decode, verify and audit this token in the inspector."));
    connect(m_inspectToken, &QPushButton::clicked, this, [this] {
        if (!m_session.accessToken.isEmpty())
            Q_EMIT inspectRequested(QString::fromLatin1(m_session.accessToken));
    });
    auto* top = new QHBoxLayout;
    top->addWidget(tokenLabel);
    top->addWidget(m_token, 1);
    top->addWidget(m_inspectToken);
    top->addWidget(m_reveal);

    auto* cookiesBox = new QGroupBox(tr("Cookies"), this);
    cookiesBox->setObjectName(QStringLiteral("sessionCookiesGroupBox"));
    m_cookiesNote = new QLabel(cookiesBox);
    m_cookiesNote->setObjectName(QStringLiteral("sessionCookiesNoteLabel"));
    m_cookiesNote->setWordWrap(true);
    m_cookies = new QTableWidget(0, CookieColumnCount, cookiesBox);
    m_cookies->setObjectName(QStringLiteral("sessionCookiesTableWidget"));
    m_cookies->setAccessibleName(tr("Session cookies"));
    m_cookies->setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Domain"), tr("Path"), tr("Expires"),
                                          tr("HttpOnly"), tr("Secure"), tr("SameSite"), tr("Set by"),
                                          tr("Sent back in")});
    m_cookies->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_cookies->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_cookies->setSelectionMode(QAbstractItemView::SingleSelection);
    m_cookies->verticalHeader()->hide();
    m_cookies->horizontalHeader()->setStretchLastSection(true);
    connect(m_cookies, &QTableWidget::itemSelectionChanged, this, &SessionPage::showCookieRoundTrip);
    m_inspectCookie = new QPushButton(tr("Inspect coo&kie"), cookiesBox);
    m_inspectCookie->setObjectName(QStringLiteral("inspectCookiePushButton"));
    m_inspectCookie->setEnabled(false);
    connect(m_inspectCookie, &QPushButton::clicked, this, [this] {
        const int row = m_cookies->currentRow();
        const QTableWidgetItem* item = row >= 0 ? m_cookies->item(row, NameColumn) : nullptr;
        if (item)
            Q_EMIT inspectRequested(item->data(Qt::UserRole).toString());
    });
    auto* cookiesLayout = new QVBoxLayout(cookiesBox);
    cookiesLayout->addWidget(m_cookiesNote);
    cookiesLayout->addWidget(m_cookies, 1);
    cookiesLayout->addWidget(m_inspectCookie, 0, Qt::AlignRight);

    auto* logBox = new QGroupBox(tr("Requests"), this);
    logBox->setObjectName(QStringLiteral("requestLogGroupBox"));
    m_logNote = new QLabel(logBox);
    m_logNote->setObjectName(QStringLiteral("requestLogNoteLabel"));
    m_logNote->setWordWrap(true);
    m_trafficModel = new TrafficLogModel(this);
    m_log = new QTableView(logBox);
    m_log->setObjectName(QStringLiteral("requestLogTableView"));
    m_log->setAccessibleName(tr("Request log"));
    m_log->setModel(m_trafficModel);
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_log->setSelectionMode(QAbstractItemView::SingleSelection);
    m_log->verticalHeader()->hide();
    m_log->setWordWrap(false);
    m_log->setTextElideMode(Qt::ElideMiddle);
    m_log->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_log->horizontalHeader()->setSectionResizeMode(TrafficLogModel::UrlColumn, QHeaderView::Stretch);
    connect(m_log->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SessionPage::showEntryDetails);
    m_details = new QPlainTextEdit(logBox);
    m_details->setObjectName(QStringLiteral("requestDetailsPlainTextEdit"));
    m_details->setAccessibleName(tr("Request and response headers"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* logSplitter = new QSplitter(Qt::Horizontal, logBox);
    logSplitter->setObjectName(QStringLiteral("requestLogSplitter"));
    logSplitter->addWidget(m_log);
    logSplitter->addWidget(m_details);
    logSplitter->setStretchFactor(0, 3);
    logSplitter->setStretchFactor(1, 2);
    auto* logLayout = new QVBoxLayout(logBox);
    logLayout->addWidget(m_logNote);
    logLayout->addWidget(logSplitter, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("sessionSplitter"));
    splitter->addWidget(cookiesBox);
    splitter->addWidget(logBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    m_cookieTimer = new QTimer(this);
    m_cookieTimer->setSingleShot(true);
    m_cookieTimer->setInterval(0);
    connect(m_cookieTimer, &QTimer::timeout, this, &SessionPage::updateCookies);

    setHttpClient(nullptr);
    setSession({});
}

void SessionPage::setSession(const core::backend::SessionInfo& session)
{
    if (session.accessToken != m_session.accessToken || !session.isValid())
        m_reveal->setChecked(false);
    m_session = session;
    if (!session.isValid()) {
        m_summary->setText(tr("Nobody is logged in."));
    } else {
        QString expiry = tr("expiry unknown");
        if (session.expiresAt > 0) {
            const QDateTime at = QDateTime::fromSecsSinceEpoch(session.expiresAt);
            const qint64 minutes = (session.expiresAt - QDateTime::currentSecsSinceEpoch()) / 60;
            expiry = minutes >= 0 ? tr("expires %1 (in %n min)", nullptr, int(minutes)).arg(at.toString(Qt::ISODate))
                                  : tr("expired %1").arg(at.toString(Qt::ISODate));
        }
        m_summary->setText(tr("%1 — %2%3, %4")
                               .arg(session.username,
                                    session.roles.isEmpty() ? tr("no roles") : session.roles.join(QStringLiteral(", ")),
                                    session.remembered ? tr(" (restored from the keychain)") : QString(), expiry));
    }
    updateToken();
    scheduleCookieUpdate();
}

void SessionPage::setHttpClient(core::net::HttpClient* client)
{
    disconnect(m_logConnection);
    m_client = client;
    m_trafficModel->setLog(client ? &client->trafficLog() : nullptr);
    m_details->clear();
    if (client) {
        m_logConnection =
            connect(&client->trafficLog(), &TrafficLog::entryAdded, this, &SessionPage::scheduleCookieUpdate);
        m_logNote->setText(tr("Every request of this session, newest last. Select one for its headers; "
                              "credentials stay hidden until you reveal them."));
    } else {
        m_logNote->setText(tr("Local mode: there is no HTTP traffic. The session token is a JWT signed with "
                              "this database's key."));
    }
    m_log->setVisible(client != nullptr);
    m_details->setVisible(client != nullptr);
    scheduleCookieUpdate();
}

void SessionPage::setRevealed(bool reveal)
{
    m_reveal->setChecked(reveal);
}

bool SessionPage::isRevealed() const
{
    return m_reveal->isChecked();
}

void SessionPage::updateToken()
{
    const QByteArray& token = m_session.accessToken;
    m_inspectToken->setEnabled(!token.isEmpty());
    if (token.isEmpty()) {
        m_token->setText(m_session.isValid() ? tr("(this session has no bearer token: a cookie carries it)")
                                             : QString());
        m_token->setEchoMode(QLineEdit::Normal);
        return;
    }
    m_token->setText(QString::fromLatin1(token));
    m_token->setEchoMode(m_reveal->isChecked() ? QLineEdit::Normal : QLineEdit::Password);
    m_token->setCursorPosition(0);
}

void SessionPage::scheduleCookieUpdate()
{
    m_cookieTimer->start();
}

void SessionPage::updateCookies()
{
    const QByteArray selected = m_cookies->currentRow() >= 0 && m_cookies->item(m_cookies->currentRow(), NameColumn)
                                    ? m_cookies->item(m_cookies->currentRow(), NameColumn)->text().toUtf8()
                                    : QByteArray();
    m_cookies->setRowCount(0);
    m_inspectCookie->setEnabled(false);
    if (!m_client) {
        m_cookiesNote->setText(tr("Local mode keeps no cookies."));
        return;
    }
    const QList<core::cookie::StoredCookie> cookies = m_client->cookies().allCookies();
    m_cookiesNote->setText(cookies.isEmpty()
                               ? tr("The server has set no cookies in this session.")
                               : tr("Select a cookie to see, in the request log, the response that set it "
                                    "and the requests that carried it back."));
    const bool reveal = m_reveal->isChecked();
    const QList<TrafficEntry>& entries = m_client->trafficLog().entries();
    m_cookies->setRowCount(int(cookies.size()));
    for (int row = 0; row < cookies.size(); ++row) {
        const core::cookie::StoredCookie& c = cookies.at(row);
        const CookieRoundTrip trip = CookieRoundTrip::find(entries, c.name);
        QString expires = tr("Session");
        if (c.persistent)
            expires = QDateTime::fromSecsSinceEpoch(c.expiryTime).toString(Qt::ISODate);
        const QString value = reveal ? QString::fromUtf8(c.value) : QString::fromUtf8(TrafficLog::kRedacted);
        const QStringList cells{QString::fromUtf8(c.name),
                                value,
                                QString::fromUtf8(c.domain),
                                QString::fromUtf8(c.path),
                                expires,
                                c.httpOnly ? QStringLiteral("\u2713") : QString(),
                                c.secureOnly ? QStringLiteral("\u2713") : QString(),
                                sameSiteText(c.sameSite),
                                idList(trip.setBy),
                                trip.carriedBy.isEmpty() ? tr("not yet")
                                                         : tr("%n request(s)", nullptr, int(trip.carriedBy.size()))};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells.at(col));
            if (col == CarriedColumn)
                item->setToolTip(idList(trip.carriedBy));
            m_cookies->setItem(row, col, item);
        }
        // What "Inspect cookie" hands to the inspector: the Set-Cookie line that created it, else name=value.
        QString inspectText = QString::fromUtf8(c.name + '=' + c.value);
        if (!trip.setBy.isEmpty()) {
            const int logRow = m_trafficModel->rowOf(trip.setBy.last());
            if (const TrafficEntry* e = m_trafficModel->entryAt(logRow)) {
                for (const QByteArray& line : e->setCookies)
                    if (CookieRoundTrip::setCookieName(line) == c.name)
                        inspectText = QStringLiteral("Set-Cookie: ") + QString::fromUtf8(line);
            }
        }
        m_cookies->item(row, NameColumn)->setData(Qt::UserRole, inspectText);
        if (c.name == selected)
            m_cookies->selectRow(row);
    }
    m_cookies->resizeColumnsToContents();
    showCookieRoundTrip();
}

void SessionPage::showCookieRoundTrip()
{
    const int row = m_cookies->currentRow();
    const QTableWidgetItem* item =
        row >= 0 && m_cookies->selectionModel()->isRowSelected(row, {}) ? m_cookies->item(row, NameColumn) : nullptr;
    m_inspectCookie->setEnabled(item != nullptr);
    if (!item || !m_client) {
        m_trafficModel->setRoundTrip({}, {});
        return;
    }
    const CookieRoundTrip trip = CookieRoundTrip::find(m_client->trafficLog().entries(), item->text().toUtf8());
    m_trafficModel->setRoundTrip(QSet<quint64>(trip.setBy.begin(), trip.setBy.end()),
                                 QSet<quint64>(trip.carriedBy.begin(), trip.carriedBy.end()));
    if (!trip.setBy.isEmpty()) {
        const int logRow = m_trafficModel->rowOf(trip.setBy.last());
        if (logRow >= 0)
            m_log->scrollTo(m_trafficModel->index(logRow, 0));
    }
}

void SessionPage::showEntryDetails()
{
    const TrafficEntry* e = m_trafficModel->entryAt(m_log->currentIndex().row());
    if (!e) {
        m_details->setPlainText(m_client ? tr("Select a request to see its headers.") : QString());
        return;
    }
    const bool reveal = m_reveal->isChecked();
    QString text = QString::fromLatin1(e->method) + QLatin1Char(' ') + e->url.toDisplayString() + QStringLiteral("\n");
    text += e->status > 0 ? tr("Status %1, %2 ms\n").arg(e->status).arg(e->elapsedMs)
                          : tr("No answer (%1), %2 ms\n").arg(e->errorCode).arg(e->elapsedMs);
    if (e->credentialsDropped)
        text += tr("Sent without Authorization and cookies: a redirect to another origin.\n");
    text += QLatin1Char('\n') + tr("Request headers") + QLatin1Char('\n') + headerBlock(e->requestHeaders, reveal);
    text += QLatin1Char('\n') + tr("Response headers") + QLatin1Char('\n') + headerBlock(e->responseHeaders, reveal);
    QStringList setNames;
    for (const QByteArray& line : e->setCookies)
        setNames.append(QString::fromUtf8(CookieRoundTrip::setCookieName(line)));
    if (!setNames.isEmpty())
        text += QLatin1Char('\n') + tr("Cookies set by this response: %1").arg(setNames.join(QStringLiteral(", ")));
    m_details->setPlainText(text);
}

} // namespace gatehouse::ui
