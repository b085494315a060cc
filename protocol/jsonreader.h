#pragma once

#include "protocol/duration.h"
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
#include <vector>

namespace drove::protocol {

/// While one of these lives on a thread, every JsonReader on that thread decodes answers from
/// controllers of other Drove versions tolerantly: an enum value it does not know is no error
/// (the optional is left empty; decoders that can keep the text do), integer fields accept
/// numeric strings ("12") and integral floats, and integer fields accept ISO-8601 date-time
/// strings as epoch milliseconds. The console's client turns it on for every response it
/// decodes; the embedded controller never does, so requests keep the strict rules below.
class TolerantDecoding
{
public:
    TolerantDecoding();
    ~TolerantDecoding();
    TolerantDecoding(const TolerantDecoding &) = delete;
    TolerantDecoding &operator=(const TolerantDecoding &) = delete;
    static bool active();
};

/// Reads one JSON object field by field with Jackson's tolerance (unknown keys ignored, missing
/// or null primitives → 0/false, missing objects → nullopt) and Jackson's strictness (wrong JSON
/// type, bad enum, number out of range → error). The first error is kept, with its JSON path;
/// after an error every accessor keeps returning defaults so callers can read straight through
/// and check ok() once. Used by every fromJson() of this library.
class JsonReader
{
public:
    /// `json` must be an object, otherwise the reader starts in error ("expected an object").
    JsonReader(const QJsonValue &json, ParseError *error, QString path);

    bool ok() const { return !m_failed; }
    const QJsonObject &object() const { return m_object; }
    const QString &path() const { return m_path; }
    /// "path.key" (or "key" at the root).
    QString childPath(const QString &key) const;
    static QString childPath(const QString &path, const QString &key);
    static QString indexPath(const QString &path, qsizetype index);

    /// Present and not null.
    bool has(const QString &key) const;

    /// Missing/null → null QString; present → the string (never null, "" stays "").
    QString string(const QString &key);
    std::optional<QString> optString(const QString &key);
    /// Missing/null → 0. Fractional, out-of-range or non-numeric → error.
    qint64 int64(const QString &key);
    int int32(const QString &key);
    std::optional<qint64> optInt64(const QString &key);
    std::optional<int> optInt32(const QString &key);
    /// Missing/null → false.
    bool boolean(const QString &key);
    std::optional<bool> optBoolean(const QString &key);

    /// Enum value, case-insensitive. Missing/null → nullopt; unknown → error.
    template<typename E>
    std::optional<E> optEnum(const QString &key)
    {
        const std::optional<QString> text = optString(key);
        if (!text)
            return std::nullopt;
        const std::optional<E> value = enumFromString<E>(*text);
        if (!value && !TolerantDecoding::active())
            fail(childPath(key),
                 badEnumMessage(*text, QLatin1String(EnumInfo<E>::typeName), enumNames<E>()));
        return value;
    }
    /// Polymorphic discriminator at `key` (usually "type"), case-sensitive. Missing → error
    /// ("missing type id property"), unknown → error ("Could not resolve type id ...").
    template<typename E>
    std::optional<E> discriminator(const QString &key = QStringLiteral("type"))
    {
        if (m_failed)
            return std::nullopt;
        if (!has(key)) {
            fail(childPath(key), missingTypeIdMessage(key, QLatin1String(EnumInfo<E>::typeName)));
            return std::nullopt;
        }
        const std::optional<QString> text = optString(key);
        if (!text)
            return std::nullopt;
        const std::optional<E> value = enumFromStringExact<E>(*text);
        if (!value)
            fail(childPath(key),
                 unknownTypeIdMessage(*text, QLatin1String(EnumInfo<E>::typeName), enumNames<E>()));
        return value;
    }

    std::optional<Duration> optDuration(const QString &key);

    /// Nested object; T needs `static std::optional<T> fromJson(const QJsonValue&, ParseError*,
    /// const QString &path)`. Missing/null → nullopt.
    template<typename T>
    std::optional<T> optObject(const QString &key)
    {
        if (m_failed || !has(key))
            return std::nullopt;
        std::optional<T> value = T::fromJson(m_object.value(key), m_error, childPath(key));
        if (!value)
            m_failed = true;
        return value;
    }

