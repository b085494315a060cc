#include "models/formatting.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace drove::models::format {

QString memoryMb(qint64 mb)
{
    // Binary units, as Drove's MB are mebibytes in practice (docker memory limits).
    if (mb < 1024)
        return QCoreApplication::translate("drove::models", "%1 MB").arg(mb);
    if (mb < 1024 * 1024) {
        const double gb = double(mb) / 1024.0;
        return QCoreApplication::translate("drove::models", "%1 GB")
            .arg(QLocale().toString(gb, 'f', mb % 1024 == 0 ? 0 : 1));
    }
    const double tb = double(mb) / (1024.0 * 1024.0);
    return QCoreApplication::translate("drove::models", "%1 TB")
        .arg(QLocale().toString(tb, 'f', 1));
}

QString timestamp(qint64 epochMs, const QDateTime &now)
{
    if (epochMs <= 0)
        return QString();
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QString time = local.toString(QStringLiteral("HH:mm:ss"));
    if (local.date() == today)
        return time;
    const QString date
        = QLocale().toString(local.date(),
                             local.date().year() == today.year() ? QStringLiteral("d MMM")
                                                                 : QStringLiteral("d MMM yyyy"));
    return QCoreApplication::translate("drove::models", "%1, %2").arg(time, date);
}

QString fullTimestamp(qint64 epochMs)
{
    if (epochMs <= 0)
        return QString();
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime(),
                              QLocale::LongFormat);
}

QString elapsed(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    const qint64 s = ms / 1000;
    if (s < 60)
        return QCoreApplication::translate("drove::models", "%1s").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("drove::models", "%1m %2s")
            .arg(s / 60)
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QCoreApplication::translate("drove::models", "%1h %2m")
            .arg(s / 3600)
            .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QCoreApplication::translate("drove::models", "%1d %2h")
        .arg(s / 86400)
        .arg((s % 86400) / 3600);
}

QString tags(const QMap<QString, QString> &tags)
{
    QStringList parts;
    parts.reserve(tags.size());
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        parts.append(it.value().isEmpty() ? it.key() : it.key() + QLatin1Char('=') + it.value());
    return parts.join(QLatin1String(", "));
}

QString instancePorts(const protocol::InstanceInfo &instance)
{
    if (!instance.localInfo)
        return QString();
    QStringList parts;
    const auto &ports = instance.localInfo->ports;
    for (auto it = ports.cbegin(); it != ports.cend(); ++it)
        parts.append(it.key() + QLatin1Char(':') + QString::number(it->hostPort));
    return parts.join(QLatin1String(", "));
}

qint64 instanceCores(const protocol::InstanceInfo &instance)
{
    qint64 count = 0;
    for (const auto &resource : instance.resources) {
        if (resource.type == protocol::ResourceType::Cpu)
            count += resource.coreCount();
    }
    return count;
}

qint64 instanceMemoryMb(const protocol::InstanceInfo &instance)
{
    qint64 total = 0;
    for (const auto &resource : instance.resources) {
        if (resource.type == protocol::ResourceType::Memory)
            total += resource.totalMemoryMb();
    }
    return total;
}

} // namespace drove::models::format
