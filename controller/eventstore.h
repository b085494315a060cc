#pragma once

#include "protocol/droveevent.h"
#include "protocol/droveeventslist.h"
#include "protocol/droveeventssummary.h"

#include <deque>

namespace drove::controller {

/// The controller's in-memory event store (like Drove's, wiped on restart): events kept for a
/// retention period, read "since lastSyncTime", newest first.
class EventStore
{
public:
    explicit EventStore(qint64 retentionMs = 60LL * 60 * 1000)
        : m_retentionMs(retentionMs)
    { }

    /// Appends an event (time must not go backwards) and drops events older than the retention.
    void record(const protocol::DroveEvent &event);

    /// Events with time > lastSyncTime, newest first, at most \a size; lastSyncTime is the newest
    /// stored event's time, or the given value if the store is empty.
    protocol::DroveEventsList since(qint64 lastSyncTime, qint64 size) const;
    protocol::DroveEventsSummary summary(qint64 lastSyncTime) const;

    int size() const { return int(m_events.size()); }
    void clear() { m_events.clear(); }

private:
    qint64 m_retentionMs;
    std::deque<protocol::DroveEvent> m_events; // oldest first
};

} // namespace drove::controller
