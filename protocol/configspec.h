#pragma once

#include "protocol/enums.h"
#include "protocol/httpcallspec.h"
#include "protocol/parseerror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// `configs[]`: a file put into the container (drove-api.md §3.4). Which fields are used depends
/// on `type`: INLINE → data (base64 on the wire); EXECUTOR_LOCAL_FILE → filePathOnHost;
/// *_HTTP_FETCH → http.
struct ConfigSpec
{
    ConfigType type = ConfigType::Inline;
    QString localFilename;
    /// Raw bytes (decoded from base64). Empty after masking.
    QByteArray data;
    QString filePathOnHost;
    std::optional<HttpCallSpec> http;

    static ConfigSpec inlineData(const QString &localFilename, const QByteArray &bytes);
    /// INLINE data emptied, HTTP secrets "***" (GET .../spec output, §2.1 A6).
    ConfigSpec masked() const;

    /// Decodes (Jackson stage only; bean rules are checked by OperationValidator).
    static std::optional<ConfigSpec> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                              const QString &path = QString());
    /// Null (nullopt) fields omitted; empty strings, lists and maps kept.
    QJsonObject toJson() const;
    bool operator==(const ConfigSpec &other) const;
    bool operator!=(const ConfigSpec &other) const { return !(*this == other); }
};

} // namespace drove::protocol
