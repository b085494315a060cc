#include "stallprobe.h"

#include <algorithm>

StallProbe::StallProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &StallProbe::tick);
}

void StallProbe::reset()
{
    m_gapsMs.clear();
    m_gapsMs.reserve(200000);
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void StallProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_gapsMs.append(std::max(0.0, double(now - m_lastNs) / 1e6 - 1.0));
    m_lastNs = now;
}

double StallProbe::maxStallMs() const
{
    double worst = 0;
    for (double gap : m_gapsMs)
        worst = std::max(worst, gap);
    return worst;
}

int StallProbe::stallsOver(double thresholdMs) const
{
    return int(std::count_if(m_gapsMs.cbegin(), m_gapsMs.cend(),
                             [thresholdMs](double gap) { return gap > thresholdMs; }));
}

double StallProbe::percentile(double p) const
{
    if (m_gapsMs.isEmpty())
        return 0;
    QList<double> sorted = m_gapsMs;
    std::sort(sorted.begin(), sorted.end());
    const auto index = qsizetype(std::clamp(p, 0.0, 1.0) * double(sorted.size() - 1));
    return sorted.at(index);
}
