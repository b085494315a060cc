#include "protocol/droveevent.h"

#include "protocol/jsonreader.h"

#include <cmath>

namespace drove::protocol {

QString DroveEvent::metadataString(const QString &key) const
{
    const QJsonValue value = metadata.value(key);
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::trunc(d) == d && std::abs(d) < 9.0e15)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    case QJsonValue::Array:
    case QJsonValue::Object:
        break;
    }
    return QString();
}

std::optional<DroveEvent> DroveEvent::fromJson(const QJsonValue &json, ParseError *error,
                                               const QString &path)
{
    JsonReader reader(json, error, path);
    DroveEvent event;
    if (const auto type = reader.optEnum<DroveEventType>(QStringLiteral("type")))
        event.type = *type;
    else if (const auto text = reader.optString(QStringLiteral("type")))
        event.typeText = *text; // tolerant decoding: a newer Drove's event type
    event.id = reader.string(QStringLiteral("id"));
    event.time = reader.int64(QStringLiteral("time"));
    event.metadata = reader.objectAt(QStringLiteral("metadata"));
    if (!reader.ok())
        return std::nullopt;
    return event;
}

QString DroveEvent::typeName() const
{
    return typeText.isEmpty() ? toString(type) : typeText;
}

QJsonObject DroveEvent::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), enumToString(type));
    json.insert(QStringLiteral("id"), id);
    json.insert(QStringLiteral("time"), QJsonValue(time));
    json.insert(QStringLiteral("metadata"), metadata);
    return json;
}

bool DroveEvent::operator==(const DroveEvent &other) const
{
    return type == other.type && typeText == other.typeText && id == other.id && time == other.time
        && metadata == other.metadata;
}

} // namespace drove::protocol
