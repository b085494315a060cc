#pragma once

#include "protocol/enums.h"
#include "protocol/parseerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::protocol {

/// The response envelope {status, data?, message} (drove-api.md §0.1). `data` is omitted when
/// absent (never "data": null).
struct ApiResponse
{
    ApiStatus status = ApiStatus::Success;
    /// Absent → key omitted.
    std::optional<QJsonValue> data;
    QString message;

    static const QString SuccessMessage;           ///< "success"
    static const QString CommandValidationFailure; ///< "Command validation failure"
    static const QString JsonValidationFailure;    ///< "JSON validation failure"
    static const QString UnexpectedServerError;    ///< "Unexpected Server error"
    static const QString NotLeaderMessage;         ///< "This node is not the leader controller"

    /// {"status":"SUCCESS","data":data,"message":"success"}
    static ApiResponse success(const QJsonValue &data);
    /// {"status":"SUCCESS","message":"success"} (no data key; e.g. cancel).
    static ApiResponse success();
    /// {"status":"FAILED","message":message} (no data key).
    static ApiResponse failure(const QString &message);
    /// {"status":"FAILED","data":{"validationErrors":[..]},"message":"Command validation failure"}
    static ApiResponse validationFailure(const QStringList &errors);
    /// {"status":"FAILED","data":{"validationErrors":[..]},"message":"JSON validation failure"}
    static ApiResponse jsonFailure(const QStringList &errors);
    static ApiResponse jsonFailure(const ParseError &error);
    /// {"status":"FAILED","data":{"failure":..},"message":"Unexpected Server error"}
    static ApiResponse serverError(const QString &failure);

    bool isSuccess() const { return status == ApiStatus::Success; }
    /// data.validationErrors (empty when absent).
    QStringList validationErrors() const;
    /// data.failure of a 500 answer (empty when absent).
    QString failureText() const;
    /// validationErrors joined, or the message: one line for the user.
    QString errorSummary() const;

    /// Decodes an envelope. `status` is required (case-insensitive enum); `data` is kept raw
    /// (decode it with the right type's fromJson); a JSON null data counts as absent.
    static std::optional<ApiResponse> fromJson(const QJsonValue &json, ParseError *error = nullptr,
                                               const QString &path = QString());
    /// parseDocument + fromJson.
    static std::optional<ApiResponse> fromBytes(const QByteArray &bytes,
                                                ParseError *error = nullptr);
    QJsonObject toJson() const;
    QByteArray toBytes() const;

    bool operator==(const ApiResponse &other) const;
    bool operator!=(const ApiResponse &other) const { return !(*this == other); }
};

} // namespace drove::protocol
