#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <functional>

/// Runs the event loop until `done` or `timeoutMs`; false on timeout. For the client benches,
/// which drive a live session from main() without a nested QEventLoop per step.
///
/// The thread sleeps between events, as the console's own event loop does: `done` is checked
/// after every event and on a 1 ms timer. (processEvents() with a maximum time never sleeps: it
/// kept the GUI thread spinning, one of this VM's two cores, while the decoding thread and the
/// network thread it was measuring waited for CPU.)
inline bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QTimer wake; // at least one event a millisecond, so the timeout is seen
    wake.start(1);
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}
