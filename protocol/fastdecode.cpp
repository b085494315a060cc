#include "protocol/fastdecode.h"

#include "protocol/jsonscanner.h"

#include <algorithm>

namespace drove::protocol {

namespace {

enum Field : unsigned {
    Id = 1u << 0,
    Name = 1u << 1,
    Required = 1u << 2,
    Healthy = 1u << 3,
    Cpus = 1u << 4,
    Memory = 1u << 5,
    Tags = 1u << 6,
    State = 1u << 7,
    Created = 1u << 8,
    Updated = 1u << 9,
};

/// A repeated key: Qt's parser and Jackson may disagree on which one wins, so not our call.
bool markSeen(unsigned *seen, Field field)
{
    if (*seen & field)
        return false;
    *seen |= field;
    return true;
}

/// Integer field: null reads as 0, like JsonReader::int64.
bool readCount(JsonScanner &scanner, qint64 *out)
{
    if (scanner.takeNull()) {
        *out = 0;
        return true;
    }
    return scanner.readInt64(out);
}

/// String field: null reads as a null QString, like JsonReader::string.
bool readText(JsonScanner &scanner, QString *out)
{
    if (scanner.takeNull()) {
        *out = QString();
        return true;
    }
    return scanner.readString(out);
}

bool readTags(JsonScanner &scanner, std::optional<QMap<QString, QString>> *out)
{
    if (scanner.takeNull()) {
        out->reset();
        return true;
    }
    if (!scanner.enterObject())
        return false;
    QMap<QString, QString> tags;
    QString name;
    while (scanner.nextMember(&name)) {
        QString value;
        if (!scanner.readString(&value))
            return false;
        if (tags.contains(name))
            return false;
        tags.insert(name, value);
    }
    if (scanner.failed())
        return false;
    *out = std::move(tags);
    return true;
}

bool readState(JsonScanner &scanner, std::optional<ApplicationState> *out)
{
    if (scanner.takeNull()) {
        out->reset();
        return true;
    }
    QString text;
    if (!scanner.readString(&text))
        return false;
    *out = enumFromString<ApplicationState>(text);
    return out->has_value(); // an unknown state is an error the regular path words
}

bool readSummary(JsonScanner &scanner, AppSummary *summary)
{
    if (!scanner.enterObject())
        return false;
    unsigned seen = 0;
    QByteArrayView key;
    while (scanner.nextMember(&key)) {
        bool ok = true;
        if (key == "id")
            ok = markSeen(&seen, Id) && readText(scanner, &summary->id);
        else if (key == "name")
            ok = markSeen(&seen, Name) && readText(scanner, &summary->name);
        else if (key == "requiredInstances")
            ok = markSeen(&seen, Required) && readCount(scanner, &summary->requiredInstances);
        else if (key == "healthyInstances")
            ok = markSeen(&seen, Healthy) && readCount(scanner, &summary->healthyInstances);
        else if (key == "totalCPUs")
            ok = markSeen(&seen, Cpus) && readCount(scanner, &summary->totalCPUs);
        else if (key == "totalMemory")
            ok = markSeen(&seen, Memory) && readCount(scanner, &summary->totalMemory);
        else if (key == "tags")
            ok = markSeen(&seen, Tags) && readTags(scanner, &summary->tags);
        else if (key == "state")
            ok = markSeen(&seen, State) && readState(scanner, &summary->state);
        else if (key == "created")
            ok = markSeen(&seen, Created) && readCount(scanner, &summary->created);
        else if (key == "updated")
            ok = markSeen(&seen, Updated) && readCount(scanner, &summary->updated);
        else
            ok = scanner.skipValue(); // ignored, like Jackson and JsonReader do
        if (!ok)
            return false;
    }
    return !scanner.failed();
}

bool readApplications(JsonScanner &scanner, QList<std::pair<QString, AppSummary>> *apps)
{
    if (!scanner.enterObject())
        return false;
    QByteArrayView key;
    while (scanner.nextMember(&key)) {
        AppSummary summary;
        if (!readSummary(scanner, &summary))
            return false;
        apps->append({QString::fromUtf8(key), std::move(summary)});
    }
    return !scanner.failed();
}

} // namespace

std::optional<QList<AppSummary>> fastDecodeApplicationsEnvelope(QByteArrayView body)
{
    JsonScanner scanner(body);
    if (!scanner.enterObject())
        return std::nullopt;
    QList<std::pair<QString, AppSummary>> apps;
    bool haveData = false;
    bool haveStatus = false;
    bool haveMessage = false;
    QByteArrayView key;
    while (scanner.nextMember(&key)) {
        if (key == "status") {
            QString status;
            if (haveStatus || !scanner.readString(&status) || status != QLatin1String("SUCCESS"))
                return std::nullopt;
            haveStatus = true;
        } else if (key == "data") {
            if (haveData || !readApplications(scanner, &apps))
                return std::nullopt;
            haveData = true;
        } else if (key == "message") {
            if (haveMessage || !scanner.skipValue())
                return std::nullopt;
            haveMessage = true;
        } else if (!scanner.skipValue()) {
            return std::nullopt;
        }
    }
    if (scanner.failed() || !scanner.atEnd() || !haveStatus || !haveData)
        return std::nullopt;
    // The regular path returns QMap<appId, AppSummary>::values(): ordered by id, ids unique.
    std::sort(apps.begin(), apps.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<AppSummary> result;
    result.reserve(apps.size());
    for (qsizetype i = 0; i < apps.size(); ++i) {
        if (i > 0 && apps.at(i).first == apps.at(i - 1).first)
            return std::nullopt;
        result.append(std::move(apps[i].second));
    }
    return result;
}

} // namespace drove::protocol
