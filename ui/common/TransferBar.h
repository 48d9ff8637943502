#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace gatehouse::ui {

// An inline strip for a running import or export: what is happening, a progress bar and a Cancel button.
// Hidden when idle. Object names start with `prefix` ("taskTransfer" → taskTransferProgressBar,
// taskTransferCancelPushButton, taskTransferLabel) so GUI tests find each page's own.
class TransferBar : public QWidget
{
    Q_OBJECT
public:
    TransferBar(const QString& prefix, QWidget* parent = nullptr);

    void begin(const QString& text);
    void setProgress(qint64 done, qint64 total);
    void end();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel* m_label = nullptr;
    QProgressBar* m_bar = nullptr;
    QPushButton* m_cancel = nullptr;
    bool m_running = false;
};

} // namespace gatehouse::ui
