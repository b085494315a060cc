#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace drove::controller {

/// Durable storage of the controller's state in SQLite (Qt Sql), one JSON blob per entity keyed
/// by id. Every write is committed before the call returns, so whatever the core acknowledged
/// survives a crash of the process (kill -9).
///
/// Journal mode is WAL. With `synchronousFull == false` SQLite runs `synchronous=NORMAL`: a commit
/// is in the WAL file (in the OS page cache) before the call returns, which survives the process
/// being killed but not a power loss of the host; `synchronousFull == true` fsyncs every commit.
/// A closed store (no directory given) does nothing: the in-memory mode.
class StateStore
{
public:
    StateStore() = default;
    ~StateStore();
    StateStore(const StateStore &) = delete;
    StateStore &operator=(const StateStore &) = delete;

    /// Opens (creating if needed) `<stateDir>/controller.db`. Returns false with errorString() set
    /// when the directory or the database cannot be used.
    bool open(const QString &stateDir, bool synchronousFull);
    bool isOpen() const { return m_open; }
    QString errorString() const { return m_error; }

    /// Groups several writes into one transaction (nesting is counted; only the outermost commits).
    void begin();
    bool commit();

    bool putApp(const QString &appId, const QJsonObject &data);
    bool removeApp(const QString &appId);
    /// \a active separates current instances from the old-instance history.
    bool putInstance(const QString &appId, const QString &instanceId, bool active,
                     const QJsonObject &data);
    bool removeInstance(const QString &instanceId);
    bool removeInstancesOfApp(const QString &appId);
    bool putExecutor(const QString &executorId, const QJsonObject &data);
    bool removeExecutor(const QString &executorId);
    bool putOperation(const QString &operationId, const QString &appId, const QJsonObject &data);
    bool removeOperationsOfApp(const QString &appId);
    bool removeOperation(const QString &operationId);
    bool putValue(const QString &key, const QJsonObject &data);

    QHash<QString, QJsonObject> apps() const;
    /// Instances in insertion order (so old-instance history keeps its order).
    QList<QJsonObject> instances() const;
    QHash<QString, QJsonObject> executors() const;
    QList<QJsonObject> operations() const;
    QJsonObject value(const QString &key) const;

private:
    bool exec(const QString &sql, const QVariantList &values = {});
    QList<QJsonObject> selectBlobs(const QString &sql) const;
    QSqlDatabase db() const;

    bool m_open = false;
    int m_txDepth = 0;
    QString m_connection;
    QString m_error;
};

} // namespace drove::controller
