#pragma once

#include <atomic>

namespace gatehouse::core::backend {

// Cancels one whole-file import, truthfully. A QFuture::cancel() that lands while the import commits
// loses the import's answer (Qt drops results reported after a cancel), so the caller would believe
// nothing was imported although the rows are saved. With this token the import itself decides: a
// cancel before it begins to commit rolls everything back and the import answers import.cancelled; a
// cancel after that is refused, and the import answers with the rows it saved. Thread-safe.
class ImportCancel
{
public:
    // From any thread. True: the import stops at its next check and rolls back (or has not started).
    // False: too late, the import is committing; its result will report what it saved.
    bool request()
    {
        int expected = Running;
        return m_state.compare_exchange_strong(expected, Cancelled) || expected == Cancelled;
    }

    bool isRequested() const { return m_state.load() == Cancelled; }

    // From the importing thread, as the last step inside its transaction. False if a cancel came first
    // (roll back); after true, every request() is refused.
    bool beginCommit()
    {
        int expected = Running;
        return m_state.compare_exchange_strong(expected, Committing) || expected == Committing;
    }

private:
    enum State : int
    {
        Running,
        Cancelled,
        Committing
    };
    std::atomic<int> m_state{Running};
};

} // namespace gatehouse::core::backend
