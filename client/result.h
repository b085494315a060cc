#pragma once

#include "client/apierror.h"

#include <functional>
#include <optional>
#include <utility>

namespace drove::client {

/// Either a value or an ApiError. Every DroveClient call delivers one of these.
template<typename T>
class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(ApiError error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    /// Only valid when ok().
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    /// Only meaningful when !ok().
    const ApiError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ApiError m_error;
};

/// A call that returns nothing on success (cancel, validate spec, ping).
template<>
class Result<void>
{
public:
    Result() = default;
    Result(ApiError error)
        : m_failed(true)
        , m_error(std::move(error))
    { }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const ApiError &error() const { return m_error; }

private:
    bool m_failed = false;
    ApiError m_error;
};

/// The callback shape of every typed call.
template<typename T>
using Callback = std::function<void(const Result<T> &)>;

} // namespace drove::client
