#pragma once

#include "protocol/clustersummary.h"

#include <QDateTime>
#include <QObject>

namespace drove::models {

/// The cluster bar: the latest ClusterSummary plus the connection's freshness, as properties
/// with change signals (a single row does not need an item model).
class ClusterOverview : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString leader READ leader NOTIFY summaryChanged)
    Q_PROPERTY(QString stateName READ stateName NOTIFY summaryChanged)
    Q_PROPERTY(bool maintenance READ maintenance NOTIFY summaryChanged)
    Q_PROPERTY(int numExecutors READ numExecutors NOTIFY summaryChanged)
    Q_PROPERTY(int numApplications READ numApplications NOTIFY summaryChanged)
    Q_PROPERTY(int numActiveApplications READ numActiveApplications NOTIFY summaryChanged)
    Q_PROPERTY(int freeCores READ freeCores NOTIFY summaryChanged)
    Q_PROPERTY(int usedCores READ usedCores NOTIFY summaryChanged)
    Q_PROPERTY(int totalCores READ totalCores NOTIFY summaryChanged)
    Q_PROPERTY(qint64 freeMemory READ freeMemory NOTIFY summaryChanged)
    Q_PROPERTY(qint64 usedMemory READ usedMemory NOTIFY summaryChanged)
    Q_PROPERTY(qint64 totalMemory READ totalMemory NOTIFY summaryChanged)
    Q_PROPERTY(double coreUsage READ coreUsage NOTIFY summaryChanged)
    Q_PROPERTY(double memoryUsage READ memoryUsage NOTIFY summaryChanged)
    Q_PROPERTY(bool hasSummary READ hasSummary NOTIFY summaryChanged)
    Q_PROPERTY(bool stale READ isStale NOTIFY freshnessChanged)
    Q_PROPERTY(QDateTime lastSuccess READ lastSuccess NOTIFY freshnessChanged)

public:
    explicit ClusterOverview(QObject *parent = nullptr);

    /// A new summary; summaryChanged only when something differs.
    void setSummary(const protocol::ClusterSummary &summary);
    /// The cluster could not be reached (stale=true) or answered again (stale=false).
    /// `lastSuccess` is the time of the last successful sync.
    void setStale(bool stale, const QDateTime &lastSuccess = QDateTime());
    /// Another cluster: forget everything.
    void clear();

    const protocol::ClusterSummary &summary() const { return m_summary; }
    bool hasSummary() const { return m_hasSummary; }
    QString leader() const { return m_summary.leader; }
    QString stateName() const;
    bool maintenance() const { return m_summary.state == protocol::ClusterState::Maintenance; }
    int numExecutors() const { return m_summary.numExecutors; }
    int numApplications() const { return m_summary.numApplications; }
    int numActiveApplications() const { return m_summary.numActiveApplications; }
    int freeCores() const { return m_summary.freeCores; }
    int usedCores() const { return m_summary.usedCores; }
    int totalCores() const { return m_summary.totalCores; }
    qint64 freeMemory() const { return m_summary.freeMemory; }
    qint64 usedMemory() const { return m_summary.usedMemory; }
    qint64 totalMemory() const { return m_summary.totalMemory; }
    /// used / total in 0..1 (0 when the total is 0).
    double coreUsage() const;
    double memoryUsage() const;
    bool isStale() const { return m_stale; }
    QDateTime lastSuccess() const { return m_lastSuccess; }

    /// Drove refuses commands in its maintenance *window*: while MAINTENANCE and for 40 s after
    /// any change of the cluster state, unset included (CommonUtils.isInMaintenanceWindow:
    /// updated + 2 × the 20 s executor refresh interval; drove-api.md §0.5).
    static constexpr qint64 kMaintenanceTailMs = 40000;
    /// When the cluster state last changed (a MAINTENANCE_MODE_SET/REMOVED event, or the
    /// controller's answer to set/unset); 0 when not known.
    void setStateChangedAt(qint64 epochMs);
    qint64 stateChangedAt() const { return m_stateChangedAtMs; }
    /// NORMAL, but the controller still refuses operations until this time (epoch ms); 0 when
    /// it accepts them (or when the change time is not known).
    qint64 refusesOperationsUntil(qint64 nowMs) const;

Q_SIGNALS:
    void summaryChanged();
    void freshnessChanged();

private:
    protocol::ClusterSummary m_summary;
    bool m_hasSummary = false;
    bool m_stale = false;
    QDateTime m_lastSuccess;
    qint64 m_stateChangedAtMs = 0;
};

} // namespace drove::models
