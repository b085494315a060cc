#pragma once

#include "protocol/enums.h"
#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace drove::protocol {

/// `placementPolicy` (drove-api.md §3.5), recursive through COMPOSITE. Fields used per type:
/// MAX_N_PER_HOST max; MATCH_TAG tag; RULE_BASED rule, ruleType; COMPOSITE policies, combiner;
/// LOCAL hostLevel; ANY / ONE_PER_HOST / NO_TAG none.
struct PlacementPolicy
{
    PlacementPolicyType type = PlacementPolicyType::Any;
    int max = 0;
    QString tag;
    QString rule;
    std::optional<RuleType> ruleType;
    std::vector<PlacementPolicy> policies;
    std::optional<CombinerType> combiner;
    bool hostLevel = false;

    static PlacementPolicy any() { return PlacementPolicy(); }
    static PlacementPolicy ofType(PlacementPolicyType type);
    static PlacementPolicy maxNPerHost(int max);
    static PlacementPolicy matchTag(const QString &tag);
    static PlacementPolicy composite(std::vector<PlacementPolicy> policies, CombinerType combiner);

    /// True if this policy is, or (through COMPOSITE) contains, a policy of `type`.
    bool contains(PlacementPolicyType type) const;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<PlacementPolicy>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const PlacementPolicy &other) const;
    bool operator!=(const PlacementPolicy &other) const { return !(*this == other); }
};

} // namespace drove::protocol
