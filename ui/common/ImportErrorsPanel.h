#pragma once

#include "services/ImportReport.h"

#include <QFrame>

class QLabel;
class QTableWidget;

namespace gatehouse::ui {

// The row-level problems of a rejected import, inline below a table (non-modal), until closed. Cells are
// plain text: a bad row may hold anything.
class ImportErrorsPanel : public QFrame
{
    Q_OBJECT
public:
    ImportErrorsPanel(const QString& prefix, QWidget* parent = nullptr);
    void showErrors(const QString& fileName, const QList<core::services::ImportReport::RowError>& errors);
    int errorCount() const;

private:
    QLabel* m_title = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace gatehouse::ui
