#include "controller/eventstore.h"

namespace drove::controller {

void EventStore::record(const protocol::DroveEvent &event)
{
    m_events.push_back(event);
    const qint64 horizon = event.time - m_retentionMs;
    while (!m_events.empty() && m_events.front().time < horizon)
        m_events.pop_front();
}

protocol::DroveEventsList EventStore::since(qint64 lastSyncTime, qint64 size) const
{
    protocol::DroveEventsList result;
    result.lastSyncTime = m_events.empty() ? lastSyncTime : m_events.back().time;
    for (auto it = m_events.rbegin(); it != m_events.rend(); ++it) {
        if (it->time <= lastSyncTime || result.events.size() >= size)
            break;
        result.events.append(*it);
    }
    return result;
}

protocol::DroveEventsSummary EventStore::summary(qint64 lastSyncTime) const
{
    protocol::DroveEventsSummary result;
    result.lastSyncTime = m_events.empty() ? lastSyncTime : m_events.back().time;
    for (auto it = m_events.rbegin(); it != m_events.rend() && it->time > lastSyncTime; ++it)
        result.eventsCount[protocol::toString(it->type)] += 1;
    return result;
}

} // namespace drove::controller
