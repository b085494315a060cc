#include "models/compactinstancelist.h"

namespace drove::models {

QString StringPool::intern(const QString &text)
{
    if (text.isEmpty())
        return QString();
    const auto it = m_strings.constFind(text);
    if (it != m_strings.cend())
        return *it;
    return *m_strings.insert(text);
}

CompactInstanceList CompactInstanceList::pack(const QList<protocol::InstanceInfo> &instances,
                                              StringPool &pool)
{
    CompactInstanceList list;
    QHash<QString, quint32> index;
    list.m_strings << QString();
    index.insert(QString(), 0);
    const auto stringIndex = [&](const QString &text) -> quint32 {
        const auto it = index.constFind(text);
        if (it != index.cend())
            return it.value();
        const auto at = quint32(list.m_strings.size());
        list.m_strings << pool.intern(text);
        index.insert(text, at);
        return at;
    };
    list.m_rows.reserve(instances.size());
    for (const protocol::InstanceInfo &instance : instances) {
        Row row;
        row.created = instance.created;
        row.updated = instance.updated;
        const QByteArray id = instance.instanceId.toUtf8();
        row.idOffset = quint32(list.m_ids.size());
        row.idLength = quint32(id.size());
        list.m_ids += id;
        row.app = stringIndex(instance.appId);
        row.executor = stringIndex(instance.executorId);
        row.hasLocalInfo = instance.localInfo.has_value();
        row.host = instance.localInfo ? stringIndex(instance.localInfo->hostname) : 0;
        row.stateText = stringIndex(instance.stateText);
        row.state = quint8(instance.state);
        row.resources = quint32(list.m_resources.size());
        list.m_resources << qint32(instance.resources.size());
        for (const protocol::ResourceAllocation &resource : instance.resources) {
            list.m_resources << qint32(resource.type) << qint32(resource.cores.size());
            for (auto it = resource.cores.cbegin(); it != resource.cores.cend(); ++it) {
                list.m_resources << qint32(stringIndex(it.key())) << qint32(it.value().size());
                list.m_resources += it.value();
            }
            list.m_resources << qint32(resource.memoryInMB.size());
            for (auto it = resource.memoryInMB.cbegin(); it != resource.memoryInMB.cend(); ++it) {
                const auto mb = quint64(it.value());
                list.m_resources << qint32(stringIndex(it.key())) << qint32(quint32(mb))
                                 << qint32(quint32(mb >> 32));
            }
        }
        list.m_rows << row;
    }
    list.m_rows.squeeze();
    list.m_ids.squeeze();
    list.m_resources.squeeze();
    list.m_strings.squeeze();
    return list;
}

QString CompactInstanceList::instanceId(qsizetype i) const
{
    const Row &row = m_rows.at(i);
    return QString::fromUtf8(m_ids.constData() + row.idOffset, row.idLength);
}

protocol::InstanceInfo CompactInstanceList::instance(qsizetype i) const
{
    const Row &row = m_rows.at(i);
    protocol::InstanceInfo info;
    info.appId = m_strings.at(row.app);
    info.instanceId = instanceId(i);
    info.executorId = m_strings.at(row.executor);
    if (row.hasLocalInfo) {
        info.localInfo.emplace();
        info.localInfo->hostname = m_strings.at(row.host);
    }
    info.state = protocol::InstanceState(row.state);
    info.stateText = m_strings.at(row.stateText);
    info.created = row.created;
    info.updated = row.updated;
    qsizetype at = row.resources;
    const qint32 allocations = m_resources.at(at++);
    info.resources.reserve(allocations);
    for (qint32 a = 0; a < allocations; ++a) {
        protocol::ResourceAllocation resource;
        resource.type = protocol::ResourceType(m_resources.at(at++));
        const qint32 coreEntries = m_resources.at(at++);
        for (qint32 e = 0; e < coreEntries; ++e) {
            const QString &key = m_strings.at(m_resources.at(at++));
            const qint32 count = m_resources.at(at++);
            resource.cores.insert(key, m_resources.mid(at, count));
            at += count;
        }
        const qint32 memoryEntries = m_resources.at(at++);
        for (qint32 e = 0; e < memoryEntries; ++e) {
            const QString &key = m_strings.at(m_resources.at(at++));
            const quint64 low = quint32(m_resources.at(at++));
            const quint64 high = quint32(m_resources.at(at++));
            resource.memoryInMB.insert(key, qint64(low | (high << 32)));
        }
        info.resources << resource;
    }
    return info;
}

QList<protocol::InstanceInfo> CompactInstanceList::instances() const
{
    QList<protocol::InstanceInfo> result;
    result.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        result << instance(i);
    return result;
}

qsizetype CompactInstanceList::bytes() const
{
    return m_rows.size() * qsizetype(sizeof(Row)) + m_ids.size()
        + m_resources.size() * qsizetype(sizeof(qint32))
        + m_strings.size() * qsizetype(sizeof(QString));
}

bool CompactInstanceList::operator==(const CompactInstanceList &other) const
{
    if (size() != other.size())
        return false;
    for (qsizetype i = 0; i < size(); ++i) {
        if (instance(i) != other.instance(i))
            return false;
    }
    return true;
}

} // namespace drove::models
