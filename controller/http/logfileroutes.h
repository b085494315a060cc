#pragma once

#include "controller/http/httpreply.h"
#include "controller/http/router.h"

namespace drove::controller {
class ControllerCore;
}

namespace drove::controller::http {

/// Instance log file APIs, not enveloped (drove-api.md §1):
///   GET /apis/v1/logfiles/applications/{appId}/{instanceId}/list → {"files":[...]}
///   GET …/read/{file}?offset=N&length=M → {"data":"...","offset":N}; offset -1 returns the
///       current size with no data (how the CLI's `tail` finds the end), length defaults to and is
///       capped at 1 MiB
///   GET …/download/{file} → the whole file, text/plain, as an attachment
/// Unknown instances and files answer 400 (the real controller's proxy answers 400 too).
class LogFileRoutes
{
public:
    static void install(Router &router, ControllerCore &core);

    static constexpr qint64 MaxReadLength = 1024 * 1024;

private:
    explicit LogFileRoutes(ControllerCore &core)
        : m_core(core)
    { }

    HttpReply list(const ApiRequest &request) const;
    HttpReply read(const ApiRequest &request) const;
    HttpReply download(const ApiRequest &request) const;

    ControllerCore &m_core;
};

} // namespace drove::controller::http
