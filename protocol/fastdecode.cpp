#include "protocol/fastdecode.h"

#include <simdjson.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace drove::protocol {

namespace {

using simdjson::SUCCESS;
namespace ondemand = simdjson::ondemand;

/// Deeper than anything Drove sends; an unknown value nested further is left to the regular
/// path (which has its own limit and words the error).
constexpr int kMaxDepth = 64;

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
bool markSeen(unsigned *seen, unsigned field)
{
    if (*seen & field)
        return false;
    *seen |= field;
    return true;
}

/// A JSON string as JsonReader gives it: never null, "" stays "".
QString text(std::string_view view)
{
    if (view.empty())
        return QLatin1String("");
    return QString::fromUtf8(view.data(), qsizetype(view.size()));
}

/// On-Demand checks only what is read: a value that is skipped has its brackets matched but
/// not its numbers or literals ("[1, tru]" would pass). The regular path refuses such a body,
/// so every value the decoder does not use is read in full here instead of skipped.
bool validate(ondemand::value value, int depth);

bool validateObject(ondemand::object object, int depth)
{
    for (auto field : object) {
        std::string_view key;
        ondemand::value value;
        if (field.unescaped_key().get(key) != SUCCESS || field.value().get(value) != SUCCESS
            || !validate(value, depth + 1))
            return false;
    }
    return true;
}

bool validate(ondemand::value value, int depth)
{
    if (depth > kMaxDepth)
        return false;
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS)
        return false;
    switch (type) {
    case ondemand::json_type::object: {
        ondemand::object object;
        return value.get_object().get(object) == SUCCESS && validateObject(object, depth);
    }
    case ondemand::json_type::array: {
        ondemand::array array;
        if (value.get_array().get(array) != SUCCESS)
            return false;
        for (auto element : array) {
            ondemand::value item;
            if (element.get(item) != SUCCESS || !validate(item, depth + 1))
                return false;
        }
        return true;
    }
    case ondemand::json_type::string: {
        std::string_view unused;
        return value.get_string().get(unused) == SUCCESS;
    }
    case ondemand::json_type::number: {
        ondemand::number unused;
        return value.get_number().get(unused) == SUCCESS;
    }
    case ondemand::json_type::boolean: {
        bool unused = false;
        return value.get_bool().get(unused) == SUCCESS;
    }
    case ondemand::json_type::null: {
        bool isNull = false;
        return value.is_null().get(isNull) == SUCCESS && isNull;
    }
    }
    return false;
}

/// Calls visit(key, value) on each member of `object` in order; false as soon as a member
/// cannot be read or `visit` refuses it.
template<typename Visit>
bool forEachMember(ondemand::object object, Visit visit)
{
    for (auto member : object) {
        std::string_view key;
        ondemand::value field;
        if (member.unescaped_key().get(key) != SUCCESS || member.value().get(field) != SUCCESS
            || !visit(key, field))
            return false;
    }
    return true;
}

/// The members of an object value (see forEachMember); false when it is not an object.
template<typename Visit>
bool readObject(ondemand::value value, Visit visit)
{
    ondemand::object object;
    return value.get_object().get(object) == SUCCESS && forEachMember(object, visit);
}

/// A JSON array of T, each element read by \a readElement.
template<typename T, typename ReadElement>
bool readArray(ondemand::value value, QList<T> *out, ReadElement readElement)
{
    ondemand::array array;
    if (value.get_array().get(array) != SUCCESS)
        return false;
    for (auto element : array) {
        ondemand::value item;
        T decoded {};
        if (element.get(item) != SUCCESS || !readElement(item, &decoded))
            return false;
        out->append(std::move(decoded));
    }
    return true;
}

bool takeNull(ondemand::value &value, bool *isNull)
{
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS)
        return false;
    *isNull = type == ondemand::json_type::null;
    if (!*isNull)
        return true;
    bool atom = false;
    return value.is_null().get(atom) == SUCCESS && atom;
}

/// Integer field: null reads as 0, like JsonReader::int64. Only a plain integer within qint64
/// is taken; a fraction, an exponent or a bigger number goes to the regular path, which decides
/// what it means.
bool readCount(ondemand::value value, qint64 *out)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    if (isNull) {
        *out = 0;
        return true;
    }
    // get_int64() would also take what follows the digits up to a separator; the regular
    // path reads "1.0" or "1e3" as a double, so those are left to it.
    const std::string_view raw = value.raw_json_token();
    for (char c : raw) {
        if (c == '.' || c == 'e' || c == 'E')
            return false;
    }
    int64_t number = 0;
    if (value.get_int64().get(number) != SUCCESS)
        return false;
    *out = number;
    return true;
}

