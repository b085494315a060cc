#include "simulationmenu.h"

#include "embeddedcluster.h"

#include <QActionGroup>
#include <QInputDialog>

namespace drove::console {

SimulationMenu::SimulationMenu(EmbeddedCluster *cluster, QWidget *parent)
    : QMenu(tr("&Simulation (embedded)"), parent)
    , m_cluster(cluster)
{
    setObjectName(QStringLiteral("simulationMenu"));
    // No icon on the menu itself: a menu bar shows a menu's icon instead of its title, and an
    // unlabelled flask beside "Operations" said nothing.
    auto *banner = addAction(tr("Embedded simulated cluster only — never touches a real cluster"));
    banner->setEnabled(false);
    addSeparator();

    auto *add = addAction(tr("&Add executor"));
    add->setObjectName(QStringLiteral("actionSimAddExecutor"));
    connect(add, &QAction::triggered, this, [this] { m_cluster->addExecutor(); });
    auto *remove = addAction(tr("&Remove executor…"));
    connect(remove, &QAction::triggered, this, [this] {
        const QString id = pickExecutor(tr("Remove executor"));
        if (!id.isEmpty())
            m_cluster->removeExecutor(id);
    });
    auto *lose = addAction(tr("Make executor &disappear…"));
    lose->setToolTip(tr("The executor stops reporting: its instances go stale and then LOST"));
    connect(lose, &QAction::triggered, this, [this] {
        const QString id = pickExecutor(tr("Make executor disappear"));
        if (!id.isEmpty())
            m_cluster->disappearExecutor(id);
    });
    addSeparator();

    auto *startFailures = addAction(tr("Inject &start failures (50%)"));
    startFailures->setCheckable(true);
    connect(startFailures, &QAction::toggled, this,
            [this](bool on) { m_cluster->setStartFailureRate(on ? 0.5 : 0.0); });
    auto *healthFailures = addAction(tr("Inject &health failures (20%)"));
    healthFailures->setCheckable(true);
    connect(healthFailures, &QAction::toggled, this,
            [this](bool on) { m_cluster->setHealthFailureRate(on ? 0.2 : 0.0); });
    auto *logErrors = addAction(tr("Inject &log errors (5% of served requests)"));
    logErrors->setObjectName(QStringLiteral("actionInjectLogErrors"));
    logErrors->setCheckable(true);
    logErrors->setToolTip(tr("Healthy instances log ERROR lines (an exception while serving) "
                             "without failing their health checks: what a staged rollout's "
                             "log check catches"));
    connect(logErrors, &QAction::toggled, this,
            [this](bool on) { m_cluster->setLogErrorRate(on ? 0.05 : 0.0); });
    addSeparator();

    auto *timeMenu = addMenu(tr("&Time scale"));
    auto *group = new QActionGroup(timeMenu);
    const double current = m_cluster->timeScale();
    for (const double scale : {0.1, 0.5, 1.0, 3.0}) {
        auto *action = timeMenu->addAction(tr("%1× instance timings").arg(scale));
        action->setCheckable(true);
        action->setChecked(qFuzzyCompare(scale, current));
        group->addAction(action);
        connect(action, &QAction::triggered, this,
                [this, scale] { m_cluster->setTimeScale(scale); });
    }
}

QString SimulationMenu::pickExecutor(const QString &title)
{
    const QStringList ids = m_cluster->executorIds();
    if (ids.isEmpty())
        return {};
    bool ok = false;
    const QString id
        = QInputDialog::getItem(parentWidget(), title, tr("Executor:"), ids, 0, false, &ok);
    return ok ? id : QString();
}

} // namespace drove::console
