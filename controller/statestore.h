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
    /// Ends a begin(). The outermost commit stores every write since begin() or none of them:
    /// when any write failed (disk full, I/O error, lock, read-only file) or the commit itself
    /// fails, the transaction is rolled back and false is returned with errorString() set.
    bool commit();

    /// Empty while writes succeed; otherwise the SQLite error of the last failed write. Set by
    /// any failed write or commit, cleared by the next successful one (see isDegraded()).
    QString failure() const { return m_failure; }
    bool isDegraded() const { return !m_failure.isEmpty(); }
    /// Counts failed writes and commits (callers compare before and after a call).
    quint64 failureCount() const { return m_failureCount; }
    /// True while the database path still names the file that was opened. SQLite keeps writing
    /// to its open descriptor when the file is deleted or replaced, so every commit checks this
    /// first: writing into an unlinked inode would acknowledge work a restart cannot find.
    bool isFileStillOpened() const;

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

    /// (id, stored text) of every row of \a table ("apps", "instances", "operations",
    /// "executors"), in storage order: for checking what can be read before using any of it.
    QList<QPair<QString, QString>> rawRows(const QString &table) const;
    QString databasePath() const;

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

    void writeFailed(const QString &error);
    void writeSucceeded();
    /// isFileStillOpened(), or writeFailed() with the reason and false.
    bool checkFileStillOpened();

    bool m_open = false;
    int m_txDepth = 0;
    bool m_txFailed = false;
    QString m_failure;
    quint64 m_failureCount = 0;
    QString m_connection;
    QString m_error;
    QString m_path;
    quint64 m_device = 0; // st_dev / st_ino of the file opened, see isFileStillOpened()
    quint64 m_inode = 0;
};

} // namespace drove::controller
