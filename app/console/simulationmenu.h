#pragma once

#include <QMenu>

namespace drove::console {

class EmbeddedCluster;

/// The Simulation menu of the embedded cluster: add, remove or lose executors, inject start and
/// health failures, change the time scale. Titled so nobody mistakes it for real-cluster controls.
class SimulationMenu : public QMenu
{
    Q_OBJECT

public:
    SimulationMenu(EmbeddedCluster *cluster, QWidget *parent = nullptr);

private:
    QString pickExecutor(const QString &title);

    EmbeddedCluster *m_cluster;
};

} // namespace drove::console