bool readInt32(ondemand::value value, int *out)
{
    qint64 number = 0;
    if (!readCount(value, &number) || number < std::numeric_limits<int>::min()
        || number > std::numeric_limits<int>::max())
        return false;
    *out = int(number);
    return true;
}

/// Array of strings: null reads as an empty list, like JsonReader::stringList.
bool readStringList(ondemand::value value, QStringList *out)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    out->clear();
    if (isNull)
        return true;
    ondemand::array array;
    if (value.get_array().get(array) != SUCCESS)
        return false;
    for (auto element : array) {
        std::string_view view;
        if (element.get_string().get(view) != SUCCESS)
            return false;
        out->append(text(view));
    }
    return true;
}

/// Optional enum: null reads as none; a value this version does not know is left to the
/// regular path (strict: an error; tolerant: none).
template<typename E>
bool readOptEnum(ondemand::value value, std::optional<E> *out)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    if (isNull) {
        out->reset();
        return true;
    }
    std::string_view view;
    if (value.get_string().get(view) != SUCCESS)
        return false;
    *out = enumFromString<E>(text(view));
    return out->has_value();
}

/// String field: null reads as a null QString, like JsonReader::string.
bool readText(ondemand::value value, QString *out)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    if (isNull) {
        *out = QString();
        return true;
    }
    std::string_view view;
    if (value.get_string().get(view) != SUCCESS)
        return false;
    *out = text(view);
    return true;
}

bool readTags(ondemand::value value, std::optional<QMap<QString, QString>> *out)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    if (isNull) {
        out->reset();
        return true;
    }
    ondemand::object object;
    if (value.get_object().get(object) != SUCCESS)
        return false;
    QMap<QString, QString> tags;
    for (auto field : object) {
        std::string_view name, tagValue;
        if (field.unescaped_key().get(name) != SUCCESS)
            return false;
        const QString key = text(name);
        if (field.value().get_string().get(tagValue) != SUCCESS || tags.contains(key))
            return false;
        tags.insert(key, text(tagValue));
    }
    *out = std::move(tags);
    return true;
}

bool readSummaryMembers(ondemand::object &object, AppSummary *summary)
{
    unsigned seen = 0;
    const bool read = forEachMember(object, [&](std::string_view key, ondemand::value field) {
        bool ok = true;
        if (key == "id")
            ok = markSeen(&seen, Id) && readText(field, &summary->id);
        else if (key == "name")
            ok = markSeen(&seen, Name) && readText(field, &summary->name);
        else if (key == "requiredInstances")
            ok = markSeen(&seen, Required) && readCount(field, &summary->requiredInstances);
        else if (key == "healthyInstances")
            ok = markSeen(&seen, Healthy) && readCount(field, &summary->healthyInstances);
        else if (key == "totalCPUs")
            ok = markSeen(&seen, Cpus) && readCount(field, &summary->totalCPUs);
        else if (key == "totalMemory")
            ok = markSeen(&seen, Memory) && readCount(field, &summary->totalMemory);
        else if (key == "tags")
            ok = markSeen(&seen, Tags) && readTags(field, &summary->tags);
        else if (key == "state")
            ok = markSeen(&seen, State) && readOptEnum(field, &summary->state);
        else if (key == "created")
            ok = markSeen(&seen, Created) && readCount(field, &summary->created);
        else if (key == "updated")
            ok = markSeen(&seen, Updated) && readCount(field, &summary->updated);
        else
            ok = validate(field, 2); // ignored, like Jackson and JsonReader do
        return ok;
    });
    if (!read)
        return false;
    return true;
}

bool readSummary(ondemand::value value, AppSummary *summary)
{
    ondemand::object object;
    return value.get_object().get(object) == SUCCESS && readSummaryMembers(object, summary);
}

/// One app's bytes (its id's and its value's) as a memo key: two different seeds of Qt's
/// 64-bit hash and the length; a collision of all three is not a practical concern.
template<typename Key>
Key memoKey(std::string_view id, std::string_view raw)
{
    Key key;
    const size_t idHash = qHashBits(id.data(), id.size(), 0x9e3779b97f4a7c15ULL);
    key.first = quint64(qHashBits(raw.data(), raw.size(), idHash));
    key.second = quint64(qHashBits(raw.data(), raw.size(), ~idHash ^ 0x51ed270b27c3d1a5ULL));
    key.length = qsizetype(raw.size() + id.size());
    return key;
}

