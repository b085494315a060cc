#pragma once

#include <QCoreApplication>

/// A QCoreApplication that times every top-level event dispatch on the main thread: the longest
/// wall-clock time and the longest thread-CPU time one dispatch (a slot, a reply handler, a
/// model update) kept the event loop away. The CPU figure does not count time the thread was
/// preempted, so on a machine shared with parallel builds it isolates what our code costs from
/// what the scheduler adds; the heartbeat (StallProbe) shows the sum of both.
class DispatchTimingApplication : public QCoreApplication
{
public:
    DispatchTimingApplication(int &argc, char **argv);

    bool notify(QObject *receiver, QEvent *event) override;

    void resetTimings();
    double maxDispatchWallMs() const { return m_maxWallNs / 1e6; }
    double maxDispatchCpuMs() const { return m_maxCpuNs / 1e6; }
    /// Dispatches whose CPU time exceeded `ms` since resetTimings() (counted at 4 ms).
    int dispatchesOver4Ms() const { return m_over4; }

private:
    int m_depth = 0;
    double m_maxWallNs = 0;
    double m_maxCpuNs = 0;
    int m_over4 = 0;
};
