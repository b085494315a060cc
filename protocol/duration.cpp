#include "protocol/duration.h"

#include <array>
#include <limits>

namespace drove::protocol {

namespace {

struct Suffix
{
    const char *text;
    Duration::Unit unit;
};

// Dropwizard's suffix table; case-sensitive.
constexpr std::array<Suffix, 23> suffixes {{
    {"ns", Duration::Unit::Nanoseconds},
    {"nanosecond", Duration::Unit::Nanoseconds},
    {"nanoseconds", Duration::Unit::Nanoseconds},
    {"us", Duration::Unit::Microseconds},
    {"microsecond", Duration::Unit::Microseconds},
    {"microseconds", Duration::Unit::Microseconds},
    {"ms", Duration::Unit::Milliseconds},
    {"millisecond", Duration::Unit::Milliseconds},
    {"milliseconds", Duration::Unit::Milliseconds},
    {"s", Duration::Unit::Seconds},
    {"second", Duration::Unit::Seconds},
    {"seconds", Duration::Unit::Seconds},
    {"m", Duration::Unit::Minutes},
    {"min", Duration::Unit::Minutes},
    {"mins", Duration::Unit::Minutes},
    {"minute", Duration::Unit::Minutes},
    {"minutes", Duration::Unit::Minutes},
    {"h", Duration::Unit::Hours},
    {"hour", Duration::Unit::Hours},
    {"hours", Duration::Unit::Hours},
    {"d", Duration::Unit::Days},
    {"day", Duration::Unit::Days},
    {"days", Duration::Unit::Days},
}};

// Java's \s: [ \t\n\x0B\f\r]; \d is ASCII digits only.
bool isJavaSpace(QChar c)
{
    const char16_t u = c.unicode();
    return u == u' ' || u == u'\t' || u == u'\n' || u == 0x0B || u == u'\f' || u == u'\r';
}

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

// Nanoseconds per unit.
qint64 nanosPerUnit(Duration::Unit unit)
{
    switch (unit) {
    case Duration::Unit::Nanoseconds:
        return 1;
    case Duration::Unit::Microseconds:
        return 1000;
    case Duration::Unit::Milliseconds:
        return 1000 * 1000;
    case Duration::Unit::Seconds:
        return 1000LL * 1000 * 1000;
    case Duration::Unit::Minutes:
        return 60LL * 1000 * 1000 * 1000;
    case Duration::Unit::Hours:
        return 3600LL * 1000 * 1000 * 1000;
    case Duration::Unit::Days:
        return 86400LL * 1000 * 1000 * 1000;
    }
    return 1;
}

// count × (from / to) with saturation, `from` and `to` being nanos-per-unit.
qint64 convert(qint64 count, qint64 fromNanos, qint64 toNanos)
{
    if (fromNanos >= toNanos) {
        const qint64 factor = fromNanos / toNanos;
        qint64 result = 0;
        if (__builtin_mul_overflow(count, factor, &result))
            return count < 0 ? std::numeric_limits<qint64>::min()
                             : std::numeric_limits<qint64>::max();
        return result;
    }
    return count / (toNanos / fromNanos);
}

} // namespace

Duration::Duration(qint64 count, Unit unit)
    : m_count(count)
    , m_unit(unit)
{ }

Duration Duration::fromMilliseconds(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    if (ms == 0)
        return seconds(0);
    if (ms % 86400000 == 0)
        return days(ms / 86400000);
    if (ms % 3600000 == 0)
        return hours(ms / 3600000);
    if (ms % 60000 == 0)
        return minutes(ms / 60000);
    if (ms % 1000 == 0)
        return seconds(ms / 1000);
    return milliseconds(ms);
}

std::optional<Duration> Duration::parse(const QString &text, QString *errorMessage)
{
    const auto fail = [&](const QString &reason) -> std::optional<Duration> {
        if (errorMessage)
            *errorMessage = QStringLiteral("Invalid duration: ") + text + reason;
        return std::nullopt;
    };
    qsizetype pos = 0;
    const qsizetype size = text.size();
    while (pos < size && isAsciiDigit(text.at(pos)))
        ++pos;
    const qsizetype digitsEnd = pos;
    while (pos < size && isJavaSpace(text.at(pos)))
        ++pos;
    QString unitText = text.mid(pos);
    if (digitsEnd == 0)
        return fail(QString());
    if (unitText.isEmpty()) {
        // The regex would backtrack and take the last digit as the unit (when there is no
        // whitespace); that unit is never valid, so it is the "wrong unit" error either way.
        if (digitsEnd < 2 || digitsEnd != size)
            return fail(QString());
        return fail(QStringLiteral(". Wrong time unit"));
    }
    for (QChar c : unitText) {
        if (isJavaSpace(c))
            return fail(QString());
    }
    bool ok = false;
    const qint64 count = QStringView(text).left(digitsEnd).toLongLong(&ok);
    if (!ok)
        return fail(QStringLiteral(". Count out of range"));
    for (const Suffix &suffix : suffixes) {
        if (unitText == QLatin1String(suffix.text))
            return Duration(count, suffix.unit);
    }
    return fail(QStringLiteral(". Wrong time unit"));
}

std::optional<Duration> Duration::fromJson(const QJsonValue &json, ParseError *error,
                                           const QString &path)
{
    QString message;
    if (!json.isString()) {
        message = QStringLiteral("expected a duration string such as \"5 minutes\"");
    } else if (std::optional<Duration> duration = Duration::parse(json.toString(), &message)) {
        return duration;
    }
    if (error)
        *error = ParseError {ParseError::Kind::Json, path, message};
    return std::nullopt;
}

QString Duration::unitName(Unit unit, bool plural)
{
    QString name;
    switch (unit) {
    case Unit::Nanoseconds:
        name = QStringLiteral("nanosecond");
        break;
    case Unit::Microseconds:
        name = QStringLiteral("microsecond");
        break;
    case Unit::Milliseconds:
        name = QStringLiteral("millisecond");
        break;
    case Unit::Seconds:
        name = QStringLiteral("second");
        break;
    case Unit::Minutes:
        name = QStringLiteral("minute");
        break;
    case Unit::Hours:
        name = QStringLiteral("hour");
        break;
    case Unit::Days:
        name = QStringLiteral("day");
        break;
    }
    if (plural)
        name += QLatin1Char('s');
    return name;
}

QString Duration::toString() const
{
    return QString::number(m_count) + QLatin1Char(' ') + unitName(m_unit, m_count != 1);
}

qint64 Duration::toMilliseconds() const
{
    return convert(m_count, nanosPerUnit(m_unit), nanosPerUnit(Unit::Milliseconds));
}

qint64 Duration::toSeconds() const
{
    return convert(m_count, nanosPerUnit(m_unit), nanosPerUnit(Unit::Seconds));
}

bool Duration::isEquivalent(const Duration &other) const
{
    if (m_unit == other.m_unit)
        return m_count == other.m_count;
    // Express both in the finer unit; a saturated value means the coarser is larger.
    const bool thisFiner = nanosPerUnit(m_unit) < nanosPerUnit(other.m_unit);
    const Duration &fine = thisFiner ? *this : other;
    const Duration &coarse = thisFiner ? other : *this;
    const qint64 factor = nanosPerUnit(coarse.m_unit) / nanosPerUnit(fine.m_unit);
    qint64 scaled = 0;
    if (__builtin_mul_overflow(coarse.m_count, factor, &scaled))
        return false;
    return scaled == fine.m_count;
}

} // namespace drove::protocol
