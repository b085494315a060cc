#pragma once

// The small wire enums of the spec and its parts. Enum *values* are parsed case-insensitively
// (enumFromString); the ones used as polymorphic `type` discriminators (marked below) are parsed
// case-sensitively (enumFromStringExact), matching Jackson in Drove.

#include "protocol/enuminfo.h"

namespace drove::protocol {

#define DROVE_PROTOCOL_ENUM_INFO(Type, ...) \
    template<> \
    struct EnumInfo<Type> \
    { \
        static constexpr const char *typeName = #Type; \
        static constexpr std::array names {__VA_ARGS__}; \
    };

/// ClusterOpSpec.failureStrategy.
enum class FailureStrategy { Stop, Rollback };
DROVE_PROTOCOL_ENUM_INFO(FailureStrategy, "STOP", "ROLLBACK")

/// ApplicationSpec.type (JobType).
enum class JobType { Service, Computation, LocalService };
DROVE_PROTOCOL_ENUM_INFO(JobType, "SERVICE", "COMPUTATION", "LOCAL_SERVICE")

/// PortSpec.type, InstancePort.portType, ExposedAppInfo host portType.
enum class PortType { Http, Https, Tcp, Udp };
DROVE_PROTOCOL_ENUM_INFO(PortType, "HTTP", "HTTPS", "TCP", "UDP")

/// MountedVolume.mode.
enum class VolumeMode { ReadWrite, ReadOnly };
DROVE_PROTOCOL_ENUM_INFO(VolumeMode, "READ_WRITE", "READ_ONLY")

/// HTTP check / HTTPCallSpec protocol.
enum class Protocol { Http, Https };
DROVE_PROTOCOL_ENUM_INFO(Protocol, "HTTP", "HTTPS")

/// HTTP check / HTTPCallSpec verb.
enum class HttpVerb { Get, Post, Put };
DROVE_PROTOCOL_ENUM_INFO(HttpVerb, "GET", "POST", "PUT")

/// ExposureSpec.mode.
enum class ExposureMode { All, One };
DROVE_PROTOCOL_ENUM_INFO(ExposureMode, "ALL", "ONE")

/// Executor transportType.
enum class TransportType { Http, Https };
DROVE_PROTOCOL_ENUM_INFO(TransportType, "HTTP", "HTTPS")

/// DIRECT device permissions.
enum class DevicePermissions { ReadOnly, WriteOnly, MknodOnly, All, ReadWrite };
DROVE_PROTOCOL_ENUM_INFO(DevicePermissions, "READ_ONLY", "WRITE_ONLY", "MKNOD_ONLY", "ALL",
                         "READ_WRITE")

/// RULE_BASED placement rule language.
enum class RuleType { Hope, Mvel };
DROVE_PROTOCOL_ENUM_INFO(RuleType, "HOPE", "MVEL")

/// COMPOSITE placement combiner.
enum class CombinerType { And, Or };
DROVE_PROTOCOL_ENUM_INFO(CombinerType, "AND", "OR")

/// Envelope status.
enum class ApiStatus { Success, Failed };
DROVE_PROTOCOL_ENUM_INFO(ApiStatus, "SUCCESS", "FAILED")

// ---- discriminators (case-sensitive) ----

/// executable.type (discriminator).
enum class ExecutableType { Docker };
DROVE_PROTOCOL_ENUM_INFO(ExecutableType, "DOCKER")

/// configs[].type (discriminator).
enum class ConfigType { Inline, ExecutorLocalFile, ControllerHttpFetch, ExecutorHttpFetch };
DROVE_PROTOCOL_ENUM_INFO(ConfigType, "INLINE", "EXECUTOR_LOCAL_FILE", "CONTROLLER_HTTP_FETCH",
                         "EXECUTOR_HTTP_FETCH")

/// logging.type (discriminator).
enum class LoggingType { Local, Rsyslog };
DROVE_PROTOCOL_ENUM_INFO(LoggingType, "LOCAL", "RSYSLOG")

/// resources[].type (discriminator; also instance resources and executor state cpus/memory).
enum class ResourceType { Cpu, Memory };
DROVE_PROTOCOL_ENUM_INFO(ResourceType, "CPU", "MEMORY")

/// placementPolicy.type (discriminator).
enum class PlacementPolicyType {
    Any,
    OnePerHost,
    MaxNPerHost,
    MatchTag,
    NoTag,
    RuleBased,
    Composite,
    Local
};
DROVE_PROTOCOL_ENUM_INFO(PlacementPolicyType, "ANY", "ONE_PER_HOST", "MAX_N_PER_HOST", "MATCH_TAG",
                         "NO_TAG", "RULE_BASED", "COMPOSITE", "LOCAL")

/// healthcheck/readiness mode.type and preShutdown hooks (discriminator).
enum class CheckModeType { Http, Cmd };
DROVE_PROTOCOL_ENUM_INFO(CheckModeType, "HTTP", "CMD")

/// devices[].type (discriminator).
enum class DeviceType { Direct, Detailed };
DROVE_PROTOCOL_ENUM_INFO(DeviceType, "DIRECT", "DETAILED")

#undef DROVE_PROTOCOL_ENUM_INFO

} // namespace drove::protocol
