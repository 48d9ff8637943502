#pragma once

#include "backend/Backend.h"

#include <QWidget>

class QLineEdit;
class QTableWidget;

namespace gatehouse::ui {

class MessageBar;

// The audit log, newest first, with a text filter over action, actor and target. Needs audit.view.
class AuditPanel : public QWidget
{
    Q_OBJECT
public:
    AuditPanel(MessageBar* messageBar, QWidget* parent = nullptr);
    void setBackend(core::backend::Backend* backend);
    void setSession(const core::backend::SessionInfo& session);

public Q_SLOTS:
    void reload();

private:
    void applyFilter();

    core::backend::Backend* m_backend = nullptr;
    core::backend::SessionInfo m_session;
    MessageBar* m_messages = nullptr;
    QLineEdit* m_filter = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace gatehouse::ui
