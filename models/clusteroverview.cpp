#include "models/clusteroverview.h"

namespace drove::models {

ClusterOverview::ClusterOverview(QObject *parent)
    : QObject(parent)
{ }

void ClusterOverview::setSummary(const protocol::ClusterSummary &summary)
{
    if (m_hasSummary && summary == m_summary)
        return;
    m_summary = summary;
    m_hasSummary = true;
    Q_EMIT summaryChanged();
}

void ClusterOverview::setStale(bool stale, const QDateTime &lastSuccess)
{
    const QDateTime when = lastSuccess.isValid() ? lastSuccess : m_lastSuccess;
    if (stale == m_stale && when == m_lastSuccess)
        return;
    m_stale = stale;
    m_lastSuccess = when;
    Q_EMIT freshnessChanged();
}

void ClusterOverview::setStateChangedAt(qint64 epochMs)
{
    if (epochMs <= m_stateChangedAtMs)
        return;
    m_stateChangedAtMs = epochMs;
    Q_EMIT summaryChanged();
}

qint64 ClusterOverview::refusesOperationsUntil(qint64 nowMs) const
{
    if (!m_hasSummary || maintenance() || m_stateChangedAtMs <= 0)
        return 0;
    const qint64 until = m_stateChangedAtMs + kMaintenanceTailMs;
    return nowMs < until ? until : 0;
}

void ClusterOverview::clear()
{
    m_stateChangedAtMs = 0;
    m_summary = protocol::ClusterSummary();
    m_hasSummary = false;
    m_stale = false;
    m_lastSuccess = QDateTime();
    Q_EMIT summaryChanged();
    Q_EMIT freshnessChanged();
}

QString ClusterOverview::stateName() const
{
    return m_hasSummary ? protocol::toString(m_summary.state) : QString();
}

double ClusterOverview::coreUsage() const
{
    return m_summary.totalCores > 0 ? double(m_summary.usedCores) / m_summary.totalCores : 0.0;
}

double ClusterOverview::memoryUsage() const
{
    return m_summary.totalMemory > 0 ? double(m_summary.usedMemory) / double(m_summary.totalMemory)
                                     : 0.0;
}

} // namespace drove::models
