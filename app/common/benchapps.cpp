#include "app/common/benchapps.h"

#include <QJsonArray>
#include <QJsonObject>

namespace drove::app {

namespace {

QJsonObject checkSpec(const QString &interval)
{
    return QJsonObject {{QStringLiteral("mode"),
                         QJsonObject {{QStringLiteral("type"), QStringLiteral("HTTP")},
                                      {QStringLiteral("protocol"), QStringLiteral("HTTP")},
                                      {QStringLiteral("portName"), QStringLiteral("main")},
                                      {QStringLiteral("path"), QStringLiteral("/")},
                                      {QStringLiteral("verb"), QStringLiteral("GET")},
                                      {QStringLiteral("successCodes"), QJsonArray {200}}}},
                        {QStringLiteral("timeout"), QStringLiteral("1 second")},
                        {QStringLiteral("interval"), interval},
                        {QStringLiteral("attempts"), 3},
                        {QStringLiteral("initialDelay"), QStringLiteral("0 seconds")}};
}

} // namespace

protocol::ApplicationSpec benchAppSpec(int index)
{
    const QJsonObject json {
        {QStringLiteral("name"), QStringLiteral("BENCH_APP_%1").arg(index)},
        {QStringLiteral("version"), QStringLiteral("1")},
        {QStringLiteral("type"), QStringLiteral("SERVICE")},
        {QStringLiteral("executable"),
         QJsonObject {
             {QStringLiteral("type"), QStringLiteral("DOCKER")},
             {QStringLiteral("url"), QStringLiteral("ghcr.io/appform-io/perf-test-server-httplib")},
             {QStringLiteral("dockerPullTimeout"), QStringLiteral("100 seconds")}}},
        {QStringLiteral("exposedPorts"),
         QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("main")},
                                  {QStringLiteral("port"), 8000},
                                  {QStringLiteral("type"), QStringLiteral("HTTP")}}}},
        {QStringLiteral("resources"),
         QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("CPU")},
                                  {QStringLiteral("count"), 1}},
                     QJsonObject {{QStringLiteral("type"), QStringLiteral("MEMORY")},
                                  {QStringLiteral("sizeInMB"), 128}}}},
        {QStringLiteral("healthcheck"), checkSpec(QStringLiteral("5 seconds"))},
        {QStringLiteral("readiness"), checkSpec(QStringLiteral("3 seconds"))},
        {QStringLiteral("tags"),
         QJsonObject {{QStringLiteral("bench"), QStringLiteral("yes")},
                      {QStringLiteral("team"), QStringLiteral("team-%1").arg(index % 40)}}}};
    // A fixed, valid document: decoding cannot fail.
    return *protocol::ApplicationSpec::fromJson(json);
}

QString benchAppId(int index)
{
    return QStringLiteral("BENCH_APP_%1-1").arg(index);
}

} // namespace drove::app
