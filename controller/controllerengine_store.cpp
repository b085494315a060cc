// ControllerEngine: what happens when the state store cannot write (disk full, I/O error, a
// lock, a read-only file). Nothing is acknowledged that was not stored: the request that needed
// the write is refused and memory is put back to what is stored; the engine then reports itself
// degraded and refuses operations until a write succeeds again.
#include "controller/controllerengine.h"

#include <QJsonDocument>

namespace drove::controller {

QString ControllerEngine::storeFailure() const
{
    return m_store.failure().isEmpty() ? m_store.errorString() : m_store.failure();
}

QString ControllerEngine::storeFailureMessage() const
{
    return QStringLiteral("The controller could not store its state (%1); operations are refused "
                          "until the state store accepts writes again")
        .arg(m_store.failure());
}

bool ControllerEngine::storeWritable(QString *reason)
{
    if (!m_store.isDegraded())
        return true;
    // A cheap probe first, so a full disk does not cost a full rewrite per refused request.
    if (m_store.putValue(QStringLiteral("storeProbe"),
                         QJsonObject {{QStringLiteral("at"), m_clock->now()}})) {
        // Writes work again: store everything memory holds, since background writes (instance
        // and executor updates, finished operations) may have failed meanwhile.
        m_store.begin();
        for (const auto &entry : m_apps) {
            persistApp(*entry.second);
            for (const InstanceRuntime *runtime : m_sim->instancesOfApp(entry.first))
                m_store.putInstance(runtime->info.appId, runtime->info.instanceId, true,
                                    runtime->info.toJson());
            for (const OldInstance &old : entry.second->old)
                m_store.putInstance(old.info.appId, old.info.instanceId, false, old.info.toJson());
        }
        for (const QString &id : std::as_const(m_recordOrder))
            persistOperation(m_records.value(id));
        for (const auto &entry : m_sim->executors())
            m_store.putExecutor(entry.second.id, entry.second.toJson());
        m_store.putValue(QStringLiteral("clusterState"), m_clusterState.toJson());
        if (m_store.commit()) {
            qWarning("drove controller: the state store accepts writes again; state rewritten, "
                     "operations accepted");
            return true;
        }
    }
    if (reason)
        *reason = storeFailureMessage();
    return false;
}

OperationResult ControllerEngine::storeRefusal(const QString &appId, Rejection rejection,
                                               const QString &message) const
{
    OperationResult result;
    result.accepted = false;
    result.appId = appId;
    result.rejection = rejection;
    result.message = message;
    return result;
}

OperationResult ControllerEngine::rollBackOperation(AppRecord &app, const AppSnapshot &before)
{
    // The transaction that would have stored the operation was rolled back; undo it in memory.
    OperationRecord record;
    if (app.op) {
        record = app.op->record;
        m_records.remove(record.operationId);
        m_recordOrder.removeOne(record.operationId);
        dispose(std::move(app.op));
    }
    app.required = before.required;
    app.state = before.state;
    app.updated = before.updated;
    emitAppEvent(app);
    emit applicationChanged(app.appId);
    return notStored(app.appId, record);
}

OperationResult ControllerEngine::notStored(const QString &appId, OperationRecord record)
{
    const QString error = storeFailure();
    qCritical("drove controller: operation %s on %s refused: it could not be stored: %s",
              qPrintable(record.operationId), qPrintable(appId), qPrintable(error));
    if (!record.operationId.isEmpty()) {
        // Listeners saw it accepted; tell them it ended here.
        finishRecord(record, OperationOutcome::Failed, QStringLiteral("Not stored: ") + error);
        emit operationFinished(record);
    }
    // Answered as the real controller answers when its ZooKeeper write throws (see
    // controller/http/rejectionreply.cpp).
    return storeRefusal(
        appId, Rejection::NotStored,
        QStringLiteral("The operation could not be stored and was not accepted: %1").arg(error));
}

QString ControllerEngine::unreadableStoredRows() const
{
    // Everything stored is checked before anything is used or written: a row that cannot be
    // read is never skipped (its instances would then look orphaned and be deleted) nor
    // overwritten. The controller refuses to start and names the rows; the operator decides.
    QStringList unreadable;
    const auto object = [](const QString &text, QJsonObject *out) {
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
        *out = document.object();
        return document.isObject();
    };
    QJsonObject json;
    for (const auto &row : m_store.rawRows(QStringLiteral("apps")))
        if (!object(row.second, &json)
            || !protocol::ApplicationSpec::fromJson(json.value(QStringLiteral("spec"))))
            unreadable.append(QStringLiteral("apps row '%1'").arg(row.first));
    for (const auto &row : m_store.rawRows(QStringLiteral("instances")))
        if (!object(row.second, &json) || !protocol::InstanceInfo::fromJson(json))
            unreadable.append(QStringLiteral("instances row '%1'").arg(row.first));
    for (const auto &row : m_store.rawRows(QStringLiteral("operations")))
        if (!object(row.second, &json) || !OperationRecord::fromJson(json))
            unreadable.append(QStringLiteral("operations row '%1'").arg(row.first));
    for (const auto &row : m_store.rawRows(QStringLiteral("executors")))
        if (!object(row.second, &json))
            unreadable.append(QStringLiteral("executors row '%1'").arg(row.first));
    if (unreadable.isEmpty())
        return QString();
    const qsizetype shown = qMin<qsizetype>(unreadable.size(), 10);
    return QStringLiteral("the stored state in %1 has %2 row(s) that cannot be read: %3%4; "
                          "nothing was changed or deleted. Repair or remove these rows (sqlite3) "
                          "and start again, or start with another state directory")
        .arg(m_store.databasePath())
        .arg(unreadable.size())
        .arg(unreadable.mid(0, shown).join(QStringLiteral(", ")),
             unreadable.size() > shown ? QStringLiteral(", ...") : QString());
}

} // namespace drove::controller
