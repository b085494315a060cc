#include "protocol/appsummary.h"

#include "protocol/jsonreader.h"
#include "protocol/jsonwriter.h"

namespace drove::protocol {

std::optional<AppSummary> AppSummary::fromJson(const QJsonValue &json, ParseError *error,
                                               const QString &path)
{
    JsonReader reader(json, error, path);
    AppSummary summary;
    summary.id = reader.string(QStringLiteral("id"));
    summary.name = reader.string(QStringLiteral("name"));
    summary.requiredInstances = reader.int64(QStringLiteral("requiredInstances"));
    summary.healthyInstances = reader.int64(QStringLiteral("healthyInstances"));
    summary.totalCPUs = reader.int64(QStringLiteral("totalCPUs"));
    summary.totalMemory = reader.int64(QStringLiteral("totalMemory"));
    if (reader.has(QStringLiteral("tags")))
        summary.tags = reader.stringMap(QStringLiteral("tags"));
    summary.state = reader.optEnum<ApplicationState>(QStringLiteral("state"));
    if (!summary.state)
        summary.stateText = reader.optString(QStringLiteral("state")).value_or(QString());
    summary.created = reader.int64(QStringLiteral("created"));
    summary.updated = reader.int64(QStringLiteral("updated"));
    if (!reader.ok())
        return std::nullopt;
    return summary;
}

QJsonObject AppSummary::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("id"), id);
    json.insert(QStringLiteral("name"), name);
    json.insert(QStringLiteral("requiredInstances"), QJsonValue(requiredInstances));
    json.insert(QStringLiteral("healthyInstances"), QJsonValue(healthyInstances));
    json.insert(QStringLiteral("totalCPUs"), QJsonValue(totalCPUs));
    json.insert(QStringLiteral("totalMemory"), QJsonValue(totalMemory));
    if (tags)
        json.insert(QStringLiteral("tags"), json::toObject(*tags));
    if (state)
        json.insert(QStringLiteral("state"), enumToString(*state));
    json.insert(QStringLiteral("created"), QJsonValue(created));
    json.insert(QStringLiteral("updated"), QJsonValue(updated));
    return json;
}

void AppSummary::writeJson(JsonWriter &writer) const
{
    // QJsonObject's key order, so that the bytes match QJsonDocument(toJson()).
    writer.beginObject();
    writer.key(QLatin1String("created"));
    writer.value(created);
    writer.key(QLatin1String("healthyInstances"));
    writer.value(healthyInstances);
    writer.key(QLatin1String("id"));
    writer.value(id);
    writer.key(QLatin1String("name"));
    writer.value(name);
    writer.key(QLatin1String("requiredInstances"));
    writer.value(requiredInstances);
    if (state) {
        writer.key(QLatin1String("state"));
        // The name table's literal: no QString per summary in a list of 10,000.
        writer.value(QLatin1String(EnumInfo<ApplicationState>::names[std::size_t(*state)]));
    }
    if (tags) {
        writer.key(QLatin1String("tags"));
        writer.beginObject();
        for (auto it = tags->cbegin(); it != tags->cend(); ++it) {
            writer.key(it.key());
            writer.value(it.value());
        }
        writer.endObject();
    }
    writer.key(QLatin1String("totalCPUs"));
    writer.value(totalCPUs);
    writer.key(QLatin1String("totalMemory"));
    writer.value(totalMemory);
    writer.key(QLatin1String("updated"));
    writer.value(updated);
    writer.endObject();
}

bool AppSummary::operator==(const AppSummary &other) const
{
    return id == other.id && name == other.name && requiredInstances == other.requiredInstances
        && healthyInstances == other.healthyInstances && totalCPUs == other.totalCPUs
        && totalMemory == other.totalMemory && tags == other.tags && state == other.state
        && stateText == other.stateText && created == other.created && updated == other.updated;
}

std::optional<QMap<QString, AppSummary>>
AppSummary::mapFromJson(const QJsonValue &json, ParseError *error, const QString &path)
{
    if (!json.isObject()) {
        if (error)
            *error = ParseError {ParseError::Kind::Json, path,
                                 JsonReader::wrongTypeMessage(QStringLiteral("an object"), json)};
        return std::nullopt;
    }
    const QJsonObject object = json.toObject();
    QMap<QString, AppSummary> result;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        std::optional<AppSummary> summary
            = fromJson(*it, error, JsonReader::childPath(path, it.key()));
        if (!summary)
            return std::nullopt;
        result.insert(it.key(), std::move(*summary));
    }
    return result;
}

QJsonObject AppSummary::mapToJson(const QMap<QString, AppSummary> &summaries)
{
    QJsonObject json;
    for (auto it = summaries.constBegin(); it != summaries.constEnd(); ++it)
        json.insert(it.key(), it->toJson());
    return json;
}

} // namespace drove::protocol
