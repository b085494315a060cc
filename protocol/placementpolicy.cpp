#include "protocol/placementpolicy.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

namespace {
// COMPOSITE nests recursively; a bound keeps hostile input from exhausting the stack even when
// the QJsonValue was built in memory rather than by the (depth-limited) parser.
constexpr int MaxCompositeDepth = 32;
thread_local int t_depth = 0;

struct DepthGuard
{
    DepthGuard() { ++t_depth; }
    ~DepthGuard() { --t_depth; }
    DepthGuard(const DepthGuard &) = delete;
    DepthGuard &operator=(const DepthGuard &) = delete;
};
} // namespace

PlacementPolicy PlacementPolicy::ofType(PlacementPolicyType type)
{
    PlacementPolicy policy;
    policy.type = type;
    return policy;
}

PlacementPolicy PlacementPolicy::maxNPerHost(int max)
{
    PlacementPolicy policy = ofType(PlacementPolicyType::MaxNPerHost);
    policy.max = max;
    return policy;
}

PlacementPolicy PlacementPolicy::matchTag(const QString &tag)
{
    PlacementPolicy policy = ofType(PlacementPolicyType::MatchTag);
    policy.tag = tag;
    return policy;
}

PlacementPolicy PlacementPolicy::composite(std::vector<PlacementPolicy> policies,
                                           CombinerType combiner)
{
    PlacementPolicy policy = ofType(PlacementPolicyType::Composite);
    policy.policies = std::move(policies);
    policy.combiner = combiner;
    return policy;
}

bool PlacementPolicy::contains(PlacementPolicyType wanted) const
{
    if (type == wanted)
        return true;
    for (const PlacementPolicy &child : policies) {
        if (child.contains(wanted))
            return true;
    }
    return false;
}

std::optional<PlacementPolicy> PlacementPolicy::fromJson(const QJsonValue &json, ParseError *error,
                                                         const QString &path)
{
    const DepthGuard guard;
    JsonReader reader(json, error, path);
    if (t_depth > MaxCompositeDepth) {
        reader.fail(path,
                    QStringLiteral("placement policy nesting deeper than %1 levels")
                        .arg(MaxCompositeDepth));
        return std::nullopt;
    }
    PlacementPolicy policy;
    if (const auto type = reader.discriminator<PlacementPolicyType>())
        policy.type = *type;
    switch (policy.type) {
    case PlacementPolicyType::MaxNPerHost:
        policy.max = reader.int32(QStringLiteral("max"));
        break;
    case PlacementPolicyType::MatchTag:
        policy.tag = reader.string(QStringLiteral("tag"));
        break;
    case PlacementPolicyType::RuleBased:
        policy.rule = reader.string(QStringLiteral("rule"));
        policy.ruleType = reader.optEnum<RuleType>(QStringLiteral("ruleType"));
        break;
    case PlacementPolicyType::Composite:
        // Recursion depth is bounded by the JSON parser's nesting limit.
        policy.policies = reader.vector<PlacementPolicy>(QStringLiteral("policies"));
        policy.combiner = reader.optEnum<CombinerType>(QStringLiteral("combiner"));
        break;
    case PlacementPolicyType::Local:
        policy.hostLevel = reader.boolean(QStringLiteral("hostLevel"));
        break;
    case PlacementPolicyType::Any:
    case PlacementPolicyType::OnePerHost:
    case PlacementPolicyType::NoTag:
        break;
    }
    if (!reader.ok())
        return std::nullopt;
    return policy;
}

QJsonObject PlacementPolicy::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    switch (type) {
    case PlacementPolicyType::MaxNPerHost:
        json.insert(QStringLiteral("max"), max);
        break;
    case PlacementPolicyType::MatchTag:
        json.insert(QStringLiteral("tag"), tag);
        break;
    case PlacementPolicyType::RuleBased:
        json.insert(QStringLiteral("rule"), rule);
        if (ruleType)
            json.insert(QStringLiteral("ruleType"), enumToString(*ruleType));
        break;
    case PlacementPolicyType::Composite:
        json.insert(QStringLiteral("policies"), json::toArray(policies));
        if (combiner)
            json.insert(QStringLiteral("combiner"), enumToString(*combiner));
        break;
    case PlacementPolicyType::Local:
        json.insert(QStringLiteral("hostLevel"), hostLevel);
        break;
    case PlacementPolicyType::Any:
    case PlacementPolicyType::OnePerHost:
    case PlacementPolicyType::NoTag:
        break;
    }
    return json;
}

bool PlacementPolicy::operator==(const PlacementPolicy &other) const
{
    if (type != other.type)
        return false;
    switch (type) {
    case PlacementPolicyType::MaxNPerHost:
        return max == other.max;
    case PlacementPolicyType::MatchTag:
        return tag == other.tag;
    case PlacementPolicyType::RuleBased:
        return rule == other.rule && ruleType == other.ruleType;
    case PlacementPolicyType::Composite:
        return policies == other.policies && combiner == other.combiner;
    case PlacementPolicyType::Local:
        return hostLevel == other.hostLevel;
    case PlacementPolicyType::Any:
    case PlacementPolicyType::OnePerHost:
    case PlacementPolicyType::NoTag:
        break;
    }
    return true;
}

} // namespace drove::protocol
