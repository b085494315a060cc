#pragma once

#include "protocol/instanceinfo.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace drove::models {

/// Repeated texts (application ids, host names, state texts, NUMA node keys) held once: intern()
/// returns the pool's copy, which shares its characters with every other copy handed out.
/// For one thread (the session's).
class StringPool
{
public:
    QString intern(const QString &text);
    qsizetype size() const { return m_strings.size(); }
    void clear() { m_strings.clear(); }

private:
    QSet<QString> m_strings;
};

/// An executor's instances as the session keeps them for every executor (ExecutorNodeData's
/// `instances`): what the instance counts, the search, the drain confirmation, staged rollouts
/// and rehearsals read — application, instance and executor ids, host, state and state text,
/// created/updated times and the resources held — in about 100 bytes an instance instead of a
/// whole InstanceInfo (~1.3 KiB: 100,000 of them were 130 MiB). Not kept: the app's name, the
/// ports, the metadata and the error message; instance() says so by leaving them empty, and the
/// executor in scope keeps its full records in ExecutorInstancesModel.
/// Copies share their data (Qt containers), so a copy handed to a pool thread costs nothing.
class CompactInstanceList
{
public:
    CompactInstanceList() = default;
    /// The texts repeated across instances and executors come from `pool`.
    static CompactInstanceList pack(const QList<protocol::InstanceInfo> &instances,
                                    StringPool &pool);

    qsizetype size() const { return m_rows.size(); }
    bool isEmpty() const { return m_rows.isEmpty(); }

    QString appId(qsizetype i) const { return m_strings.at(m_rows.at(i).app); }
    QString instanceId(qsizetype i) const;
    QString executorId(qsizetype i) const { return m_strings.at(m_rows.at(i).executor); }
    /// The instance's own report of its host ("" when it has no local info).
    QString hostname(qsizetype i) const { return m_strings.at(m_rows.at(i).host); }
    protocol::InstanceState state(qsizetype i) const
    {
        return protocol::InstanceState(m_rows.at(i).state);
    }
    /// The controller's text for the state, as it was sent ("" when it sent none).
    QString stateText(qsizetype i) const { return m_strings.at(m_rows.at(i).stateText); }
    qint64 created(qsizetype i) const { return m_rows.at(i).created; }
    qint64 updated(qsizetype i) const { return m_rows.at(i).updated; }

    /// The instance as a record with what is kept (see the class); localInfo carries the host
    /// and no ports.
    protocol::InstanceInfo instance(qsizetype i) const;
    QList<protocol::InstanceInfo> instances() const;

    /// The distinct texts the list refers to (to rebuild a pool from the lists still held).
    const QStringList &strings() const { return m_strings; }
    /// Heap bytes held (approximately: the containers' payloads).
    qsizetype bytes() const;

    bool operator==(const CompactInstanceList &other) const;
    bool operator!=(const CompactInstanceList &other) const { return !(*this == other); }

private:
    struct Row
    {
        qint64 created = 0;
        qint64 updated = 0;
        quint32 idOffset = 0; ///< into m_ids (UTF-8)
        quint32 idLength = 0;
        quint32 resources = 0; ///< into m_resources
        quint32 app = 0;       ///< the others: into m_strings
        quint32 executor = 0;
        quint32 host = 0;
        quint32 stateText = 0;
        quint8 state = 0;
        bool hasLocalInfo = false;
    };

    QList<Row> m_rows;
    QByteArray m_ids;
    /// Per instance from Row::resources: the allocation count, then per allocation its type,
    /// its core entries (count; per entry the node key's index in m_strings, the core count,
    /// the cores) and its memory entries (count; per entry key index, MB low and high halves).
    QList<qint32> m_resources;
    QStringList m_strings; ///< [0] is ""
};

} // namespace drove::models
