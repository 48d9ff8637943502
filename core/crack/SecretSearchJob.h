#pragma once

#include "crack/SecretSearch.h"

#include <QFuture>
#include <QObject>

#include <atomic>

namespace gatehouse::core::crack {

// Runs searchSecret on the global thread pool so a GUI never blocks. Signals are emitted from worker
// threads; connect with Qt::QueuedConnection (the default across threads) to receive them in the GUI
// thread. One search per job; the job must outlive its search (the destructor cancels and waits).
class SecretSearchJob : public QObject
{
    Q_OBJECT
public:
    explicit SecretSearchJob(QObject* parent = nullptr);
    ~SecretSearchJob() override;

    void start(const CrackTarget& target, const SearchOptions& options);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(qint64 tried, qint64 total);
    void finished(bool ok, const gatehouse::core::crack::SearchResult& result, const QString& errorMessage);

private:
    std::atomic_bool m_cancel{false};
    QFuture<void> m_future;
};

} // namespace gatehouse::core::crack