/// readApplications() through a memo: an app whose bytes were decoded before is taken from
/// `old`; the others are read after rewinding their object (reading its bytes to hash them
/// consumed it). Every app read goes into `next`.
template<typename Apps>
bool readApplicationsWithMemo(ondemand::value value, QList<std::pair<QString, AppSummary>> *apps,
                              const Apps &old, Apps *next, qsizetype *reused)
{
    using Key = typename decltype(Apps::index)::key_type;
    ondemand::object object;
    if (value.get_object().get(object) != SUCCESS)
        return false;
    // Sized up front (from the previous body, else like `apps`): growing a hash of 10,000
    // apps moved each of them several times.
    const qsizetype expected = std::max<qsizetype>(old.values.size(), apps->capacity());
    next->index.reserve(expected);
    next->values.reserve(expected);
    for (auto member : object) {
        std::string_view key;
        ondemand::value field;
        ondemand::object app;
        std::string_view raw;
        if (member.unescaped_key().get(key) != SUCCESS || member.value().get(field) != SUCCESS
            || field.get_object().get(app) != SUCCESS || app.raw_json().get(raw) != SUCCESS)
            return false;
        const Key memoKeyOf = memoKey<Key>(key, raw);
        const auto known = old.index.constFind(memoKeyOf);
        if (known != old.index.cend()) {
            const std::pair<QString, AppSummary> &value = old.values.at(known.value());
            next->index.insert(memoKeyOf, next->values.size());
            next->values.append(value);
            apps->append(value);
            ++*reused;
            continue;
        }
        QString id = text(key);
        AppSummary summary;
        if (app.reset().error() != SUCCESS || !readSummaryMembers(app, &summary))
            return false;
        next->index.insert(memoKeyOf, next->values.size());
        next->values.append({id, summary});
        apps->append({std::move(id), std::move(summary)});
    }
    return true;
}

bool readApplications(ondemand::value value, QList<std::pair<QString, AppSummary>> *apps)
{
    ondemand::object object;
    if (value.get_object().get(object) != SUCCESS)
        return false;
    for (auto member : object) {
        std::string_view key;
        ondemand::value field;
        if (member.unescaped_key().get(key) != SUCCESS || member.value().get(field) != SUCCESS)
            return false;
        AppSummary summary;
        if (!readSummary(field, &summary))
            return false;
        apps->append({text(key), std::move(summary)});
    }
    return true;
}

enum ExecutorField : unsigned {
    ExecutorId = 1u << 0,
    Hostname = 1u << 1,
    Port = 1u << 2,
    Transport = 1u << 3,
    FreeCores = 1u << 4,
    UsedCores = 1u << 5,
    FreeMemory = 1u << 6,
    UsedMemory = 1u << 7,
    ExecutorTags = 1u << 8,
    ExecutorStateField = 1u << 9,
};

bool readExecutor(ondemand::value value, ExecutorSummary *executor)
{
    unsigned seen = 0;
    const bool read = readObject(value, [&](std::string_view key, ondemand::value field) {
        bool ok = true;
        if (key == "executorId")
            ok = markSeen(&seen, ExecutorId) && readText(field, &executor->executorId);
        else if (key == "hostname")
            ok = markSeen(&seen, Hostname) && readText(field, &executor->hostname);
        else if (key == "port")
            ok = markSeen(&seen, Port) && readInt32(field, &executor->port);
        else if (key == "transportType")
            ok = markSeen(&seen, Transport) && readOptEnum(field, &executor->transportType);
        else if (key == "freeCores")
            ok = markSeen(&seen, FreeCores) && readInt32(field, &executor->freeCores);
        else if (key == "usedCores")
            ok = markSeen(&seen, UsedCores) && readInt32(field, &executor->usedCores);
        else if (key == "freeMemory")
            ok = markSeen(&seen, FreeMemory) && readCount(field, &executor->freeMemory);
        else if (key == "usedMemory")
            ok = markSeen(&seen, UsedMemory) && readCount(field, &executor->usedMemory);
        else if (key == "tags")
            ok = markSeen(&seen, ExecutorTags) && readStringList(field, &executor->tags);
        else if (key == "state")
            ok = markSeen(&seen, ExecutorStateField) && readOptEnum(field, &executor->state);
        else
            ok = validate(field, 2);
        return ok;
    });
    if (!read)
        return false;
    return true;
}

