#include "controller/clock.h"

#include <QDateTime>
#include <QTimer>

#include <limits>

namespace drove::controller {

VirtualClock::VirtualClock(qint64 startEpochMs)
    : m_now(startEpochMs)
{ }

TimerId VirtualClock::schedule(qint64 delayMs, std::function<void()> callback, QObject *context)
{
    const TimerId id = m_nextId++;
    const Key key {saturatingAdd(m_now, qMax<qint64>(0, delayMs)), id};
    m_queue.emplace(
        key, Entry {id, std::move(callback), QPointer<QObject>(context), context != nullptr});
    m_byId.emplace(id, key);
    return id;
}

void VirtualClock::cancel(TimerId id)
{
    const auto it = m_byId.find(id);
    if (it == m_byId.end())
        return;
    m_queue.erase(it->second);
    m_byId.erase(it);
}

bool VirtualClock::runNext(qint64 limit)
{
    if (m_queue.empty())
        return false;
    auto it = m_queue.begin();
    if (it->first.first > limit)
        return false;
    m_now = qMax(m_now, it->first.first);
    Entry entry = std::move(it->second);
    m_byId.erase(entry.id);
    m_queue.erase(it);
    if (!entry.hasContext || entry.context) {
        ++m_fired;
        entry.callback();
    }
    return true;
}

void VirtualClock::advance(qint64 ms)
{
    const qint64 target = saturatingAdd(m_now, qMax<qint64>(0, ms));
    while (runNext(target)) { }
    m_now = qMax(m_now, target);
}

bool VirtualClock::runUntil(const std::function<bool()> &done, qint64 maxMs)
{
    const qint64 limit = saturatingAdd(m_now, maxMs);
    while (!done()) {
        if (!runNext(limit)) {
            m_now = qMax(m_now, limit);
            return done();
        }
    }
    return true;
}

RealTimeClock::RealTimeClock(QObject *parent)
    : QObject(parent)
{ }

RealTimeClock::~RealTimeClock() = default; // the timers are children

qint64 RealTimeClock::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

TimerId RealTimeClock::schedule(qint64 delayMs, std::function<void()> callback, QObject *context)
{
    const TimerId id = m_nextId++;
    auto *timer = new QTimer(this); // a child, so it follows the clock to another thread
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(timer, &QTimer::timeout, this,
            [this, id, guard, hasContext, callback = std::move(callback)]() {
                const auto it = m_timers.find(id);
                if (it == m_timers.end())
                    return;
                it->second->deleteLater();
                m_timers.erase(it);
                if (!hasContext || guard)
                    callback();
            });
    m_timers.emplace(id, timer);
    timer->start(int(qBound<qint64>(0, delayMs, qint64(std::numeric_limits<int>::max()))));
    return id;
}

void RealTimeClock::cancel(TimerId id)
{
    const auto it = m_timers.find(id);
    if (it == m_timers.end())
        return;
    it->second->stop();
    it->second->deleteLater();
    m_timers.erase(it);
}

} // namespace drove::controller
