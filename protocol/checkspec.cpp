#include "protocol/checkspec.h"

#include "protocol/jsonreader.h"

#include <limits>

namespace drove::protocol {

qint64 CheckSpec::worstCaseMilliseconds() const
{
    qint64 perAttempt = 0;
    qint64 total = 0;
    if (__builtin_add_overflow(timeout ? timeout->toMilliseconds() : 0,
                               interval ? interval->toMilliseconds() : 0, &perAttempt)
        || __builtin_mul_overflow(perAttempt, static_cast<qint64>(attempts), &total)
        || __builtin_add_overflow(total, initialDelay ? initialDelay->toMilliseconds() : 0, &total))
        return std::numeric_limits<qint64>::max();
    return total;
}

std::optional<CheckSpec> CheckSpec::fromJson(const QJsonValue &json, ParseError *error,
                                             const QString &path)
{
    JsonReader reader(json, error, path);
    CheckSpec spec;
    spec.mode = reader.optObject<CheckModeSpec>(QStringLiteral("mode"));
    spec.timeout = reader.optDuration(QStringLiteral("timeout"));
    spec.interval = reader.optDuration(QStringLiteral("interval"));
    spec.attempts = reader.int32(QStringLiteral("attempts"));
    spec.initialDelay = reader.optDuration(QStringLiteral("initialDelay"));
    if (!reader.ok())
        return std::nullopt;
    return spec;
}

QJsonObject CheckSpec::toJson() const
{
    QJsonObject json;
    if (mode)
        json.insert(QStringLiteral("mode"), mode->toJson());
    if (timeout)
        json.insert(QStringLiteral("timeout"), timeout->toJson());
    if (interval)
        json.insert(QStringLiteral("interval"), interval->toJson());
    json.insert(QStringLiteral("attempts"), attempts);
    if (initialDelay)
        json.insert(QStringLiteral("initialDelay"), initialDelay->toJson());
    return json;
}

bool CheckSpec::operator==(const CheckSpec &other) const
{
    return mode == other.mode && timeout == other.timeout && interval == other.interval
        && attempts == other.attempts && initialDelay == other.initialDelay;
}

} // namespace drove::protocol
