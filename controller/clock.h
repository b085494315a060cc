#pragma once

#include <QObject>
#include <QPointer>
#include <QtGlobal>

#include <functional>
#include <limits>
#include <map>
#include <unordered_map>

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace drove::controller {

/// Handle of a scheduled callback; 0 is never a valid id.
using TimerId = quint64;

/// \a time + \a delay, saturated at the ends of qint64 instead of overflowing: a huge op timeout
/// ("9223372036854775807 milliseconds") is a deadline that never comes, never one in the past.
inline qint64 saturatingAdd(qint64 time, qint64 delay)
{
    qint64 sum = 0;
    if (__builtin_add_overflow(time, delay, &sum))
        return delay > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return sum;
}

/// The single source of time and timers for the controller core. Everything that waits (instance
/// lifecycles, job deadlines, the monitor) goes through it, so tests can run in virtual time.
class Clock
{
public:
    virtual ~Clock() = default;

    /// Current time in epoch milliseconds.
    virtual qint64 now() const = 0;

    /// Runs \a callback once, \a delayMs from now (negative delays count as 0). If \a context is
    /// given and destroyed before the timer fires, the callback is not run.
    virtual TimerId schedule(qint64 delayMs, std::function<void()> callback,
                             QObject *context = nullptr)
        = 0;

    /// Cancels a pending callback; unknown or already fired ids are ignored.
    virtual void cancel(TimerId id) = 0;
};

/// A clock that only moves when told to. Timers due at the same instant run in scheduling order.
class VirtualClock : public Clock
{
public:
    explicit VirtualClock(qint64 startEpochMs = 1767225600000LL); // 2026-01-01T00:00:00Z

    qint64 now() const override { return m_now; }
    TimerId schedule(qint64 delayMs, std::function<void()> callback,
                     QObject *context = nullptr) override;
    void cancel(TimerId id) override;

    /// Moves time forward by \a ms, running every timer that falls due on the way.
    void advance(qint64 ms);
    /// Runs timers (moving time) until \a done returns true, no timer is left, or \a maxMs of
    /// virtual time have passed. Returns whether \a done became true.
    bool runUntil(const std::function<bool()> &done, qint64 maxMs);
    /// Number of pending timers.
    int pendingTimers() const { return int(m_byId.size()); }
    /// Total callbacks run since construction (a cost measure for benchmarks).
    quint64 firedCount() const { return m_fired; }

private:
    struct Entry
    {
        TimerId id;
        std::function<void()> callback;
        QPointer<QObject> context;
        bool hasContext;
    };
    using Key = std::pair<qint64, quint64>; // due time, sequence
    bool runNext(qint64 limit);

    qint64 m_now;
    quint64 m_nextId = 1;
    quint64 m_fired = 0;
    std::map<Key, Entry> m_queue;
    std::unordered_map<TimerId, Key> m_byId;
};

/// Wall-clock time with QTimer-driven callbacks on the thread that owns this object.
class RealTimeClock
    : public QObject
    , public Clock
{
    Q_OBJECT
public:
    explicit RealTimeClock(QObject *parent = nullptr);
    ~RealTimeClock() override;

    qint64 now() const override;
    TimerId schedule(qint64 delayMs, std::function<void()> callback,
                     QObject *context = nullptr) override;
    void cancel(TimerId id) override;

private:
    quint64 m_nextId = 1;
    std::unordered_map<TimerId, QTimer *> m_timers;
};

} // namespace drove::controller
