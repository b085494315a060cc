#pragma once

#include "controller/clock.h"

#include <QObject>

#include <deque>
#include <functional>

namespace drove::controller {

/// Runs an operation's jobs through a sliding window of at most `parallelism` at once (Drove's
/// fixed thread pool), bounded by a whole-operation deadline and stoppable by cancel. Cancel and
/// the deadline skip jobs that have not started; jobs in flight always run to completion.
class JobWindow : public QObject
{
    Q_OBJECT
public:
    /// A job reports completion exactly once through the callback (true = success).
    using Done = std::function<void(bool)>;
    using Job = std::function<void(Done)>;

    JobWindow(Clock &clock, int parallelism, qint64 deadline, QObject *parent = nullptr);
    ~JobWindow() override;

    void add(Job job);
    /// Starts the window; \a finished runs once when nothing is queued or in flight.
    void start(std::function<void()> finished);
    /// Skips every queued job; in-flight ones finish.
    void cancel();

    bool isCancelled() const { return m_cancelled; }
    bool isTimedOut() const { return m_timedOut; }
    /// Cancelled or past the deadline: jobs should not start new attempts.
    bool isStopping() const { return m_cancelled || m_timedOut; }
    int inFlight() const { return m_inFlight; }
    int maxInFlight() const { return m_maxInFlight; }
    int succeeded() const { return m_succeeded; }
    int failed() const { return m_failed; }
    int skipped() const { return m_skipped; }

private:
    void pump();
    void onDeadline();
    void finishIfIdle();

    Clock &m_clock;
    int m_parallelism;
    qint64 m_deadline;
    TimerId m_deadlineTimer = 0;
    std::deque<Job> m_queue;
    std::function<void()> m_finished;
    bool m_started = false;
    bool m_done = false;
    bool m_cancelled = false;
    bool m_timedOut = false;
    bool m_pumping = false;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_succeeded = 0;
    int m_failed = 0;
    int m_skipped = 0;
};

} // namespace drove::controller
