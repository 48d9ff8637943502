#include "crack/SecretSearchJob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace gatehouse::core::crack {

SecretSearchJob::SecretSearchJob(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<gatehouse::core::crack::SearchResult>();
}

SecretSearchJob::~SecretSearchJob()
{
    cancel();
    m_future.waitForFinished();
}

void SecretSearchJob::start(const CrackTarget& target, const SearchOptions& options)
{
    m_cancel = false;
    m_future = QtConcurrent::run([this, target, options]() {
        SearchOptions o = options;
        o.cancel = &m_cancel;
        o.progress = [this](qint64 tried, qint64 total) { Q_EMIT progress(tried, total); };
        const auto r = searchSecret(target, o);
        if (r)
            Q_EMIT finished(true, r.value(), QString());
        else
            Q_EMIT finished(false, SearchResult{}, r.error().message);
    });
}

void SecretSearchJob::cancel()
{
    m_cancel = true;
}

bool SecretSearchJob::isRunning() const
{
    return m_future.isRunning();
}

} // namespace gatehouse::core::crack
