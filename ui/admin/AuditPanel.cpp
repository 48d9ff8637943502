#include "admin/AuditPanel.h"

#include "common/CsvTransfer.h"
#include "common/ErrorText.h"
#include "common/Icons.h"
#include "common/ImportErrorsPanel.h"
#include "common/MessageBar.h"
#include "common/TransferBar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::Result;
using core::services::AuditEntry;

namespace {

// A spreadsheet opening the export must not run a cell as a formula (usernames and targets are user text).
QString spreadsheetSafe(const QString& cell)
{
    static const QString risky = QStringLiteral("=+-@\t\r");
    return !cell.isEmpty() && risky.contains(cell.front()) ? QLatin1Char('\'') + cell : cell;
}

QStringList csvRow(const AuditEntry& e)
{
    return {QDateTime::fromSecsSinceEpoch(e.at, Qt::UTC).toString(Qt::ISODate),
            QString::number(e.actorId),
            spreadsheetSafe(e.actor),
            spreadsheetSafe(e.action),
            spreadsheetSafe(e.target),
            spreadsheetSafe(e.outcome),
            spreadsheetSafe(e.detail)};
}

} // namespace

AuditPanel::AuditPanel(MessageBar* messageBar, QWidget* parent) : QWidget(parent), m_messages(messageBar)
{
    setObjectName(QStringLiteral("auditPanel"));
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("auditFilterLineEdit"));
    m_filter->setAccessibleName(tr("Filter the audit log"));
    m_filter->setPlaceholderText(tr("Filter by action, actor, target or detail"));
    m_filter->setClearButtonEnabled(true);
    m_actor = new QLineEdit(this);
    m_actor->setObjectName(QStringLiteral("auditActorLineEdit"));
    m_actor->setAccessibleName(tr("Who"));
    m_actor->setPlaceholderText(tr("Username"));
    m_actor->setClearButtonEnabled(true);
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditActionComboBox"));
    m_action->setAccessibleName(tr("Action"));
    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("auditOutcomeComboBox"));
    m_outcome->setAccessibleName(tr("Outcome"));
    m_outcome->addItem(tr("Any outcome"), QString());
    m_outcome->addItem(tr("ok"), QStringLiteral("ok"));
    m_outcome->addItem(tr("denied"), QStringLiteral("denied"));
    m_outcome->addItem(tr("failed"), QStringLiteral("failed"));
    m_fromCheck = new QCheckBox(tr("Fro&m"), this);
    m_fromCheck->setObjectName(QStringLiteral("auditFromCheckBox"));
    m_from = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-7), this);
    m_from->setObjectName(QStringLiteral("auditFromDateTimeEdit"));
    m_from->setAccessibleName(tr("From"));
    m_toCheck = new QCheckBox(tr("U&ntil"), this);
    m_toCheck->setObjectName(QStringLiteral("auditToCheckBox"));
    m_to = new QDateTimeEdit(QDateTime::currentDateTime(), this);
    m_to->setObjectName(QStringLiteral("auditToDateTimeEdit"));
    m_to->setAccessibleName(tr("Until"));
    for (QDateTimeEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateTimeFormat(QLocale::ShortFormat));
        edit->setEnabled(false);
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &AuditPanel::filterChanged);
    }
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(300);
    connect(m_reloadTimer, &QTimer::timeout, this, &AuditPanel::reload);
    connect(m_fromCheck, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toCheck, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    connect(m_fromCheck, &QCheckBox::toggled, this, &AuditPanel::filterChanged);
    connect(m_toCheck, &QCheckBox::toggled, this, &AuditPanel::filterChanged);
    connect(m_filter, &QLineEdit::textChanged, this, &AuditPanel::filterChanged);
    connect(m_actor, &QLineEdit::textChanged, this, &AuditPanel::filterChanged);
    connect(m_action, &QComboBox::currentIndexChanged, this, &AuditPanel::filterChanged);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &AuditPanel::filterChanged);

    auto* refresh = new QPushButton(tr("Reloa&d"), this);
    refresh->setIcon(actionIcon("reload"));
    refresh->setObjectName(QStringLiteral("reloadAuditPushButton"));
    connect(refresh, &QPushButton::clicked, this, &AuditPanel::reload);
    m_export = new QPushButton(tr("E&xport CSV\u2026"), this);
    m_export->setIcon(actionIcon("export"));
    m_export->setObjectName(QStringLiteral("exportAuditPushButton"));
    m_export->setAccessibleName(tr("Export the shown audit entries to a CSV file"));
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export the audit log"), tr("audit.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    m_transfer = new CsvTransfer(QStringLiteral("audit"), m_messages, this);
    connect(m_transfer, &CsvTransfer::finished, this, &AuditPanel::exportFinished);

    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("auditTableWidget"));
    m_table->setAccessibleName(tr("Audit log"));
    m_table->setHorizontalHeaderLabels(
        {tr("When"), tr("Actor"), tr("Action"), tr("Target"), tr("Outcome"), tr("Detail")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(5, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("auditCountLabel"));

    auto label = [this](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    auto* filters = new QGridLayout;
    filters->addWidget(label(tr("&Who:"), m_actor), 0, 0);
    filters->addWidget(m_actor, 0, 1);
    filters->addWidget(label(tr("A&ction:"), m_action), 0, 2);
    filters->addWidget(m_action, 0, 3);
    filters->addWidget(label(tr("&Outcome:"), m_outcome), 0, 4);
    filters->addWidget(m_outcome, 0, 5);
    filters->addWidget(m_fromCheck, 1, 0);
    filters->addWidget(m_from, 1, 1);
    filters->addWidget(m_toCheck, 1, 2);
    filters->addWidget(m_to, 1, 3);
    filters->addWidget(label(tr("An&y text:"), m_filter), 1, 4);
    filters->addWidget(m_filter, 1, 5);
    filters->setColumnStretch(1, 1);
    filters->setColumnStretch(3, 1);
    filters->setColumnStretch(5, 2);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_count, 1);
    bottom->addWidget(refresh);
    bottom->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_transfer->bar());
    layout->addLayout(bottom);
    m_transfer->errorsPanel()->hide();

    setTabOrder(m_actor, m_action);
    setTabOrder(m_action, m_outcome);
    setTabOrder(m_outcome, m_fromCheck);
    setTabOrder(m_fromCheck, m_from);
    setTabOrder(m_from, m_toCheck);
    setTabOrder(m_toCheck, m_to);
    setTabOrder(m_to, m_filter);
    setTabOrder(m_filter, m_table);
    setTabOrder(m_table, refresh);
    setTabOrder(refresh, m_export);
    fillActions();
}

