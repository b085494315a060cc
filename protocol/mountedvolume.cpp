#include "protocol/mountedvolume.h"

#include "protocol/jsonreader.h"

namespace drove::protocol {

std::optional<MountedVolume> MountedVolume::fromJson(const QJsonValue &json, ParseError *error,
                                                     const QString &path)
{
    JsonReader reader(json, error, path);
    MountedVolume volume;
    volume.pathInContainer = reader.string(QStringLiteral("pathInContainer"));
    volume.pathOnHost = reader.string(QStringLiteral("pathOnHost"));
    volume.mode = reader.optEnum<VolumeMode>(QStringLiteral("mode"));
    if (!reader.ok())
        return std::nullopt;
    return volume;
}

QJsonObject MountedVolume::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("pathInContainer"), pathInContainer);
    json.insert(QStringLiteral("pathOnHost"), pathOnHost);
    if (mode)
        json.insert(QStringLiteral("mode"), enumToString(*mode));
    return json;
}

bool MountedVolume::operator==(const MountedVolume &other) const
{
    return pathInContainer == other.pathInContainer && pathOnHost == other.pathOnHost
        && mode == other.mode;
}

} // namespace drove::protocol
