#pragma once

#include "admin/AuditFilter.h"
#include "backend/Backend.h"

#include <QSet>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace gatehouse::ui {

class CsvTransfer;
class MessageBar;

// The audit log, newest first, filtered by who, action, outcome, a time range and free text, and
// exported as CSV (the filtered rows, written off the GUI thread). Needs audit.view.
// Every filter goes to the back end (Backend::searchAuditLog), so it searches the whole log and returns
// the newest kLimit matches; a change filters the shown rows at once and asks the back end again shortly
// after (typing does not send a query per key).
class AuditPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kLimit = 5000;

    AuditPanel(MessageBar* messageBar, QWidget* parent = nullptr);
    void setBackend(core::backend::Backend* backend);
    void setSession(const core::backend::SessionInfo& session);
    AuditFilter filter() const;
    int visibleCount() const { return int(m_shown.size()); }

public Q_SLOTS:
    void reload();
    void exportCsv(const QString& path);

Q_SIGNALS:
    void loaded(int entries);
    void exportFinished(bool ok, qint64 rows);

private:
    void applyFilter();
    void filterChanged();
    void fillActions();

    core::backend::Backend* m_backend = nullptr;
    core::backend::SessionInfo m_session;
    MessageBar* m_messages = nullptr;
    QList<core::services::AuditEntry> m_entries;
    QList<core::services::AuditEntry> m_shown;
    QSet<QString> m_knownActions; // every action seen, so narrowing by one keeps the others choosable
    quint64 m_generation = 0;     // answers to an older query are dropped
    QTimer* m_reloadTimer = nullptr;
    QLineEdit* m_filter = nullptr;
    QLineEdit* m_actor = nullptr;
    QComboBox* m_action = nullptr;
    QComboBox* m_outcome = nullptr;
    QCheckBox* m_fromCheck = nullptr;
    QDateTimeEdit* m_from = nullptr;
    QCheckBox* m_toCheck = nullptr;
    QDateTimeEdit* m_to = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_count = nullptr;
    QTableWidget* m_table = nullptr;
    CsvTransfer* m_transfer = nullptr;
};

} // namespace gatehouse::ui
