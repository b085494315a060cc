#pragma once

#include "protocol/instanceinfo.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

namespace drove::models::format {

/// "512 MB", "1.5 GB", "2 TB" from a size in MB (Drove reports memory in MB).
QString memoryMb(qint64 mb);
/// An epoch-ms timestamp in local time, time of day first so that a narrow column keeps what
/// matters: "14:03:27" today, "14:03:27, 6 Dec" earlier this year, "14:03:27, 6 Dec 2025"
/// before; "" for 0. `now` is the local present (a parameter for tests).
QString timestamp(qint64 epochMs, const QDateTime &now = QDateTime::currentDateTime());
/// The full local date and time, for tooltips.
QString fullTimestamp(qint64 epochMs);
/// Compact elapsed time: "45s", "3m 05s", "2h 10m", "3d 4h".
QString elapsed(qint64 ms);
/// "k=v, k2=v2" (keys sorted).
QString tags(const QMap<QString, QString> &tags);

/// An instance's ports as "name:hostPort, …" ("" before it has a host).
QString instancePorts(const protocol::InstanceInfo &instance);
/// The CPU cores an instance holds, over all its CPU allocations.
qint64 instanceCores(const protocol::InstanceInfo &instance);
/// The memory an instance holds, in MB, over all its memory allocations.
qint64 instanceMemoryMb(const protocol::InstanceInfo &instance);

} // namespace drove::models::format
