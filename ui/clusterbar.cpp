#include "ui/clusterbar.h"

#include "models/clusteroverview.h"
#include "ui/criticalitystyle.h"

#include "models/formatting.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QTimer>

namespace drove::ui {

using ConnectionState = client::ConnectionState;

ClusterBar::ClusterBar(QWidget *parent)
    : QWidget(parent)
    , m_profileCombo(new QComboBox(this))
    , m_banner(new QLabel(this))
    , m_leaderLabel(new QLabel(this))
    , m_stateLabel(new QLabel(this))
    , m_executorsLabel(new QLabel(this))
    , m_coresBar(new QProgressBar(this))
    , m_memoryBar(new QProgressBar(this))
    , m_connectionLabel(new QLabel(this))
    , m_ageTimer(new QTimer(this))
{
    m_tailTimer.setInterval(1000);
    connect(&m_tailTimer, &QTimer::timeout, this, &ClusterBar::updateSummary);
    m_profileCombo->setObjectName(QStringLiteral("profileCombo"));
    m_profileCombo->setToolTip(tr("Cluster profile"));
    m_profileCombo->hide(); // until there are profiles to offer
    m_banner->setObjectName(QStringLiteral("criticalityBanner"));
    m_leaderLabel->setObjectName(QStringLiteral("leaderLabel"));
    m_stateLabel->setObjectName(QStringLiteral("clusterStateLabel"));
    m_executorsLabel->setObjectName(QStringLiteral("executorsLabel"));
    m_coresBar->setObjectName(QStringLiteral("coresBar"));
    m_memoryBar->setObjectName(QStringLiteral("memoryBar"));
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    for (auto *bar : {m_coresBar, m_memoryBar}) {
        bar->setMaximumWidth(170);
        bar->setTextVisible(true);
    }

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_banner);
    layout->addWidget(m_profileCombo);
    layout->addSpacing(8);
    layout->addWidget(m_stateLabel);
    layout->addWidget(m_leaderLabel);
    layout->addWidget(m_executorsLabel);
    layout->addWidget(new QLabel(tr("Cores:"), this));
    layout->addWidget(m_coresBar);
    layout->addWidget(new QLabel(tr("Memory:"), this));
    layout->addWidget(m_memoryBar);
    layout->addStretch();
    layout->addWidget(m_connectionLabel);

    connect(m_profileCombo, &QComboBox::activated, this, [this](int index) {
        emit profileSelected(m_profileCombo->itemData(index).toString());
    });
    // Staleness is shown as an age, which has to tick.
    m_ageTimer->setInterval(1000);
    connect(m_ageTimer, &QTimer::timeout, this, &ClusterBar::updateConnection);
    m_ageTimer->start();
    setCluster(tr("not connected"), client::Criticality::Local, false);
    updateSummary();
    updateConnection();
}

void ClusterBar::setProfiles(const QList<client::ClusterProfile> &profiles,
                             const QString &currentId)
{
    const QSignalBlocker blocker(m_profileCombo);
    m_profileCombo->clear();
    for (const auto &profile : profiles)
        m_profileCombo->addItem(profile.name, profile.id);
    m_profileCombo->setCurrentIndex(m_profileCombo->findData(currentId));
    m_profileCombo->setVisible(!profiles.isEmpty());
}

void ClusterBar::setCluster(const QString &name, client::Criticality criticality, bool embedded)
{
    QString text = criticalityBannerText(criticality, name);
    if (embedded)
        text += tr(" — embedded, simulated executors");
    m_banner->setText(text);
    m_banner->setStyleSheet(criticalityStyleSheet(criticality));
    m_banner->setToolTip(criticality == client::Criticality::Production
                             ? tr("Production cluster: destructive operations ask for the app "
                                  "id to be typed.")
                             : QString());
}

QString ClusterBar::bannerText() const
{
    return m_banner->text();
}

void ClusterBar::setOverview(models::ClusterOverview *overview)
{
    if (m_overview)
        disconnect(m_overview, nullptr, this, nullptr);
    m_overview = overview;
    if (overview)
        connect(overview, &models::ClusterOverview::summaryChanged, this,
                &ClusterBar::updateSummary);
    updateSummary();
}

void ClusterBar::setConnectionState(ConnectionState state, const QDateTime &lastSuccess)
{
    m_state = state;
    m_lastSuccess = lastSuccess;
    updateConnection();
}

void ClusterBar::setSyncNote(const QString &note, const QString &toolTip)
{
    m_syncNote = note;
    m_connectionLabel->setToolTip(toolTip);
    updateConnection();
}

void ClusterBar::setSlow(bool slow)
{
    m_slow = slow;
    updateConnection();
}

QString ClusterBar::connectionText() const
{
    return m_connectionLabel->text();
}

