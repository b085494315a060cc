#pragma once

#include "protocol/parseerror.h"

#include <QJsonValue>
#include <QString>

#include <optional>

namespace drove::protocol {

/// Dropwizard `io.dropwizard.util.Duration` (drove-api.md §0): "<count><space?><unit>".
/// The unit given on input is kept, so "5m" is written back as "5 minutes".
class Duration
{
public:
    enum class Unit { Nanoseconds, Microseconds, Milliseconds, Seconds, Minutes, Hours, Days };

    /// Zero seconds.
    Duration() = default;
    Duration(qint64 count, Unit unit);

    static Duration nanoseconds(qint64 count) { return {count, Unit::Nanoseconds}; }
    static Duration microseconds(qint64 count) { return {count, Unit::Microseconds}; }
    static Duration milliseconds(qint64 count) { return {count, Unit::Milliseconds}; }
    static Duration seconds(qint64 count) { return {count, Unit::Seconds}; }
    static Duration minutes(qint64 count) { return {count, Unit::Minutes}; }
    static Duration hours(qint64 count) { return {count, Unit::Hours}; }
    static Duration days(qint64 count) { return {count, Unit::Days}; }
    /// The largest unit (ms, seconds, minutes, hours, days) that represents `ms` exactly, so
    /// 300000 → "5 minutes", 1500 → "1500 milliseconds". Negative input is clamped to 0.
    static Duration fromMilliseconds(qint64 ms);

    /// Parses with Dropwizard's grammar: regex `(\d+)\s*(\S+)` matching the whole string, integer
    /// count, case-sensitive unit from ns/us/ms/s/m/h/d and their long forms. On failure returns
    /// nullopt and sets *errorMessage (e.g. "Invalid duration: 5 parsecs. Wrong time unit").
    static std::optional<Duration> parse(const QString &text, QString *errorMessage = nullptr);
    /// Decodes a JSON string; anything else (number, null, bad text) is a ParseError at `path`.
    static std::optional<Duration> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                            const QString &path = QString());

    qint64 count() const { return m_count; }
    Unit unit() const { return m_unit; }

    /// "<count> <unit>", plural unless count == 1: "5 minutes", "1 second".
    QString toString() const;
    QJsonValue toJson() const { return QJsonValue(toString()); }

    /// Saturates at INT64_MAX like java.util.concurrent.TimeUnit.
    qint64 toMilliseconds() const;
    qint64 toSeconds() const;

    /// Long unit name as written on output, singular form ("minute").
    static QString unitName(Unit unit, bool plural);

    /// Same count and unit (Dropwizard equality): 5 minutes != 300 seconds.
    bool operator==(const Duration &other) const
    {
        return m_count == other.m_count && m_unit == other.m_unit;
    }
    bool operator!=(const Duration &other) const { return !(*this == other); }
    /// Same length of time regardless of unit.
    bool isEquivalent(const Duration &other) const;

private:
    qint64 m_count = 0;
    Unit m_unit = Unit::Seconds;
};

} // namespace drove::protocol
