#pragma once

#include "controller/http/httpreply.h"
#include "controller/http/router.h"

#include <functional>

namespace drove::controller {
class ControllerCore;
}

namespace drove::controller::http {

/// Ping, cluster summary, maintenance mode, executors (list, details, single and bulk
/// blacklisting), events (latest, summary, deprecated bare list) and the UI dashboard aggregate:
/// drove-api.md §1 C1–C12. The core must outlive the router.
class ClusterRoutes
{
public:
    static void install(Router &router, ControllerCore &core);

private:
    explicit ClusterRoutes(ControllerCore &core)
        : m_core(core)
    { }

    HttpReply ping(const ApiRequest &request) const;
    HttpReply cluster(const ApiRequest &request) const;
    HttpReply dashboard(const ApiRequest &request) const;
    HttpReply storedOrFailed(const std::function<QJsonValue()> &change) const;
    HttpReply setMaintenance(const ApiRequest &request) const;
    HttpReply unsetMaintenance(const ApiRequest &request) const;
    HttpReply executors(const ApiRequest &request) const;
    HttpReply executor(const ApiRequest &request) const;
    HttpReply blacklistMany(const ApiRequest &request) const;
    HttpReply unblacklistMany(const ApiRequest &request) const;
    HttpReply blacklistOne(const ApiRequest &request) const;
    HttpReply unblacklistOne(const ApiRequest &request) const;
    HttpReply eventsLatest(const ApiRequest &request) const;
    HttpReply eventsSummary(const ApiRequest &request) const;
    HttpReply eventsLegacy(const ApiRequest &request) const;

    HttpReply blacklisting(const QStringList &executorIds, bool blacklist) const;

    ControllerCore &m_core;
};

} // namespace drove::controller::http