void ClusterBar::updateSummary()
{
    const bool have = m_overview && m_overview->hasSummary();
    if (!have) {
        m_stateLabel->setText(QString());
        m_leaderLabel->setText(tr("Leader: —"));
        m_executorsLabel->setText(tr("Executors: —"));
        m_coresBar->setRange(0, 1);
        m_coresBar->setValue(0);
        m_coresBar->setFormat(tr("—"));
        m_memoryBar->setRange(0, 1);
        m_memoryBar->setValue(0);
        m_memoryBar->setFormat(tr("—"));
        return;
    }
    const bool maintenance = m_overview->maintenance();
    // NORMAL is not yet "accepting": Drove refuses operations for 40 s after any state change.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 until = m_overview->refusesOperationsUntil(now);
    if (until > 0) {
        m_stateLabel->setText(tr("%1 — operations accepted in %2 s")
                                  .arg(m_overview->stateName())
                                  .arg((until - now + 999) / 1000));
        m_stateLabel->setToolTip(
            tr("The controller refuses operations for 40 s after maintenance is set or unset "
               "(its maintenance window); they are accepted again at %1.")
                .arg(QDateTime::fromMSecsSinceEpoch(until).toString(QStringLiteral("HH:mm:ss"))));
        if (!m_tailTimer.isActive())
            m_tailTimer.start();
    } else {
        m_stateLabel->setText(m_overview->stateName());
        m_stateLabel->setToolTip(maintenance ? tr("Maintenance mode: the controller refuses "
                                                  "operations until it is unset, and for 40 s "
                                                  "after that.")
                                             : tr("The controller accepts operations."));
        m_tailTimer.stop();
    }
    m_stateLabel->setStyleSheet(maintenance || until > 0
                                    ? QStringLiteral("background:#f57c00;color:white;"
                                                     "padding:2px 6px;font-weight:bold;")
                                    : QStringLiteral("background:#2e7d32;color:white;"
                                                     "padding:2px 6px;"));
    m_leaderLabel->setText(tr("Leader: %1").arg(m_overview->leader()));
    m_executorsLabel->setText(tr("Executors: %1").arg(m_overview->numExecutors()));
    m_coresBar->setRange(0, std::max(1, m_overview->totalCores()));
    m_coresBar->setValue(m_overview->usedCores());
    m_coresBar->setFormat(tr("%1/%2").arg(m_overview->usedCores()).arg(m_overview->totalCores()));
    // Memory is in MB; the bar works in MB too, shown as GB.
    const auto toGb = [](qint64 mb) {
        return QString::number(double(mb) / 1024.0, 'f', 1);
    };
    m_memoryBar->setRange(0, int(std::max<qint64>(1, m_overview->totalMemory())));
    m_memoryBar->setValue(int(m_overview->usedMemory()));
    m_memoryBar->setFormat(
        tr("%1/%2 GB").arg(toGb(m_overview->usedMemory()), toGb(m_overview->totalMemory())));
}

void ClusterBar::updateConnection()
{
    // Bold mid-tones that keep 3:1 contrast on both the light and the dark palette
    // (View ▸ Appearance), so the indicator needs no repaint when the theme changes.
    QString text;
    QString color;
    switch (m_state) {
    case ConnectionState::Idle:
        text = tr("● Not connected");
        color = QStringLiteral("#808080");
        break;
    case ConnectionState::Connecting:
        text = tr("● Connecting…");
        color = QStringLiteral("#2f80d0");
        break;
    case ConnectionState::Connected:
        text = m_slow ? tr("● Slow: waiting for the controller") : tr("● Live");
        color = m_slow ? QStringLiteral("#e65100") : QStringLiteral("#388e3c");
        break;
    case ConnectionState::Stale: {
        const qint64 seconds
            = m_lastSuccess.isValid() ? m_lastSuccess.secsTo(QDateTime::currentDateTimeUtc()) : 0;
        text = tr("● Stale: data from %n s ago", nullptr, int(seconds));
        color = QStringLiteral("#e65100");
        break;
    }
    case ConnectionState::Offline:
        // Since when the data is kept: the tables still show it, dimmed.
        text = m_lastSuccess.isValid()
            ? tr("● Offline: data from %1 (%2 ago)")
                  .arg(m_lastSuccess.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                       models::format::elapsed(
                           m_lastSuccess.msecsTo(QDateTime::currentDateTimeUtc())))
            : tr("● Offline");
        color = QStringLiteral("#e53935");
        break;
    }
    if (!m_syncNote.isEmpty() && m_state != ConnectionState::Idle)
        text += QStringLiteral(" · ") + m_syncNote;
    m_connectionLabel->setText(text);
    m_connectionLabel->setStyleSheet(QStringLiteral("color:%1;font-weight:bold;").arg(color));
}

} // namespace drove::ui
