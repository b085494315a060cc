#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace drove::models {

/// One instance of an application as the console knows it without asking for more: what the
/// applications search matches (its id, the executor's id and host) and what it tells when it
/// matched (the state).
struct KnownInstance
{
    QString instanceId;
    QString stateName; ///< "HEALTHY"; "" when the source does not say
    QString executorId;
    /// The host the instance runs on (its own report, else its executor's).
    QString hostname;

    /// The texts a search term may match.
    QStringList searchableTexts() const { return {instanceId, executorId, hostname}; }
    /// Whether every term is in one of searchableTexts() (case-insensitively), without
    /// building the list.
    bool containsAll(const QStringList &terms) const
    {
        for (const QString &term : terms) {
            if (!instanceId.contains(term, Qt::CaseInsensitive)
                && !executorId.contains(term, Qt::CaseInsensitive)
                && !hostname.contains(term, Qt::CaseInsensitive))
                return false;
        }
        return true;
    }

    bool operator==(const KnownInstance &other) const
    {
        return instanceId == other.instanceId && stateName == other.stateName
            && executorId == other.executorId && hostname == other.hostname;
    }
    bool operator!=(const KnownInstance &other) const { return !(*this == other); }
};

/// Known instances by application id.
using KnownInstances = QHash<QString, QList<KnownInstance>>;

/// Every searchable text of an application's known instances in one string, case-folded, each
/// preceded by a character nobody types (so no term spans two texts): a term whose case-folded
/// form is not in it is in none of the instances, found with one case-sensitive search (several
/// times faster than a case-insensitive one) instead of three per instance.
inline QString joinedSearchableTexts(const QList<KnownInstance> &instances)
{
    QString joined;
    qsizetype size = 0;
    for (const KnownInstance &instance : instances)
        size += 3 + instance.instanceId.size() + instance.executorId.size()
            + instance.hostname.size();
    joined.reserve(size);
    for (const KnownInstance &instance : instances) {
        for (const QString *text : {&instance.instanceId, &instance.executorId, &instance.hostname})
            joined.append(QChar(0x1f)).append(*text);
    }
    return joined.toCaseFolded();
}

/// joinedSearchableTexts() by application id.
using KnownTexts = QHash<QString, QString>;

} // namespace drove::models
