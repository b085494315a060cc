#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>

#include <functional>

/// Runs the event loop until `done` or `timeoutMs`; false on timeout. For the client benches,
/// which drive a live session from main() without a nested QEventLoop per step.
inline bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}