// ---- instances ----

/// An object of `T` values (port maps, metadata, resources' per-node maps): keys unique,
/// each value read by \a readValue; null (the whole object) reads as empty.
template<typename T, typename ReadValue>
bool readObjectMap(ondemand::value value, QMap<QString, T> *out, ReadValue readValue)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    out->clear();
    if (isNull)
        return true;
    ondemand::object object;
    if (value.get_object().get(object) != SUCCESS)
        return false;
    for (auto member : object) {
        std::string_view name;
        ondemand::value field;
        if (member.unescaped_key().get(name) != SUCCESS || member.value().get(field) != SUCCESS)
            return false;
        const QString key = text(name);
        T item {};
        if (out->contains(key) || !readValue(field, &item))
            return false;
        out->insert(key, std::move(item));
    }
    return true;
}

/// A string value, not null (JsonReader::stringMap would coerce numbers and drop nulls: the
/// regular path decides those).
bool readPlainString(ondemand::value value, QString *out)
{
    std::string_view view;
    if (value.get_string().get(view) != SUCCESS)
        return false;
    *out = text(view);
    return true;
}

/// A plain integer, not null (toInteger() refuses null inside maps and lists).
bool readPlainInt64(ondemand::value value, qint64 *out)
{
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS || type != ondemand::json_type::number)
        return false;
    return readCount(value, out);
}

bool readIntList(ondemand::value value, QList<int> *out)
{
    ondemand::array array;
    if (value.get_array().get(array) != SUCCESS)
        return false;
    for (auto element : array) {
        ondemand::value item;
        qint64 number = 0;
        if (element.get(item) != SUCCESS || !readPlainInt64(item, &number)
            || number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max())
            return false;
        out->append(int(number));
    }
    return true;
}

bool readPort(ondemand::value value, InstancePort *port)
{
    unsigned seen = 0;
    const bool read = readObject(value, [&](std::string_view key, ondemand::value field) {
        bool ok = true;
        if (key == "containerPort")
            ok = markSeen(&seen, 1u) && readInt32(field, &port->containerPort);
        else if (key == "hostPort")
            ok = markSeen(&seen, 2u) && readInt32(field, &port->hostPort);
        else if (key == "portType")
            ok = markSeen(&seen, 4u) && readOptEnum(field, &port->portType);
        else
            ok = validate(field, 5);
        return ok;
    });
    if (!read)
        return false;
    return true;
}

bool readLocalInfo(ondemand::value value, std::optional<LocalInstanceInfo> *out)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    if (isNull) {
        out->reset();
        return true;
    }
    LocalInstanceInfo info;
    unsigned seen = 0;
    const bool read = readObject(value, [&](std::string_view key, ondemand::value field) {
        bool ok = true;
        if (key == "hostname")
            ok = markSeen(&seen, 1u) && readText(field, &info.hostname);
        else if (key == "ports")
            ok = markSeen(&seen, 2u) && readObjectMap(field, &info.ports, readPort);
        else
            ok = validate(field, 4);
        return ok;
    });
    if (!read)
        return false;
    *out = std::move(info);
    return true;
}

/// One resource: "type" may come after the values it selects, so both maps are read as they
/// come and the type picks one at the end (the regular reader ignores the other; here it must
/// still be well-formed, or the whole list goes to the regular path).
bool readResource(ondemand::value value, ResourceAllocation *resource)
{
    unsigned seen = 0;
    std::optional<ResourceType> type;
    QMap<QString, QList<int>> cores;
    QMap<QString, qint64> memory;
    const bool read = readObject(value, [&](std::string_view key, ondemand::value field) {
        bool ok = true;
        if (key == "type") {
            std::string_view name;
            ok = markSeen(&seen, 1u) && field.get_string().get(name) == SUCCESS;
            if (ok) {
                type = enumFromStringExact<ResourceType>(text(name)); // a discriminator
                ok = type.has_value();
            }
        } else if (key == "cores") {
            ok = markSeen(&seen, 2u) && readObjectMap(field, &cores, readIntList);
        } else if (key == "memoryInMB") {
            ok = markSeen(&seen, 4u) && readObjectMap(field, &memory, readPlainInt64);
        } else {
            ok = validate(field, 5);
        }
        return ok;
    });
    if (!read)
        return false;
    if (!type)
        return false; // "missing type id": the regular path words it
    resource->type = *type;
    if (*type == ResourceType::Cpu)
        resource->cores = std::move(cores);
    else
        resource->memoryInMB = std::move(memory);
    return true;
}

