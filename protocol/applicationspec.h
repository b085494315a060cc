#pragma once

#include "protocol/checkspec.h"
#include "protocol/configspec.h"
#include "protocol/devicespec.h"
#include "protocol/enums.h"
#include "protocol/executablespec.h"
#include "protocol/exposurespec.h"
#include "protocol/loggingspec.h"
#include "protocol/mountedvolume.h"
#include "protocol/parseerror.h"
#include "protocol/placementpolicy.h"
#include "protocol/portspec.h"
#include "protocol/preshutdownspec.h"
#include "protocol/resourcerequirement.h"
#include "protocol/userspec.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// The full application spec (drove-api.md §3). Required Drove fields are plain members (empty
/// when missing; OperationValidator reports them); optional ones are std::optional so a missing
/// field stays missing on output while an empty list or map is kept, as Drove does.
struct ApplicationSpec
{
    QString name;
    QString version;
    std::optional<JobType> type;
    std::optional<ExecutableSpec> executable;
    /// Required, ≥ 1 (validated); empty when missing on input.
    QList<PortSpec> exposedPorts;
    std::optional<QList<MountedVolume>> volumes;
    std::optional<QList<ConfigSpec>> configs;
    std::optional<LoggingSpec> logging;
    /// Required, CPU and MEMORY entries (validated).
    QList<ResourceRequirement> resources;
    std::optional<PlacementPolicy> placementPolicy;
    std::optional<CheckSpec> healthcheck;
    std::optional<CheckSpec> readiness;
    std::optional<QMap<QString, QString>> tags;
    std::optional<QMap<QString, QString>> env;
    std::optional<QStringList> args;
    std::optional<QList<DeviceSpec>> devices;
    std::optional<ExposureSpec> exposureSpec;
    std::optional<PreShutdownSpec> preShutdown;
    std::optional<UserSpec> userSpec;

    /// name + "-" + version (never parse an appId back into its parts).
    QString appId() const;
    /// CPU `count` of the first CPU requirement, 0 if none.
    qint64 cpuCount() const;
    /// MEMORY `sizeInMB` of the first MEMORY requirement, 0 if none.
    qint64 memoryMb() const;
    /// The copy GET .../spec returns: inline config data "" and HTTP secrets "***" (§2.1 A6).
    ApplicationSpec masked() const;
    /// Placement policy or ANY when absent.
    PlacementPolicy effectivePlacementPolicy() const;
    /// Port spec by name, nullptr if undefined.
    const PortSpec *port(const QString &portName) const;
    QStringList portNames() const;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<ApplicationSpec>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const ApplicationSpec &other) const;
    bool operator!=(const ApplicationSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
