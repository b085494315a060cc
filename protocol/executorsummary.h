#pragma once

#include "protocol/enums.h"
#include "protocol/executorstate.h"
#include "protocol/parseerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// ExecutorSummary (GET /cluster/executors; drove-api.md §2.2 item 4).
struct ExecutorSummary
{
    QString executorId;
    QString hostname;
    int port = 0;
    std::optional<TransportType> transportType;
    int freeCores = 0;
    int usedCores = 0;
    qint64 freeMemory = 0;
    qint64 usedMemory = 0;
    QStringList tags;
    std::optional<ExecutorState> state;

    static std::optional<QList<ExecutorSummary>> listFromJson(const QJsonValue &json,
                                                              ParseError *error = nullptr,
                                                              const QString &path = QString());
    static QJsonArray listToJson(const QList<ExecutorSummary> &executors);

    static std::optional<ExecutorSummary>
    fromJson(const QJsonValue &json, ParseError *error = nullptr, const QString &path = QString());
    QJsonObject toJson() const;
    bool operator==(const ExecutorSummary &other) const;
    bool operator!=(const ExecutorSummary &other) const { return !(*this == other); }
};

} // namespace drove::protocol
