#include "controller/jobwindow.h"

#include <QPointer>

namespace drove::controller {

JobWindow::JobWindow(Clock &clock, int parallelism, qint64 deadline, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_parallelism(qMax(1, parallelism))
    , m_deadline(deadline)
{ }

JobWindow::~JobWindow()
{
    if (m_deadlineTimer)
        m_clock.cancel(m_deadlineTimer);
}

void JobWindow::add(Job job)
{
    m_queue.push_back(std::move(job));
    if (m_started)
        pump();
}

void JobWindow::start(std::function<void()> finished)
{
    m_finished = std::move(finished);
    m_started = true;
    if (m_clock.now() >= m_deadline) {
        onDeadline();
        return;
    }
    m_deadlineTimer = m_clock.schedule(
        m_deadline - m_clock.now(), [this] { onDeadline(); }, this);
    pump();
}

void JobWindow::cancel()
{
    if (m_done)
        return;
    m_cancelled = true;
    m_skipped += int(m_queue.size());
    m_queue.clear();
    finishIfIdle();
}

void JobWindow::onDeadline()
{
    m_deadlineTimer = 0;
    if (m_done)
        return;
    // A real-time timer waits at most ~24 days; a later deadline is simply waited for again.
    if (m_clock.now() < m_deadline) {
        m_deadlineTimer = m_clock.schedule(
            m_deadline - m_clock.now(), [this] { onDeadline(); }, this);
        return;
    }
    m_timedOut = true;
    m_skipped += int(m_queue.size());
    m_queue.clear();
    finishIfIdle();
}

void JobWindow::pump()
{
    // A job may complete synchronously and re-enter; the loop below picks up its slot.
    if (m_pumping)
        return;
    m_pumping = true;
    while (!m_done && !isStopping() && m_inFlight < m_parallelism && !m_queue.empty()) {
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_inFlight;
        m_maxInFlight = qMax(m_maxInFlight, m_inFlight);
        auto reported = std::make_shared<bool>(false);
        QPointer<JobWindow> self(this);
        job([self, reported](bool ok) {
            if (*reported || !self)
                return;
            *reported = true;
            --self->m_inFlight;
            ok ? ++self->m_succeeded : ++self->m_failed;
            if (!self->m_pumping)
                self->pump();
        });
    }
    m_pumping = false;
    finishIfIdle();
}

void JobWindow::finishIfIdle()
{
    if (m_done || !m_started || m_pumping || m_inFlight > 0)
        return;
    if (!m_queue.empty() && !isStopping())
        return;
    m_done = true;
    if (m_deadlineTimer) {
        m_clock.cancel(m_deadlineTimer);
        m_deadlineTimer = 0;
    }
    if (m_finished) {
        auto finished = std::move(m_finished);
        finished();
    }
}

} // namespace drove::controller
