#include "dispatchtimer.h"

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

DispatchTimingApplication::DispatchTimingApplication(int &argc, char **argv)
    : QCoreApplication(argc, argv)
{ }

bool DispatchTimingApplication::notify(QObject *receiver, QEvent *event)
{
    // Only the outermost dispatch on the main thread: nested ones are part of it, and other
    // threads (the client's decode pool) are not the GUI thread. m_depth is main-thread only.
    if (QThread::currentThread() != thread())
        return QCoreApplication::notify(receiver, event);
    if (m_depth > 0) {
        ++m_depth;
        const bool handled = QCoreApplication::notify(receiver, event);
        --m_depth;
        return handled;
    }
    ++m_depth;
    const double wall0 = nowNs(CLOCK_MONOTONIC);
    const double cpu0 = nowNs(CLOCK_THREAD_CPUTIME_ID);
    const bool handled = QCoreApplication::notify(receiver, event);
    const double cpu = nowNs(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    const double wall = nowNs(CLOCK_MONOTONIC) - wall0;
    --m_depth;
    m_maxWallNs = qMax(m_maxWallNs, wall);
    m_maxCpuNs = qMax(m_maxCpuNs, cpu);
    if (cpu > 4e6)
        ++m_over4;
    return handled;
}

void DispatchTimingApplication::resetTimings()
{
    m_maxWallNs = 0;
    m_maxCpuNs = 0;
    m_over4 = 0;
}
