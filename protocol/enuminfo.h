#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <cstddef>
#include <optional>

namespace drove::protocol {

/// Name table of a wire enum. Specialised next to each enum as
///   template<> struct EnumInfo<E> { static constexpr const char *typeName = "..";
///                                   static constexpr std::array<const char *, N> names{...}; };
/// Enumerators must be contiguous from 0 in the order of `names`.
template<typename E>
struct EnumInfo;

/// The exact Drove (Java enum) name of a value.
template<typename E>
QString enumToString(E value)
{
    const auto index = static_cast<std::size_t>(value);
    const auto &names = EnumInfo<E>::names;
    return index < names.size() ? QString::fromLatin1(names[index]) : QString();
}

/// Parses an enum *value* the way Jackson does in Drove: case-insensitively.
template<typename E>
std::optional<E> enumFromString(QStringView text)
{
    const auto &names = EnumInfo<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (text.compare(QLatin1String(names[i]), Qt::CaseInsensitive) == 0)
            return static_cast<E>(i);
    }
    return std::nullopt;
}

/// Parses a polymorphic `type` discriminator: case-sensitive, as Jackson's subtype resolution is.
template<typename E>
std::optional<E> enumFromStringExact(QStringView text)
{
    const auto &names = EnumInfo<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (text == QLatin1String(names[i]))
            return static_cast<E>(i);
    }
    return std::nullopt;
}

/// Every value of an enum, in declaration order.
template<typename E>
QList<E> enumValues()
{
    QList<E> values;
    for (std::size_t i = 0; i < EnumInfo<E>::names.size(); ++i)
        values.append(static_cast<E>(i));
    return values;
}

/// Every name of an enum, in declaration order (for error messages and combo boxes).
template<typename E>
QStringList enumNames()
{
    QStringList names;
    for (const char *name : EnumInfo<E>::names)
        names.append(QString::fromLatin1(name));
    return names;
}

} // namespace drove::protocol