bool readResources(ondemand::value value, QList<ResourceAllocation> *out)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    out->clear();
    if (isNull)
        return true;
    return readArray(value, out, readResource);
}

bool readInstanceState(ondemand::value value, InstanceInfo *instance)
{
    bool isNull = false;
    if (!takeNull(value, &isNull))
        return false;
    if (isNull)
        return true; // as missing: the default state stays
    std::string_view view;
    if (value.get_string().get(view) != SUCCESS)
        return false;
    const std::optional<InstanceState> state = enumFromString<InstanceState>(text(view));
    if (!state)
        return false; // a newer Drove's state: the regular path keeps its text
    instance->state = *state;
    return true;
}

bool readInstance(ondemand::value value, InstanceInfo *instance)
{
    unsigned seen = 0;
    const bool read = readObject(value, [&](std::string_view key, ondemand::value field) {
        bool ok = true;
        if (key == "appId")
            ok = markSeen(&seen, 1u << 0) && readText(field, &instance->appId);
        else if (key == "appName")
            ok = markSeen(&seen, 1u << 1) && readText(field, &instance->appName);
        else if (key == "instanceId")
            ok = markSeen(&seen, 1u << 2) && readText(field, &instance->instanceId);
        else if (key == "executorId")
            ok = markSeen(&seen, 1u << 3) && readText(field, &instance->executorId);
        else if (key == "localInfo")
            ok = markSeen(&seen, 1u << 4) && readLocalInfo(field, &instance->localInfo);
        else if (key == "resources")
            ok = markSeen(&seen, 1u << 5) && readResources(field, &instance->resources);
        else if (key == "state")
            ok = markSeen(&seen, 1u << 6) && readInstanceState(field, instance);
        else if (key == "metadata")
            ok = markSeen(&seen, 1u << 7)
                && readObjectMap(field, &instance->metadata, readPlainString);
        else if (key == "errorMessage")
            ok = markSeen(&seen, 1u << 8) && readText(field, &instance->errorMessage);
        else if (key == "created")
            ok = markSeen(&seen, 1u << 9) && readCount(field, &instance->created);
        else if (key == "updated")
            ok = markSeen(&seen, 1u << 10) && readCount(field, &instance->updated);
        else
            ok = validate(field, 3);
        return ok;
    });
    if (!read)
        return false;
    return true;
}

/// The SUCCESS envelope around `data`, read by \a readData; false for anything else (a FAILED
/// envelope, malformed JSON, trailing bytes, a repeated envelope key).
template<typename ReadData>
bool decodeEnvelope(QByteArrayView body, ReadData readData)
{
    // One parser per thread keeps its buffers between calls (decoding runs on the client's
    // decode thread and, in tests and benches, elsewhere). They are about five times the body,
    // so a body over 4 MiB (a list of tens of thousands of instances) gets a parser of its own,
    // freed after it, instead of leaving ~200 MB behind for the life of the thread.
    constexpr qsizetype kKeptParserBytes = 4 * 1024 * 1024;
    thread_local ondemand::parser kept;
    std::optional<ondemand::parser> own;
    if (body.size() > kKeptParserBytes)
        own.emplace();
    ondemand::parser &parser = own ? *own : kept;
    // On-Demand reads up to SIMDJSON_PADDING bytes past the end: the body gets a padded copy
    // (a memcpy, ~0.2 ms for 2.5 MB).
    const simdjson::padded_string padded(body.data(), size_t(body.size()));
    ondemand::document document;
    if (parser.iterate(padded).get(document) != SUCCESS)
        return false;
    ondemand::object root;
    if (document.get_object().get(root) != SUCCESS)
        return false;
    bool haveData = false;
    bool haveStatus = false;
    bool haveMessage = false;
    for (auto member : root) {
        std::string_view key;
        ondemand::value field;
        if (member.unescaped_key().get(key) != SUCCESS || member.value().get(field) != SUCCESS)
            return false;
        if (key == "status") {
            std::string_view status;
            if (haveStatus || field.get_string().get(status) != SUCCESS || status != "SUCCESS")
                return false;
            haveStatus = true;
        } else if (key == "data") {
            if (haveData || !readData(field))
                return false;
            haveData = true;
        } else if (key == "message") {
            if (haveMessage || !validate(field, 1))
                return false;
            haveMessage = true;
        } else if (!validate(field, 1)) {
            return false;
        }
    }
    // Nothing may follow the envelope: simdjson 3.0 reports the end of the input as
    // OUT_OF_BOUNDS here, and any remaining token (or a broken iterator) as a location.
    const char *rest = nullptr;
    return document.current_location().get(rest) == simdjson::OUT_OF_BOUNDS && haveStatus
        && haveData;
}

} // namespace