    /// Array of objects. Missing/null → empty list (check has() to tell apart).
    template<typename T>
    QList<T> list(const QString &key)
    {
        QList<T> result;
        const QJsonArray array = arrayAt(key);
        for (qsizetype i = 0; i < array.size() && !m_failed; ++i) {
            std::optional<T> value
                = T::fromJson(array.at(i), m_error, indexPath(childPath(key), i));
            if (!value)
                m_failed = true;
            else
                result.append(std::move(*value));
        }
        return result;
    }
    template<typename T>
    std::vector<T> vector(const QString &key)
    {
        const QList<T> values = list<T>(key);
        return std::vector<T>(values.cbegin(), values.cend());
    }
    template<typename E>
    QList<E> enumList(const QString &key)
    {
        QList<E> result;
        const QJsonArray array = arrayAt(key);
        for (qsizetype i = 0; i < array.size() && !m_failed; ++i) {
            const QString itemPath = indexPath(childPath(key), i);
            if (!array.at(i).isString()) {
                fail(itemPath, wrongTypeMessage(QStringLiteral("a string"), array.at(i)));
                break;
            }
            const std::optional<E> value = enumFromString<E>(array.at(i).toString());
            if (!value) {
                fail(itemPath,
                     badEnumMessage(array.at(i).toString(), QLatin1String(EnumInfo<E>::typeName),
                                    enumNames<E>()));
                break;
            }
            result.append(*value);
        }
        return result;
    }

    QStringList stringList(const QString &key);
    QList<int> intList(const QString &key);
    QList<qint64> int64List(const QString &key);
    /// JSON object of strings. Missing/null → empty map.
    QMap<QString, QString> stringMap(const QString &key);
    /// JSON object of numbers ({"0": 128}).
    QMap<QString, qint64> int64Map(const QString &key);
    /// JSON object of integer arrays ({"0": [2, 3]}).
    QMap<QString, QList<int>> intListMap(const QString &key);
    /// Raw value, no checks (metadata maps, opaque lists).
    QJsonValue raw(const QString &key) const { return m_object.value(key); }
    /// Array at key; missing/null → empty, wrong type → error.
    QJsonArray arrayAt(const QString &key);
    /// Object at key; missing/null → empty, wrong type → error.
    QJsonObject objectAt(const QString &key);

    /// Records an error (first one wins) and puts the reader in the failed state.
    void fail(const QString &field, const QString &message);

    // Helpers shared with code that reads values outside a reader.
    static QString wrongTypeMessage(const QString &expected, const QJsonValue &actual);
    static QString jsonTypeName(const QJsonValue &value);
    static QString badEnumMessage(const QString &text, const QString &typeName,
                                  const QStringList &accepted);
    static QString unknownTypeIdMessage(const QString &text, const QString &typeName,
                                        const QStringList &known);
    static QString missingTypeIdMessage(const QString &key, const QString &typeName);
    /// Under TolerantDecoding: a numeric string becomes the number, an ISO-8601 date-time string
    /// its epoch milliseconds; anything else (and everything otherwise) is returned as is.
    static QJsonValue tolerantNumber(const QJsonValue &value);
    /// Converts a JSON number to an integer in [min, max]; fractional or out-of-range → nullopt
    /// with *message set.
    static std::optional<qint64> toInteger(const QJsonValue &value, qint64 min, qint64 max,
                                           QString *message);

private:
    QJsonObject m_object;
    ParseError *m_error = nullptr;
    QString m_path;
    bool m_failed = false;
};

/// Decodes a JSON array of T (T::fromJson per element, paths "path[i]").
template<typename T>
std::optional<QList<T>> decodeList(const QJsonValue &json, ParseError *error, const QString &path)
{
    if (!json.isArray()) {
        if (error)
            *error = ParseError {ParseError::Kind::Json, path,
                                 JsonReader::wrongTypeMessage(QStringLiteral("an array"), json)};
        return std::nullopt;
    }
    const QJsonArray array = json.toArray();
    QList<T> result;
    result.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        std::optional<T> value = T::fromJson(array.at(i), error, JsonReader::indexPath(path, i));
        if (!value)
            return std::nullopt;
        result.append(std::move(*value));
    }
    return result;
}

/// Writer helpers: Drove omits nulls, keeps empty strings/lists/maps.
namespace json {
QJsonArray toArray(const QStringList &values);
QJsonArray toArray(const QList<int> &values);
QJsonArray toArray(const QList<qint64> &values);
QJsonObject toObject(const QMap<QString, QString> &values);
QJsonObject toObject(const QMap<QString, qint64> &values);
QJsonObject toObject(const QMap<QString, QList<int>> &values);
template<typename T>
QJsonArray toArray(const QList<T> &values)
{
    QJsonArray array;
    for (const T &value : values)
        array.append(value.toJson());
    return array;
}
template<typename T>
QJsonArray toArray(const std::vector<T> &values)
{
    QJsonArray array;
    for (const T &value : values)
        array.append(value.toJson());
    return array;
}
template<typename E>
QJsonArray enumArray(const QList<E> &values)
{
    QJsonArray array;
    for (E value : values)
        array.append(enumToString(value));
    return array;
}
} // namespace json

} // namespace drove::protocol