void AuditPanel::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
}

void AuditPanel::setSession(const core::backend::SessionInfo& session)
{
    m_session = session;
}

AuditFilter AuditPanel::filter() const
{
    AuditFilter f;
    f.text = m_filter->text().trimmed();
    f.actor = m_actor->text().trimmed();
    f.action = m_action->currentData().toString();
    f.outcome = m_outcome->currentData().toString();
    if (m_fromCheck->isChecked())
        f.from = m_from->dateTime().toSecsSinceEpoch();
    if (m_toCheck->isChecked())
        f.to = m_to->dateTime().toSecsSinceEpoch();
    return f;
}

void AuditPanel::filterChanged()
{
    // The rows already here narrow at once; the back end then searches the whole log.
    applyFilter();
    if (m_backend && m_session.isValid())
        m_reloadTimer->start();
}

void AuditPanel::reload()
{
    m_reloadTimer->stop();
    if (!m_backend || !m_session.isValid())
        return;
    const AuditFilter f = filter();
    core::services::AuditLog::Query q;
    q.text = f.text;
    q.actorName = f.actor;
    q.action = f.action;
    q.outcome = f.outcome;
    q.since = f.from;
    q.until = f.to > 0 ? f.to + 1 : 0; // the filter's `to` is inclusive, the query's exclusive
    q.limit = kLimit;
    const quint64 generation = ++m_generation;
    m_backend->searchAuditLog(q).then(this, [this, generation](Result<QList<AuditEntry>> r) {
        if (generation != m_generation)
            return;
        if (!r) {
            m_messages->showMessage(MessageBar::Kind::Error, errorText(r.error()));
            return;
        }
        m_entries = r.value();
        fillActions();
        applyFilter();
        Q_EMIT loaded(int(m_entries.size()));
    });
}

