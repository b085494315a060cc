#include "dispatchtimer.h"

#include <QEvent>
#include <QThread>

#include <time.h>

namespace {

double nowNs(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

} // namespace

bool DispatchClock::time(const QObject *application, const std::function<bool()> &dispatch,
                         const QObject *receiver, const QEvent *event)
{
    // Only the outermost dispatch on the main thread: nested ones are part of it, and other
    // threads (the client's decode pool) are not the GUI thread. m_depth is main-thread only.
    if (QThread::currentThread() != application->thread())
        return dispatch();
    if (m_depth > 0) {
        ++m_depth;
        const bool handled = dispatch();
        --m_depth;
        return handled;
    }
    // What is delivered, read before: a receiver may delete itself while handling the event.
    const char *className = receiver ? receiver->metaObject()->className() : nullptr;
    const QString objectName = receiver ? receiver->objectName() : QString();
    const int eventType = event ? int(event->type()) : -1;
    ++m_depth;
    const double wall0 = nowNs(CLOCK_MONOTONIC);
    const double cpu0 = nowNs(CLOCK_THREAD_CPUTIME_ID);
    const bool handled = dispatch();
    const double cpu = nowNs(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    const double wall = nowNs(CLOCK_MONOTONIC) - wall0;
    --m_depth;
    m_maxWallNs = qMax(m_maxWallNs, wall);
    if (cpu > m_maxCpuNs && className) {
        m_longestWhat = QStringLiteral("%1 \"%2\" event %3")
                            .arg(QLatin1String(className), objectName)
                            .arg(eventType);
    }
    m_maxCpuNs = qMax(m_maxCpuNs, cpu);
    static const bool trace = qEnvironmentVariableIsSet("BENCH_TRACE_DISPATCH");
    if (trace && cpu > 0.3e6)
        qInfo("dispatch %.2f ms CPU: %s event %d", cpu / 1e6, className ? className : "?",
              eventType);
    if (cpu > 2e6)
        m_longCpuNs.append(cpu);
    return handled;
}

void DispatchClock::reset()
{
    m_maxWallNs = 0;
    m_maxCpuNs = 0;
    m_longCpuNs.clear();
    m_longestWhat.clear();
}

int DispatchClock::over(double ms) const
{
    int count = 0;
    for (double ns : m_longCpuNs)
        count += ns > ms * 1e6 ? 1 : 0;
    return count;
}

DispatchTimingApplication::DispatchTimingApplication(int &argc, char **argv)
    : QCoreApplication(argc, argv)
{ }

bool DispatchTimingApplication::notify(QObject *receiver, QEvent *event)
{
    return m_clock.time(
        this, [&] { return QCoreApplication::notify(receiver, event); }, receiver, event);
}
