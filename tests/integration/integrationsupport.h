#pragma once

// Small helpers shared by the integration suites: the reference app spec and waiting for
// an operation sent through a ClusterSession to be accepted.

#include "protocol/applicationspec.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace integration {

/// TEST_APP version 1 from the Drove reference payloads (1 CPU, 128 MB, HTTP checks).
inline std::optional<drove::protocol::ApplicationSpec> referenceSpec()
{
    QFile file(QStringLiteral(DROVE_TEST_DATA_DIR "/drove-reference/app-spec.test_app.json"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return drove::protocol::ApplicationSpec::fromJson(
        QJsonDocument::fromJson(file.readAll()).object());
}

} // namespace integration
