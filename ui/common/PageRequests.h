#pragma once

#include <QList>

#include <optional>

namespace gatehouse::ui {

// Which pages of a paged table to fetch next, one at a time, the newest wish first (it is what is on
// screen now). Dragging the scroll bar across a million rows asks for pages it has already left behind:
// only the latest `maxWanted` are kept, and the ones pushed out are returned so the model can forget it
// asked for them (it asks again if they come back into view). Wishes from an older generation (the query
// changed) are dropped. GUI thread only.
class PageRequests
{
public:
    explicit PageRequests(int maxWanted = 6) : m_maxWanted(maxWanted) {}

    // Records that `page` of `generation` is wanted; returns the pages this pushed out.
    QList<int> want(int generation, int page)
    {
        if (m_generation != generation) {
            m_wanted.clear();
            m_generation = generation;
        }
        m_wanted.removeAll(page);
        m_wanted.append(page);
        QList<int> forgotten;
        while (m_wanted.size() > m_maxWanted)
            forgotten << m_wanted.takeFirst();
        return forgotten;
    }

    // The page to fetch now, if none is in flight and the wishes belong to `currentGeneration`; the caller
    // fetches it for generation() and calls finished() when the answer arrives.
    std::optional<int> start(int currentGeneration)
    {
        if (m_inFlight || m_wanted.isEmpty())
            return std::nullopt;
        if (m_generation != currentGeneration) {
            m_wanted.clear();
            return std::nullopt;
        }
        m_inFlight = true;
        return m_wanted.takeLast();
    }

    void finished() { m_inFlight = false; }
    int generation() const { return m_generation; }

private:
    QList<int> m_wanted; // oldest first
    int m_maxWanted;
    int m_generation = 0;
    bool m_inFlight = false;
};

} // namespace gatehouse::ui