namespace {

std::optional<QList<AppSummary>> sortedApplications(QList<std::pair<QString, AppSummary>> &apps);

} // namespace

std::optional<QList<AppSummary>> fastDecodeApplicationsEnvelope(QByteArrayView body)
{
    QList<std::pair<QString, AppSummary>> apps;
    // An app is ~250 bytes on the wire: room for all of them up front, rather than growing
    // (and moving every app already read) a dozen times for 10,000 apps.
    apps.reserve(std::min<qsizetype>(body.size() / 200, qsizetype(1) << 20));
    if (!decodeEnvelope(body,
                        [&apps](ondemand::value data) { return readApplications(data, &apps); }))
        return std::nullopt;
    return sortedApplications(apps);
}

qsizetype ApplicationsDecodeMemo::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_apps.values.size();
}

void ApplicationsDecodeMemo::clear()
{
    QMutexLocker lock(&m_mutex);
    m_apps = {};
}

ApplicationsDecodeMemo::Apps ApplicationsDecodeMemo::take()
{
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_apps, {});
}

void ApplicationsDecodeMemo::put(Apps apps)
{
    QMutexLocker lock(&m_mutex);
    m_apps = std::move(apps);
}

std::optional<QList<AppSummary>>
fastDecodeApplicationsEnvelope(QByteArrayView body, ApplicationsDecodeMemo *memo, qsizetype *reused)
{
    qsizetype hits = 0;
    if (reused)
        *reused = 0;
    if (!memo)
        return fastDecodeApplicationsEnvelope(body);
    // Taken out for the decode (another decode at the same time starts from nothing); put
    // back as it was when the body is refused.
    ApplicationsDecodeMemo::Apps old = memo->take();
    ApplicationsDecodeMemo::Apps next;
    QList<std::pair<QString, AppSummary>> apps;
    apps.reserve(std::min<qsizetype>(body.size() / 200, qsizetype(1) << 20));
    const bool read = decodeEnvelope(body, [&](ondemand::value data) {
        return readApplicationsWithMemo(data, &apps, old, &next, &hits);
    });
    std::optional<QList<AppSummary>> result;
    if (read)
        result = sortedApplications(apps);
    memo->put(result ? std::move(next) : std::move(old));
    if (reused && result)
        *reused = hits;
    return result;
}

namespace {

std::optional<QList<AppSummary>> sortedApplications(QList<std::pair<QString, AppSummary>> &apps)
{
    // The regular path returns QMap<appId, AppSummary>::values(): ordered by id, ids unique.
    // Indexes are sorted, not the pairs: no AppSummary is swapped around.
    std::vector<qsizetype> order(size_t(apps.size()));
    for (qsizetype i = 0; i < apps.size(); ++i)
        order[size_t(i)] = i;
    std::sort(order.begin(), order.end(),
              [&apps](qsizetype a, qsizetype b) { return apps.at(a).first < apps.at(b).first; });
    QList<AppSummary> result;
    result.reserve(apps.size());
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && apps.at(order[i]).first == apps.at(order[i - 1]).first)
            return std::nullopt;
        result.append(std::move(apps[order[i]].second));
    }
    return result;
}

} // namespace

std::optional<QList<ExecutorSummary>> fastDecodeExecutorsEnvelope(QByteArrayView body)
{
    QList<ExecutorSummary> executors;
    if (!decodeEnvelope(body, [&executors](ondemand::value data) {
            return readArray(data, &executors, readExecutor);
        }))
        return std::nullopt;
    return executors;
}

std::optional<QList<InstanceInfo>> fastDecodeInstancesEnvelope(QByteArrayView body)
{
    QList<InstanceInfo> instances;
    if (!decodeEnvelope(body, [&instances](ondemand::value data) {
            return readArray(data, &instances, readInstance);
        }))
        return std::nullopt;
    return instances;
}

} // namespace drove::protocol
