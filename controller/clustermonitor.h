#pragma once

#include "controller/clock.h"

namespace drove::controller {

class ControllerEngine;

/// The controller's periodic reconciliation (Drove's ApplicationMonitor and executor refresh):
/// stale instances of RUNNING/MONITORING apps become LOST, an app short of its desired count
/// gets a RECOVER, executors that stopped reporting are dropped once stale, healthy instances
/// on blacklisted executors are moved; and the executors' periodic reports. It acts only through
/// the engine (operations are submitted as internal ones).
class ClusterMonitor
{
public:
    explicit ClusterMonitor(ControllerEngine &engine);
    ~ClusterMonitor();
    ClusterMonitor(const ClusterMonitor &) = delete;
    ClusterMonitor &operator=(const ClusterMonitor &) = delete;

    /// Schedules the first pass (after monitorInitialDelayMs) and the executor reports.
    void start();
    /// One pass now; the periodic schedule is unchanged.
    void runPass();
    /// REPLACE_INSTANCES (default op spec) for the healthy instances on blacklisted executors of
    /// each RUNNING app without an operation; the others are retried on the next pass.
    void moveBlacklistedInstances();

private:
    void schedulePass(qint64 delay);
    void scheduleReports();

    ControllerEngine &m_engine;
    TimerId m_passTimer = 0;
    TimerId m_reportTimer = 0;
};

} // namespace drove::controller
