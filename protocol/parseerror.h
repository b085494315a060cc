#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <optional>

namespace drove::protocol {

/// A decode (Jackson-stage) error. Every kind maps to Drove's 400 "JSON validation failure"
/// (drove-api.md §0.2): malformed JSON, wrong JSON type, unknown or missing `type` discriminator,
/// bad enum value, bad duration, number out of range. Bean validation (required fields, ranges)
/// is a separate step, see OperationValidator.
struct ParseError
{
    enum class Kind {
        Json, ///< everything Jackson would reject
    };

    Kind kind = Kind::Json;
    /// JSON path of the offending value, e.g. "opSpec.timeout" or "spec.exposedPorts[0].port";
    /// empty for the document itself.
    QString field;
    /// Human-readable reason, e.g. "Invalid duration: 5 parsecs. Wrong time unit".
    QString message;

    /// "<field>: <message>" (or just the message when there is no field). This is the string put
    /// into `validationErrors` of a "JSON validation failure" envelope.
    QString toString() const;

    bool operator==(const ParseError &other) const;
    bool operator!=(const ParseError &other) const { return !(*this == other); }
};

/// Parses raw bytes into a JSON document, reporting malformed JSON, invalid UTF-8, excessive
/// nesting and trailing garbage as a ParseError (field empty). An empty body is an error too.
std::optional<QJsonDocument> parseDocument(const QByteArray &bytes, ParseError *error = nullptr);

} // namespace drove::protocol
