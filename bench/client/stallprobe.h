#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

/// Measures how long the thread it lives on stops serving its event loop: a 1 ms precise timer
/// records the largest gap between two of its ticks (minus the 1 ms period) and how many gaps
/// exceeded a threshold. On an idle thread the gap is the OS's timer slack and scheduling delay,
/// so measure that floor too (the VM is shared) before blaming the code.
class StallProbe : public QObject
{
    Q_OBJECT

public:
    explicit StallProbe(QObject *parent = nullptr);

    /// Starts (or restarts) measuring from now.
    void reset();
    void stop() { m_timer.stop(); }
    /// Longest gap in ms beyond the 1 ms period since reset().
    double maxStallMs() const;
    /// Gaps longer than `thresholdMs` since reset().
    int stallsOver(double thresholdMs) const;
    /// The gaps sorted, for percentiles.
    double percentile(double p) const;

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    QList<double> m_gapsMs;
};
