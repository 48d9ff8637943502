#pragma once

#include <QHash>
#include <QList>
#include <QSet>

namespace gatehouse::ui {

// The rows of a paged table that are in memory: at most `maxPages` pages of `perPage` rows, the least
// recently used page dropped first. A view over a million rows keeps only what is on (or near) the screen;
// a row whose page is missing is asked for once (`markRequested`) until it arrives or the cache is cleared.
// Not thread-safe: the model that owns it uses it on the GUI thread only.
template <typename T>
class PageCache
{
public:
    explicit PageCache(int perPage = 200, int maxPages = 16) : m_perPage(perPage), m_maxPages(maxPages) {}

    int perPage() const { return m_perPage; }
    int pageOfRow(int row) const { return row / m_perPage + 1; }
    int firstRowOfPage(int page) const { return (page - 1) * m_perPage; }

    void clear()
    {
        m_pages.clear();
        m_order.clear();
        m_requested.clear();
    }

    // The item at `row`, or nullptr when its page is not in memory.
    const T* at(int row) const
    {
        if (row < 0)
            return nullptr;
        auto it = m_pages.constFind(pageOfRow(row));
        if (it == m_pages.constEnd())
            return nullptr;
        const int offset = row % m_perPage;
        return offset < it->size() ? &it->at(offset) : nullptr;
    }

    // Stores a page and returns the pages it pushed out (their rows now read as "not loaded").
    QList<int> insert(int page, const QList<T>& items)
    {
        m_requested.remove(page);
        m_pages.insert(page, items);
        m_order.removeAll(page);
        m_order.append(page);
        QList<int> dropped;
        while (m_order.size() > m_maxPages) {
            const int old = m_order.takeFirst();
            m_pages.remove(old);
            dropped << old;
        }
        return dropped;
    }

    // Marks `page` as most recently used (it is on screen again).
    void touch(int page)
    {
        if (m_order.isEmpty() || m_order.constLast() == page || !m_pages.contains(page))
            return;
        m_order.removeAll(page);
        m_order.append(page);
    }

    bool contains(int page) const { return m_pages.contains(page); }
    // True the first time a missing page is asked for: the caller then fetches it.
    bool markRequested(int page)
    {
        if (m_pages.contains(page) || m_requested.contains(page))
            return false;
        m_requested.insert(page);
        return true;
    }
    void forgetRequest(int page) { m_requested.remove(page); }

    // Row of the first cached item matching `pred`, or -1.
    template <typename Pred>
    int findRow(Pred pred) const
    {
        for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it) {
            for (int i = 0; i < it->size(); ++i) {
                if (pred(it->at(i)))
                    return firstRowOfPage(it.key()) + i;
            }
        }
        return -1;
    }

    int cachedPageCount() const { return int(m_pages.size()); }

private:
    int m_perPage;
    int m_maxPages;
    QHash<int, QList<T>> m_pages;
    QList<int> m_order; // least recently used first
    QSet<int> m_requested;
};

} // namespace gatehouse::ui