void AuditPanel::fillActions()
{
    // "All actions", each group ("user.…") and each action seen, keeping the current choice.
    const QString current = m_action->currentData().toString();
    const qsizetype before = m_knownActions.size();
    for (const AuditEntry& e : std::as_const(m_entries))
        m_knownActions.insert(e.action);
    if (before == m_knownActions.size() && m_action->count() > 0)
        return;
    QSet<QString> groups;
    for (const QString& action : std::as_const(m_knownActions)) {
        const qsizetype dot = action.indexOf(QLatin1Char('.'));
        if (dot > 0)
            groups.insert(action.left(dot + 1));
    }
    QStringList all(groups.begin(), groups.end());
    all += QStringList(m_knownActions.begin(), m_knownActions.end());
    all.sort();
    const QSignalBlocker block(m_action);
    m_action->clear();
    m_action->addItem(tr("All actions"), QString());
    for (const QString& a : std::as_const(all))
        m_action->addItem(a.endsWith(QLatin1Char('.')) ? tr("%1* (all)").arg(a) : a, a);
    m_action->setCurrentIndex(std::max(0, m_action->findData(current)));
}

void AuditPanel::applyFilter()
{
    const AuditFilter f = filter();
    m_shown.clear();
    for (const AuditEntry& e : std::as_const(m_entries)) {
        if (f.matches(e))
            m_shown << e;
    }
    m_table->setRowCount(int(m_shown.size()));
    for (int i = 0; i < m_shown.size(); ++i) {
        const AuditEntry& e = m_shown.at(i);
        const QStringList cells{QLocale().toString(QDateTime::fromSecsSinceEpoch(e.at), QLocale::ShortFormat),
                                e.actor.isEmpty() ? tr("(anonymous)") : e.actor,
                                e.action,
                                e.target,
                                e.outcome,
                                e.detail};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells.at(c)));
    }
    const QString shown = m_shown.size() == 1
                              ? tr("Showing 1 entry")
                              : tr("Showing %1 entries").arg(QLocale().toString(qint64(m_shown.size())));
    m_count->setText(m_entries.size() >= kLimit
                         ? tr("%1 (of the newest %2 matches)").arg(shown, QLocale().toString(kLimit))
                         : shown);
}

void AuditPanel::exportCsv(const QString& path)
{
    if (m_transfer->isRunning())
        return;
    // A snapshot of what is shown, handed out 500 rows at a time (formatted and written on a worker).
    const QList<AuditEntry> shown = m_shown;
    auto fetch = [shown](int page) {
        constexpr int kChunk = 500;
        CsvChunk chunk;
        const qsizetype first = qsizetype(page - 1) * kChunk;
        for (qsizetype i = first; i < std::min<qsizetype>(shown.size(), first + kChunk); ++i)
            chunk.rows << csvRow(shown.at(i));
        chunk.total = shown.size();
        chunk.last = first + kChunk >= shown.size();
        return QtFuture::makeReadyFuture(Result<CsvChunk>(chunk));
    };
    const QStringList header{QStringLiteral("at"),     QStringLiteral("actor_id"), QStringLiteral("actor"),
                             QStringLiteral("action"), QStringLiteral("target"),   QStringLiteral("outcome"),
                             QStringLiteral("detail")};
    m_transfer->runExport(path, header, fetch, tr("Exporting the audit log\u2026"), [path](qint64 rows) {
        return tr("Exported %1 audit entries to %2.").arg(QLocale().toString(rows), QFileInfo(path).fileName());
    });
}

} // namespace gatehouse::ui
