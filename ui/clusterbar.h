#pragma once

#include "client/clusterprofile.h"
#include "client/connectionstate.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QTimer;

namespace drove::models {
class ClusterOverview;
}

namespace drove::ui {

/// The strip at the top of the window: which cluster (profile selector and an unmistakable
/// criticality banner, red for production), its leader and state, executors, cores and memory
/// used/total as bars, and whether the data is live or stale.
class ClusterBar : public QWidget
{
    Q_OBJECT

public:
    explicit ClusterBar(QWidget *parent = nullptr);

    /// Offers `profiles` and selects `currentId` (without emitting profileSelected).
    void setProfiles(const QList<client::ClusterProfile> &profiles, const QString &currentId);
    /// Shows criticality, name and "embedded" marker for the connected cluster.
    void setCluster(const QString &name, client::Criticality criticality, bool embedded);
    void setOverview(models::ClusterOverview *overview);
    void setConnectionState(client::ConnectionState state, const QDateTime &lastSuccess);
    /// Words after the connection state (e.g. "no event feed, refreshing every 2 s") and the
    /// connection indicator's tooltip (what the controller offers).
    void setSyncNote(const QString &note, const QString &toolTip);
    /// The controller answers slowly: "Slow" instead of "Live" until it answers again.
    void setSlow(bool slow);
    QString connectionText() const;

    QString bannerText() const;

signals:
    void profileSelected(const QString &profileId);

private:
    void updateSummary();
    void updateConnection();

    QComboBox *m_profileCombo;
    QLabel *m_banner;
    QLabel *m_leaderLabel;
    QLabel *m_stateLabel;
    QTimer m_tailTimer; ///< counts the maintenance window's tail down, once a second
    QLabel *m_executorsLabel;
    QProgressBar *m_coresBar;
    QProgressBar *m_memoryBar;
    QLabel *m_connectionLabel;
    QTimer *m_ageTimer;
    QPointer<models::ClusterOverview> m_overview;
    client::ConnectionState m_state = client::ConnectionState::Idle;
    QDateTime m_lastSuccess;
    QString m_syncNote;
    bool m_slow = false;
};

} // namespace drove::ui
