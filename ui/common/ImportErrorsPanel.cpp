#include "common/ImportErrorsPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

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
    // A huge bad file lists its first problems only: enough to fix the pattern, cheap to show.
    constexpr qsizetype kShown = 1000;
    m_title->setText(
        tr("%1 was not imported: %n row(s) have problems. Fix them and import the file again.", nullptr,
           int(errors.size()))
            .arg(fileName) +
        (errors.size() > kShown ? QLatin1Char(' ') + tr("The first %1 are listed.").arg(kShown) : QString()));
    const int shown = int(std::min(errors.size(), kShown));
    m_table->setRowCount(shown);
    for (int i = 0; i < shown; ++i) {
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
