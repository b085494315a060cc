#include "protocol/jsonreader.h"

#include <QDateTime>

#include <QVariant>

#include <cmath>
#include <limits>

namespace drove::protocol {

namespace {
constexpr qint64 Int32Min = std::numeric_limits<int>::min();
constexpr qint64 Int32Max = std::numeric_limits<int>::max();
constexpr qint64 Int64Min = std::numeric_limits<qint64>::min();
constexpr qint64 Int64Max = std::numeric_limits<qint64>::max();
} // namespace

namespace {
thread_local int t_tolerantDepth = 0;
} // namespace

TolerantDecoding::TolerantDecoding()
{
    ++t_tolerantDepth;
}

TolerantDecoding::~TolerantDecoding()
{
    --t_tolerantDepth;
}

bool TolerantDecoding::active()
{
    return t_tolerantDepth > 0;
}

QJsonValue JsonReader::tolerantNumber(const QJsonValue &value)
{
    if (!value.isString() || !TolerantDecoding::active())
        return value;
    const QString text = value.toString().trimmed();
    bool ok = false;
    const qint64 integer = text.toLongLong(&ok);
    if (ok)
        return QJsonValue(integer);
    const double number = text.toDouble(&ok);
    if (ok)
        return QJsonValue(number);
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    if (time.isValid())
        return QJsonValue(time.toMSecsSinceEpoch());
    return value;
}

JsonReader::JsonReader(const QJsonValue &json, ParseError *error, QString path)
    : m_error(error)
    , m_path(std::move(path))
{
    if (json.isObject())
        m_object = json.toObject();
    else
        fail(m_path, wrongTypeMessage(QStringLiteral("an object"), json));
}

QString JsonReader::childPath(const QString &key) const
{
    return childPath(m_path, key);
}

QString JsonReader::childPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString JsonReader::indexPath(const QString &path, qsizetype index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

bool JsonReader::has(const QString &key) const
{
    const auto it = m_object.constFind(key);
    return it != m_object.constEnd() && !it->isNull() && !it->isUndefined();
}

void JsonReader::fail(const QString &field, const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    if (m_error)
        *m_error = ParseError {ParseError::Kind::Json, field, message};
}

QString JsonReader::jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString JsonReader::wrongTypeMessage(const QString &expected, const QJsonValue &actual)
{
    return QStringLiteral("expected %1, got %2").arg(expected, jsonTypeName(actual));
}

QString JsonReader::badEnumMessage(const QString &text, const QString &typeName,
                                   const QStringList &accepted)
{
    return QStringLiteral("Cannot deserialize value of type `%1` from String \"%2\": not one of "
                          "the values accepted for Enum class: [%3]")
        .arg(typeName, text, accepted.join(QLatin1String(", ")));
}

QString JsonReader::unknownTypeIdMessage(const QString &text, const QString &typeName,
                                         const QStringList &known)
{
    return QStringLiteral("Could not resolve type id '%1' as a subtype of `%2`: known type ids = "
                          "[%3]")
        .arg(text, typeName, known.join(QLatin1String(", ")));
}

QString JsonReader::missingTypeIdMessage(const QString &key, const QString &typeName)
{
    return QStringLiteral("Could not resolve subtype of `%1`: missing type id property '%2'")
        .arg(typeName, key);
}

std::optional<qint64> JsonReader::toInteger(const QJsonValue &value, qint64 min, qint64 max,
                                            QString *message)
{
    const QString typeName
        = (min == Int32Min && max == Int32Max) ? QStringLiteral("int") : QStringLiteral("long");
    if (!value.isDouble()) {
        if (message)
            *message = wrongTypeMessage(QStringLiteral("an integer"), value);
        return std::nullopt;
    }
    // Qt keeps integers that fit in 64 bits exactly; anything else arrives as a double.
    const QVariant variant = value.toVariant();
    qint64 result = 0;
    if (variant.typeId() == QMetaType::LongLong) {
        result = variant.toLongLong();
    } else {
        const double d = value.toDouble();
        if (!std::isfinite(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0) {
            if (message)
                *message = QStringLiteral("Numeric value (%1) out of range of %2")
                               .arg(QString::number(d, 'g', 17), typeName);
            return std::nullopt;
        }
        if (std::trunc(d) != d) {
            if (message)
                *message = QStringLiteral("expected an integer, got %1")
                               .arg(QString::number(d, 'g', 17));
            return std::nullopt;
        }
        result = static_cast<qint64>(d);
    }
    if (result < min || result > max) {
        if (message)
            *message = QStringLiteral("Numeric value (%1) out of range of %2")
                           .arg(QString::number(result), typeName);
        return std::nullopt;
    }
    return result;
}

QString JsonReader::string(const QString &key)
{
    return optString(key).value_or(QString());
}

std::optional<QString> JsonReader::optString(const QString &key)
{
    if (m_failed || !has(key))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isString()) {
        fail(childPath(key), wrongTypeMessage(QStringLiteral("a string"), value));
        return std::nullopt;
    }
    QString text = value.toString();
    if (text.isNull())
        text = QLatin1String("");
    return text;
}

std::optional<qint64> JsonReader::optInt64(const QString &key)
{
    if (m_failed || !has(key))
        return std::nullopt;
    QString message;
    const std::optional<qint64> value
        = toInteger(tolerantNumber(m_object.value(key)), Int64Min, Int64Max, &message);
    if (!value)
        fail(childPath(key), message);
    return value;
}

std::optional<int> JsonReader::optInt32(const QString &key)
{
    if (m_failed || !has(key))
        return std::nullopt;
    QString message;
    const std::optional<qint64> value
        = toInteger(tolerantNumber(m_object.value(key)), Int32Min, Int32Max, &message);
    if (!value) {
        fail(childPath(key), message);
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

qint64 JsonReader::int64(const QString &key)
{
    return optInt64(key).value_or(0);
}

int JsonReader::int32(const QString &key)
{
    return optInt32(key).value_or(0);
}

std::optional<bool> JsonReader::optBoolean(const QString &key)
{
    if (m_failed || !has(key))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isBool()) {
        fail(childPath(key), wrongTypeMessage(QStringLiteral("a boolean"), value));
        return std::nullopt;
    }
    return value.toBool();
}

bool JsonReader::boolean(const QString &key)
{
    return optBoolean(key).value_or(false);
}

std::optional<Duration> JsonReader::optDuration(const QString &key)
{
    if (m_failed || !has(key))
        return std::nullopt;
    std::optional<Duration> value
        = Duration::fromJson(m_object.value(key), m_error, childPath(key));
    if (!value)
        m_failed = true;
    return value;
}

QJsonArray JsonReader::arrayAt(const QString &key)
{
    if (m_failed || !has(key))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(childPath(key), wrongTypeMessage(QStringLiteral("an array"), value));
        return {};
    }
    return value.toArray();
}

QJsonObject JsonReader::objectAt(const QString &key)
{
    if (m_failed || !has(key))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isObject()) {
        fail(childPath(key), wrongTypeMessage(QStringLiteral("an object"), value));
        return {};
    }
    return value.toObject();
}

QStringList JsonReader::stringList(const QString &key)
{
    QStringList result;
    const QJsonArray array = arrayAt(key);
    for (qsizetype i = 0; i < array.size() && !m_failed; ++i) {
        const QJsonValue item = array.at(i);
        if (!item.isString()) {
            fail(indexPath(childPath(key), i), wrongTypeMessage(QStringLiteral("a string"), item));
            break;
        }
        result.append(item.toString());
    }
    return result;
}

QList<int> JsonReader::intList(const QString &key)
{
    QList<int> result;
    const QJsonArray array = arrayAt(key);
    for (qsizetype i = 0; i < array.size() && !m_failed; ++i) {
        QString message;
        const std::optional<qint64> value = toInteger(array.at(i), Int32Min, Int32Max, &message);
        if (!value) {
            fail(indexPath(childPath(key), i), message);
            break;
        }
        result.append(static_cast<int>(*value));
    }
    return result;
}

QList<qint64> JsonReader::int64List(const QString &key)
{
    QList<qint64> result;
    const QJsonArray array = arrayAt(key);
    for (qsizetype i = 0; i < array.size() && !m_failed; ++i) {
        QString message;
        const std::optional<qint64> value = toInteger(array.at(i), Int64Min, Int64Max, &message);
        if (!value) {
            fail(indexPath(childPath(key), i), message);
            break;
        }
        result.append(*value);
    }
    return result;
}

QMap<QString, QString> JsonReader::stringMap(const QString &key)
{
    QMap<QString, QString> result;
    const QJsonObject object = objectAt(key);
    for (auto it = object.constBegin(); it != object.constEnd() && !m_failed; ++it) {
        if (!it->isString()) {
            // Jackson coerces scalars into String values; keep that tolerance for numbers/bools.
            if (it->isDouble() || it->isBool()) {
                result.insert(
                    it.key(),
                    it->isBool() ? (it->toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                 : it->toVariant().toString());
                continue;
            }
            if (it->isNull())
                continue;
            fail(childPath(childPath(key), it.key()),
                 wrongTypeMessage(QStringLiteral("a string"), *it));
            break;
        }
        result.insert(it.key(), it->toString());
    }
    return result;
}

QMap<QString, qint64> JsonReader::int64Map(const QString &key)
{
    QMap<QString, qint64> result;
    const QJsonObject object = objectAt(key);
    for (auto it = object.constBegin(); it != object.constEnd() && !m_failed; ++it) {
        QString message;
        const std::optional<qint64> value = toInteger(*it, Int64Min, Int64Max, &message);
        if (!value) {
            fail(childPath(childPath(key), it.key()), message);
            break;
        }
        result.insert(it.key(), *value);
    }
    return result;
}

QMap<QString, QList<int>> JsonReader::intListMap(const QString &key)
{
    QMap<QString, QList<int>> result;
    const QJsonObject object = objectAt(key);
    for (auto it = object.constBegin(); it != object.constEnd() && !m_failed; ++it) {
        const QString itemPath = childPath(childPath(key), it.key());
        if (!it->isArray()) {
            fail(itemPath, wrongTypeMessage(QStringLiteral("an array"), *it));
            break;
        }
        const QJsonArray array = it->toArray();
        QList<int> values;
        for (qsizetype i = 0; i < array.size(); ++i) {
            QString message;
            const std::optional<qint64> value
                = toInteger(array.at(i), Int32Min, Int32Max, &message);
            if (!value) {
                fail(indexPath(itemPath, i), message);
                break;
            }
            values.append(static_cast<int>(*value));
        }
        result.insert(it.key(), values);
    }
    return result;
}

namespace json {

QJsonArray toArray(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

QJsonArray toArray(const QList<int> &values)
{
    QJsonArray array;
    for (int value : values)
        array.append(value);
    return array;
}

QJsonArray toArray(const QList<qint64> &values)
{
    QJsonArray array;
    for (qint64 value : values)
        array.append(QJsonValue(value));
    return array;
}

QJsonObject toObject(const QMap<QString, QString> &values)
{
    QJsonObject object;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject toObject(const QMap<QString, qint64> &values)
{
    QJsonObject object;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        object.insert(it.key(), QJsonValue(it.value()));
    return object;
}

QJsonObject toObject(const QMap<QString, QList<int>> &values)
{
    QJsonObject object;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        object.insert(it.key(), toArray(it.value()));
    return object;
}

} // namespace json

} // namespace drove::protocol
