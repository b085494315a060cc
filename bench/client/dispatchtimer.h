#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <functional>

/// Times every top-level event dispatch on the main thread: the longest wall-clock time and the
/// longest thread-CPU time one dispatch (a slot, a reply handler, a model update, a paint) kept
/// the event loop away. The CPU figure does not count time the thread was preempted, so on a
/// machine shared with parallel builds it isolates what our code costs from what the scheduler
/// adds; the heartbeat (StallProbe) shows the sum of both.
class DispatchClock
{
public:
    /// Runs `dispatch` (the base class's notify()), timing it when it is the outermost dispatch
    /// on `mainThread`'s thread.
    bool time(const QObject *application, const std::function<bool()> &dispatch,
              const QObject *receiver = nullptr, const QEvent *event = nullptr);

    void reset();
    double maxWallMs() const { return m_maxWallNs / 1e6; }
    double maxCpuMs() const { return m_maxCpuNs / 1e6; }
    /// Dispatches whose CPU time exceeded `ms` since reset().
    int over(double ms) const;
    /// What the longest dispatch (by CPU) delivered: receiver class, object name, event type.
    QString longestWhat() const { return m_longestWhat; }

private:
    int m_depth = 0;
    double m_maxWallNs = 0;
    double m_maxCpuNs = 0;
    QList<double> m_longCpuNs; ///< every dispatch over 2 ms of CPU
    QString m_longestWhat;
};

/// A QCoreApplication whose dispatches are timed by a DispatchClock.
class DispatchTimingApplication : public QCoreApplication
{
public:
    DispatchTimingApplication(int &argc, char **argv);

    bool notify(QObject *receiver, QEvent *event) override;

    void resetTimings() { m_clock.reset(); }
    double maxDispatchWallMs() const { return m_clock.maxWallMs(); }
    double maxDispatchCpuMs() const { return m_clock.maxCpuMs(); }
    /// Dispatches whose CPU time exceeded 4 ms since resetTimings().
    int dispatchesOver4Ms() const { return m_clock.over(4); }
    QString longestWhat() const { return m_clock.longestWhat(); }

private:
    DispatchClock m_clock;
};
