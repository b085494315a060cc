#pragma once

// Shared helpers of the libFuzzer targets (fuzz/README.md).

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include "protocol/parseerror.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace drove::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    // A deep copy: Qt may keep pointers into the data beyond the call.
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// The JSON value of \a input, or nullopt-like undefined when it is not a JSON document.
inline QJsonValue jsonValue(const QByteArray &input)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(input, &error);
    if (document.isNull())
        return QJsonValue(QJsonValue::Undefined);
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

/// A broken invariant: print it and crash so libFuzzer records the input.
[[noreturn]] inline void violated(const char *what)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

/// Decodes \a data as JSON and then as a T; what decodes must decode again from its own JSON.
template<typename T>
std::optional<T> decodeRoundTrip(const uint8_t *data, size_t size)
{
    const QJsonValue json = jsonValue(bytes(data, size));
    if (json.isUndefined())
        return std::nullopt;
    drove::protocol::ParseError error;
    std::optional<T> value = T::fromJson(json, &error);
    if (!value) {
        (void)error.toString();
        return std::nullopt;
    }
    if (!T::fromJson(value->toJson()))
        violated("a value that decodes does not decode from its own JSON");
    return value;
}

} // namespace drove::fuzz
