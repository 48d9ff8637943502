#include "common/ImportErrorsPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::services::ImportReport;

ImportErrorsPanel::ImportErrorsPanel(const QString& prefix, QWidget* parent) : QFrame(parent)
{
    setObjectName(prefix + QStringLiteral("Frame"));
    setFrameShape(QFrame::StyledPanel);
    m_title = new QLabel(this);
    m_title->setObjectName(prefix + QStringLiteral("Label"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    auto* close = new QPushButton(tr("C&lose"), this);
    close->setObjectName(prefix + QStringLiteral("ClosePushButton"));
    close->setAccessibleName(tr("Close the import problems"));
    connect(close, &QPushButton::clicked, this, &QWidget::hide);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(prefix + QStringLiteral("TableWidget"));
    m_table->setAccessibleName(tr("Import problems"));
    m_table->setHorizontalHeaderLabels({tr("Row"), tr("Column"), tr("Problem")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMaximumHeight(160);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table);
    hide();
}

void ImportErrorsPanel::showErrors(const QString& fileName, const QList<ImportReport::RowError>& errors)
{
    m_title->setText(tr("%1 was not imported: %n row(s) have problems. Fix them and import the file again.", nullptr,
                        int(errors.size()))
                         .arg(fileName));
    m_table->setRowCount(int(errors.size()));
    for (int i = 0; i < errors.size(); ++i) {
        const ImportReport::RowError& e = errors.at(i);
        m_table->setItem(i, 0, new QTableWidgetItem(QString::number(e.row)));
        m_table->setItem(i, 1, new QTableWidgetItem(e.field));
        m_table->setItem(i, 2, new QTableWidgetItem(e.message));
    }
    show();
}

int ImportErrorsPanel::errorCount() const
{
    return isVisible() ? m_table->rowCount() : 0;
}

} // namespace gatehouse::ui
