#include "admin/AuditPanel.h"

#include "common/ErrorText.h"
#include "common/MessageBar.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::Result;
using core::services::AuditEntry;

AuditPanel::AuditPanel(MessageBar* messageBar, QWidget* parent) : QWidget(parent), m_messages(messageBar)
{
    setObjectName(QStringLiteral("auditPanel"));
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("auditFilterLineEdit"));
    m_filter->setAccessibleName(tr("Filter the audit log"));
    m_filter->setPlaceholderText(tr("Filter by action, actor or target"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &AuditPanel::applyFilter);
    auto* refresh = new QPushButton(tr("Re&load"), this);
    refresh->setObjectName(QStringLiteral("reloadAuditPushButton"));
    connect(refresh, &QPushButton::clicked, this, &AuditPanel::reload);

    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("auditTableWidget"));
    m_table->setAccessibleName(tr("Audit log"));
    m_table->setHorizontalHeaderLabels(
        {tr("When"), tr("Actor"), tr("Action"), tr("Target"), tr("Outcome"), tr("Detail")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(5, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(refresh);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
}

void AuditPanel::setBackend(core::backend::Backend* backend)
{
    m_backend = backend;
}

void AuditPanel::setSession(const core::backend::SessionInfo& session)
{
    m_session = session;
}

void AuditPanel::reload()
{
    if (!m_backend || !m_session.isValid())
        return;
    m_backend->auditLog(500).then(this, [this](Result<QList<AuditEntry>> r) {
        if (!r) {
            m_messages->showMessage(MessageBar::Kind::Error, errorText(r.error()));
            return;
        }
        const QList<AuditEntry>& entries = r.value();
        m_table->setRowCount(int(entries.size()));
        for (int i = 0; i < entries.size(); ++i) {
            const AuditEntry& e = entries.at(i);
            const QStringList cells{QLocale().toString(QDateTime::fromSecsSinceEpoch(e.at), QLocale::ShortFormat),
                                    e.actor.isEmpty() ? tr("(anonymous)") : e.actor,
                                    e.action,
                                    e.target,
                                    e.outcome,
                                    e.detail};
            for (int c = 0; c < cells.size(); ++c)
                m_table->setItem(i, c, new QTableWidgetItem(cells.at(c)));
        }
        applyFilter();
    });
}

void AuditPanel::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        bool match = needle.isEmpty();
        for (int c = 1; c <= 3 && !match; ++c)
            match = m_table->item(row, c) && m_table->item(row, c)->text().contains(needle, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !match);
    }
}

} // namespace gatehouse::ui
