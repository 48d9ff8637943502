#include "common/TransferBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

namespace gatehouse::ui {

TransferBar::TransferBar(const QString& prefix, QWidget* parent) : QWidget(parent)
{
    setObjectName(prefix + QStringLiteral("Bar"));
    m_label = new QLabel(this);
    m_label->setObjectName(prefix + QStringLiteral("Label"));
    m_label->setTextFormat(Qt::PlainText);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(prefix + QStringLiteral("ProgressBar"));
    m_bar->setAccessibleName(tr("Progress"));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(prefix + QStringLiteral("CancelPushButton"));
    m_cancel->setAccessibleName(tr("Cancel the running import or export"));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        Q_EMIT cancelRequested();
    });
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_cancel);
    hide();
}

void TransferBar::begin(const QString& text)
{
    m_running = true;
    m_label->setText(text);
    m_bar->setRange(0, 0); // busy until the first figures arrive
    m_cancel->setEnabled(true);
    show();
}

void TransferBar::setProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_bar->setRange(0, 0);
        return;
    }
    // QProgressBar takes ints: scale to per mille for huge counts.
    m_bar->setRange(0, 1000);
    m_bar->setValue(int(std::min<qint64>(1000, done * 1000 / total)));
    m_bar->setFormat(tr("%1 of %2").arg(QLocale().toString(done), QLocale().toString(total)));
}

void TransferBar::end()
{
    m_running = false;
    hide();
}

} // namespace gatehouse::ui
