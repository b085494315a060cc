#pragma once

#include "controller/controllercore.h"

namespace drove::controller {

class ControllerEngine;
struct AppRecord;
struct SimExecutor;

/// The controller's read side over the engine's state: summaries and the application list
/// (written straight to bytes), instances, executors, endpoints, events, instance logs and
/// operation records. Nothing here changes state; see ControllerCore for each query's contract.
class ControllerQueries
{
public:
    explicit ControllerQueries(const ControllerEngine &engine)
        : m_engine(engine)
    { }
    ControllerQueries(const ControllerQueries &) = delete;
    ControllerQueries &operator=(const ControllerQueries &) = delete;

    QMap<QString, protocol::AppSummary> applications(qint64 from, qint64 size) const;
    void writeApplications(QByteArray *out, qint64 from, qint64 size) const;
    int applicationCount() const;
    std::optional<protocol::AppSummary> appSummary(const QString &appId) const;
    std::optional<protocol::ApplicationSpec> spec(const QString &appId) const;
    QList<protocol::InstanceInfo> instances(const QString &appId,
                                            const QList<protocol::InstanceState> &states) const;
    QList<protocol::InstanceInfo> oldInstances(const QString &appId, qint64 start,
                                               qint64 size) const;
    std::optional<protocol::InstanceInfo> instance(const QString &appId,
                                                   const QString &instanceId) const;
    QList<protocol::ExposedAppInfo> endpoints(const QStringList &appNames) const;

    std::optional<protocol::ClusterSummary> clusterSummary() const;
    QList<protocol::ExecutorSummary> executors() const;
    std::optional<protocol::ExecutorNodeData> executorDetails(const QString &executorId) const;
    protocol::DroveEventsList eventsSince(qint64 lastSyncTime, qint64 size) const;
    protocol::DroveEventsSummary eventsSummary(qint64 lastSyncTime) const;

    QStringList logFiles(const QString &appId, const QString &instanceId) const;
    std::optional<LogChunk> readLog(const QString &appId, const QString &instanceId,
                                    const QString &file, qint64 offset, qint64 length) const;
    std::optional<QByteArray> logContent(const QString &appId, const QString &instanceId,
                                         const QString &file) const;

    QList<OperationRecord> operations(const QString &appId) const;
    std::optional<OperationRecord> operation(const QString &operationId) const;
    std::optional<OperationRecord> activeOperation(const QString &appId) const;

private:
    protocol::AppSummary summaryOf(const AppRecord &app) const;
    /// Fills \a summary in place (the list reuses one summary for every app).
    void fillSummary(const AppRecord &app, protocol::AppSummary &summary) const;
    /// One member of the application list: `"<appId>":{…summary…}`, the bytes
    /// AppSummary::writeJson writes for summaryOf(app).
    void writeListEntry(const AppRecord &app, QByteArray *out) const;
    protocol::ExecutorSummary executorSummary(const SimExecutor &executor) const;
    std::optional<QByteArray> logBytes(const QString &appId, const QString &instanceId,
                                       const QString &file) const;

    const ControllerEngine &m_engine;
};

} // namespace drove::controller
