#pragma once

#include "protocol/duration.h"
#include "protocol/enums.h"
#include "protocol/parseerror.h"

#include <QJsonObject>

#include <optional>

namespace drove::protocol {

/// `opSpec` of every operation (drove-api.md §4.1). Fields mirror the Java object: a missing
/// timeout or failureStrategy is nullopt (rejected later by validation), a missing parallelism is
/// 0.
struct ClusterOpSpec
{
    std::optional<Duration> timeout;
    qint64 parallelism = 0;
    std::optional<FailureStrategy> failureStrategy;

    /// Controller default for generated operations: 300 seconds, parallelism 1, STOP.
    static ClusterOpSpec defaults();
    static ClusterOpSpec make(const Duration &timeout, qint64 parallelism,
                              FailureStrategy strategy = FailureStrategy::Stop);

    static std::optional<ClusterOpSpec>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Always writes parallelism; timeout/failureStrategy only when set.
    QJsonObject toJson() const;

    bool operator==(const ClusterOpSpec &other) const;
    bool operator!=(const ClusterOpSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
