#pragma once

#include "protocol/enuminfo.h"
#include "protocol/parseerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

// The enum lives in a nested namespace so that argument-dependent lookup of toString(value)
// (QtTest's QCOMPARE printers) does not find the QString-returning toString() below and
// fail to compile; everyone names it drove::protocol::DroveEventType.
namespace wire {
/// DroveEventType (drove-api.md §2.2).
enum class DroveEventType {
    AppStateChange,
    InstanceStateChange,
    TaskStateChange,
    LocalServiceStateChange,
    LocalServiceInstanceStateChange,
    ExecutorAdded,
    ExecutorRemoved,
    ExecutorBlacklistRequested,
    ExecutorBlacklisted,
    ExecutorUnBlacklisted,
    MaintenanceModeSet,
    MaintenanceModeRemoved,
    LeadershipAcquired,
    LeadershipLost,
};
} // namespace wire
using wire::DroveEventType;

template<>
struct EnumInfo<DroveEventType>
{
    static constexpr const char *typeName = "DroveEventType";
    static constexpr std::array<const char *, 14> names {"APP_STATE_CHANGE",
                                                         "INSTANCE_STATE_CHANGE",
                                                         "TASK_STATE_CHANGE",
                                                         "LOCAL_SERVICE_STATE_CHANGE",
                                                         "LOCAL_SERVICE_INSTANCE_STATE_CHANGE",
                                                         "EXECUTOR_ADDED",
                                                         "EXECUTOR_REMOVED",
                                                         "EXECUTOR_BLACKLIST_REQUESTED",
                                                         "EXECUTOR_BLACKLISTED",
                                                         "EXECUTOR_UN_BLACKLISTED",
                                                         "MAINTENANCE_MODE_SET",
                                                         "MAINTENANCE_MODE_REMOVED",
                                                         "LEADERSHIP_ACQUIRED",
                                                         "LEADERSHIP_LOST"};
};

QString toString(DroveEventType type);
std::optional<DroveEventType> droveEventTypeFromString(QStringView text);

/// Metadata keys used by the controller (EventUtils).
namespace eventkeys {
inline const QString AppId = QStringLiteral("APP_ID");
inline const QString AppName = QStringLiteral("APP_NAME");
inline const QString AppVersion = QStringLiteral("APP_VERSION");
inline const QString Executable = QStringLiteral("EXECUTABLE");
inline const QString PlacementPolicy = QStringLiteral("PLACEMENT_POLICY");
inline const QString CpuCount = QStringLiteral("CPU_COUNT");
inline const QString Memory = QStringLiteral("MEMORY");
inline const QString Ports = QStringLiteral("PORTS");
inline const QString Vhost = QStringLiteral("VHOST");
inline const QString CurrentInstances = QStringLiteral("CURRENT_INSTANCES");
inline const QString CurrentState = QStringLiteral("CURRENT_STATE");
inline const QString InstanceId = QStringLiteral("INSTANCE_ID");
inline const QString ExecutorId = QStringLiteral("EXECUTOR_ID");
inline const QString Created = QStringLiteral("CREATED");
inline const QString ExecutorHost = QStringLiteral("EXECUTOR_HOST");
inline const QString Error = QStringLiteral("ERROR");
inline const QString Hostname = QStringLiteral("HOSTNAME");
inline const QString Port = QStringLiteral("PORT");
inline const QString Blacklisted = QStringLiteral("BLACKLISTED");
} // namespace eventkeys

/// DroveEvent {type, id, time, metadata}. Metadata values are arbitrary JSON (strings, numbers).
struct DroveEvent
{
    DroveEventType type = DroveEventType::AppStateChange;
    /// A type this console does not know (a newer Drove's), as received (tolerant decoding
    /// only); `type` is then meaningless and consumers that act on types skip the event.
    QString typeText;
    bool isKnownType() const { return typeText.isEmpty(); }
    /// The type as shown: the wire name, or the text received.
    QString typeName() const;
    QString id;
    qint64 time = 0;
    QJsonObject metadata;

    /// Metadata value as string ("" when absent; numbers formatted as integers).
    QString metadataString(const QString &key) const;

    static std::optional<DroveEvent> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                              const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const DroveEvent &other) const;
    bool operator!=(const DroveEvent &other) const { return !(*this == other); }
};

} // namespace drove::protocol
