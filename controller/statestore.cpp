#include "controller/statestore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <optional>

#include <sys/stat.h>

namespace drove::controller {

namespace {
/// (st_dev, st_ino) of the file \a path names, nullopt when there is none.
std::optional<QPair<quint64, quint64>> fileIdentity(const QString &path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return std::nullopt;
    return QPair<quint64, quint64>(quint64(info.st_dev), quint64(info.st_ino));
}

QString toText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
QJsonObject fromText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}
} // namespace

StateStore::~StateStore()
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase database = QSqlDatabase::database(m_connection, false);
        if (database.isOpen())
            database.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlDatabase StateStore::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool StateStore::open(const QString &stateDir, bool synchronousFull)
{
    if (!QDir().mkpath(stateDir)) {
        m_error = QStringLiteral("Cannot create state directory %1").arg(stateDir);
        return false;
    }
    m_connection = QStringLiteral("drove-controller-") + QUuid::createUuid().toString();
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    database.setDatabaseName(QDir(stateDir).filePath(QStringLiteral("controller.db")));
    if (!database.open()) {
        m_error = database.lastError().text();
        return false;
    }
    m_open = true;
    const QStringList setup = {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        synchronousFull ? QStringLiteral("PRAGMA synchronous=FULL")
                        : QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS apps (id TEXT PRIMARY KEY, data TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS instances (seq INTEGER PRIMARY KEY "
                       "AUTOINCREMENT, id TEXT UNIQUE NOT NULL, app_id TEXT NOT NULL, "
                       "active INTEGER NOT NULL, data TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS instances_app ON instances(app_id)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS executors (id TEXT PRIMARY KEY, data TEXT NOT "
                       "NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS operations (seq INTEGER PRIMARY KEY "
                       "AUTOINCREMENT, id TEXT UNIQUE NOT NULL, app_id TEXT NOT NULL, data TEXT "
                       "NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, data TEXT NOT NULL)"),
    };
    for (const QString &sql : setup) {
        if (!exec(sql)) {
            m_open = false;
            return false;
        }
    }
    // The setup above has created the file if it was new; this is the file SQLite has open.
    m_path = database.databaseName();
    const auto identity = fileIdentity(m_path);
    if (!identity) {
        m_error = QStringLiteral("Cannot stat %1 after opening it").arg(m_path);
        m_open = false;
        return false;
    }
    m_device = identity->first;
    m_inode = identity->second;
    return true;
}

bool StateStore::isFileStillOpened() const
{
    if (!m_open || m_path.isEmpty())
        return true;
    const auto identity = fileIdentity(m_path);
    return identity && identity->first == m_device && identity->second == m_inode;
}

bool StateStore::checkFileStillOpened()
{
    if (isFileStillOpened())
        return true;
    // Writes would go to a file no restart can read: refuse them until the file is back.
    writeFailed(QStringLiteral("the database file %1 was deleted or replaced while the server "
                               "ran; restart the server to reopen the state directory")
                    .arg(m_path));
    return false;
}

bool StateStore::exec(const QString &sql, const QVariantList &values)
{
    if (!m_open)
        return true;
    QSqlQuery query(db());
    if (!query.prepare(sql)) {
        m_error = query.lastError().text();
        return false;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    // Inside a transaction the outermost commit() checks the file once for the whole group.
    if (m_txDepth == 0 && !checkFileStillOpened())
        return false;
    if (!query.exec()) {
        writeFailed(query.lastError().text());
        return false;
    }
    if (m_txDepth == 0)
        writeSucceeded();
    return true;
}

void StateStore::writeFailed(const QString &error)
{
    m_error = error;
    if (m_txDepth > 0)
        m_txFailed = true;
    ++m_failureCount;
    if (m_failure.isEmpty())
        qCritical("StateStore: write failed, state is not being stored: %s", qPrintable(error));
    else
        qWarning("StateStore: write failed: %s", qPrintable(error));
    m_failure = error.isEmpty() ? QStringLiteral("unknown SQLite error") : error;
}

void StateStore::writeSucceeded()
{
    if (m_failure.isEmpty())
        return;
    qWarning("StateStore: writes succeed again (last failure: %s)", qPrintable(m_failure));
    m_failure.clear();
}

void StateStore::begin()
{
    if (!m_open)
        return;
    if (m_txDepth++ == 0) {
        m_txFailed = false;
        if (!db().transaction())
            writeFailed(db().lastError().text());
    }
}

bool StateStore::commit()
{
    if (!m_open || m_txDepth == 0)
        return true;
    if (--m_txDepth > 0)
        return true;
    QSqlDatabase database = db();
    if (m_txFailed) {
        // Some write of the group failed: store none of it, so that memory can be put back to
        // exactly what is stored.
        database.rollback();
        m_txFailed = false;
        ++m_failureCount;
        return false;
    }
    if (!checkFileStillOpened()) {
        database.rollback();
        return false;
    }
    if (!database.commit()) {
        const QString error = database.lastError().text();
        database.rollback();
        writeFailed(error);
        return false;
    }
    writeSucceeded();
    return true;
}

bool StateStore::putApp(const QString &appId, const QJsonObject &data)
{
    return exec(QStringLiteral("INSERT OR REPLACE INTO apps(id, data) VALUES(?, ?)"),
                {appId, toText(data)});
}

bool StateStore::removeApp(const QString &appId)
{
    return exec(QStringLiteral("DELETE FROM apps WHERE id = ?"), {appId});
}

bool StateStore::putInstance(const QString &appId, const QString &instanceId, bool active,
                             const QJsonObject &data)
{
    // An upsert keeps the row (and its seq) so history order is the order instances were created.
    return exec(QStringLiteral("INSERT INTO instances(id, app_id, active, data) VALUES(?, ?, ?, ?) "
                               "ON CONFLICT(id) DO UPDATE SET active = excluded.active, "
                               "data = excluded.data"),
                {instanceId, appId, active ? 1 : 0, toText(data)});
}

bool StateStore::removeInstance(const QString &instanceId)
{
    return exec(QStringLiteral("DELETE FROM instances WHERE id = ?"), {instanceId});
}

bool StateStore::removeInstancesOfApp(const QString &appId)
{
    return exec(QStringLiteral("DELETE FROM instances WHERE app_id = ?"), {appId});
}

bool StateStore::putExecutor(const QString &executorId, const QJsonObject &data)
{
    return exec(QStringLiteral("INSERT OR REPLACE INTO executors(id, data) VALUES(?, ?)"),
                {executorId, toText(data)});
}

bool StateStore::removeExecutor(const QString &executorId)
{
    return exec(QStringLiteral("DELETE FROM executors WHERE id = ?"), {executorId});
}

bool StateStore::putOperation(const QString &operationId, const QString &appId,
                              const QJsonObject &data)
{
    return exec(QStringLiteral("INSERT INTO operations(id, app_id, data) VALUES(?, ?, ?) "
                               "ON CONFLICT(id) DO UPDATE SET data = excluded.data"),
                {operationId, appId, toText(data)});
}

bool StateStore::removeOperationsOfApp(const QString &appId)
{
    return exec(QStringLiteral("DELETE FROM operations WHERE app_id = ?"), {appId});
}

bool StateStore::removeOperation(const QString &operationId)
{
    return exec(QStringLiteral("DELETE FROM operations WHERE id = ?"), {operationId});
}

bool StateStore::putValue(const QString &key, const QJsonObject &data)
{
    return exec(QStringLiteral("INSERT OR REPLACE INTO kv(key, data) VALUES(?, ?)"),
                {key, toText(data)});
}

QList<QJsonObject> StateStore::selectBlobs(const QString &sql) const
{
    QList<QJsonObject> result;
    if (!m_open)
        return result;
    QSqlQuery query(db());
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return result;
    while (query.next())
        result.append(fromText(query.value(0).toString()));
    return result;
}

QList<QPair<QString, QString>> StateStore::rawRows(const QString &table) const
{
    QList<QPair<QString, QString>> rows;
    if (!m_open)
        return rows;
    static const QStringList tables = {QStringLiteral("apps"), QStringLiteral("instances"),
                                       QStringLiteral("operations"), QStringLiteral("executors")};
    if (!tables.contains(table))
        return rows;
    const bool ordered
        = table == QLatin1String("instances") || table == QLatin1String("operations");
    QSqlQuery query(db());
    query.setForwardOnly(true);
    query.exec(QStringLiteral("SELECT id, data FROM %1%2")
                   .arg(table, ordered ? QStringLiteral(" ORDER BY seq") : QString()));
    while (query.next())
        rows.append({query.value(0).toString(), query.value(1).toString()});
    return rows;
}

QString StateStore::databasePath() const
{
    return m_open ? db().databaseName() : QString();
}

QHash<QString, QJsonObject> StateStore::apps() const
{
    QHash<QString, QJsonObject> result;
    if (!m_open)
        return result;
    QSqlQuery query(db());
    query.setForwardOnly(true);
    query.exec(QStringLiteral("SELECT id, data FROM apps"));
    while (query.next())
        result.insert(query.value(0).toString(), fromText(query.value(1).toString()));
    return result;
}

QList<QJsonObject> StateStore::instances() const
{
    return selectBlobs(QStringLiteral("SELECT data FROM instances ORDER BY seq"));
}

QHash<QString, QJsonObject> StateStore::executors() const
{
    QHash<QString, QJsonObject> result;
    if (!m_open)
        return result;
    QSqlQuery query(db());
    query.setForwardOnly(true);
    query.exec(QStringLiteral("SELECT id, data FROM executors"));
    while (query.next())
        result.insert(query.value(0).toString(), fromText(query.value(1).toString()));
    return result;
}

QList<QJsonObject> StateStore::operations() const
{
    return selectBlobs(QStringLiteral("SELECT data FROM operations ORDER BY seq"));
}

QJsonObject StateStore::value(const QString &key) const
{
    if (!m_open)
        return {};
    QSqlQuery query(db());
    query.prepare(QStringLiteral("SELECT data FROM kv WHERE key = ?"));
    query.addBindValue(key);
    if (query.exec() && query.next())
        return fromText(query.value(0).toString());
    return {};
}

} // namespace drove::controller
