#pragma once

#include "models/compactinstancelist.h"
#include "models/knowninstance.h"
#include "protocol/instanceinfo.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>
#include <optional>

namespace drove::models {

class ClusterSession;

/// The instances the applications search can find applications by, gathered from what the
/// session already knows — nothing is fetched for it:
///  - the application in scope (the detail panel's): its active and old instances;
///  - applications with an operation in flight: their active instances, which the session
///    follows while the operation runs;
///  - every executor whose details were fetched (the Executors tab, operations in flight): the
///    instances running there, of any application.
/// An application none of these covers has no instances here; coverage() says what is covered,
/// so that the search can say so instead of pretending to search everything.
///
/// Off until enabled (a search is typed); while on it gathers again, coalesced, whenever one of
/// those sources changes, and every few seconds (an executor's details may change without its
/// instance count changing), and emits changed() when the result differs.
///
/// Gathering walks every known instance (100,000 on a large cluster): the GUI thread only takes
/// shared copies of the session's lists (Snapshot) and a pool thread builds the index from
/// them; the result replaces the index on the GUI thread unless a newer gathering was started.
class InstanceSearchIndex : public QObject
{
    Q_OBJECT

public:
    struct Coverage
    {
        QString scopeAppId;           ///< "" when no application is in scope
        int appsInFlight = 0;         ///< applications with an operation in flight
        int executorsWithDetails = 0; ///< executors whose instances are known
        int executors = 0;            ///< executors listed

        bool operator==(const Coverage &other) const
        {
            return scopeAppId == other.scopeAppId && appsInFlight == other.appsInFlight
                && executorsWithDetails == other.executorsWithDetails
                && executors == other.executors;
        }
        bool operator!=(const Coverage &other) const { return !(*this == other); }
    };

    explicit InstanceSearchIndex(QObject *parent = nullptr);

    /// The cluster (not owned; null: nothing known).
    void setSession(ClusterSession *session);
    /// On: gathers now and follows changes; off: forgets (nothing is gathered while no search
    /// needs it).
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    const KnownInstances &instances() const { return m_instances; }
    /// joinedSearchableTexts() of each application of instances(), made with them.
    const KnownTexts &texts() const { return m_texts; }
    /// The applications whose known instances the last changed() changed; nullopt when it
    /// may be any (the index was switched on or off).
    const std::optional<QSet<QString>> &changedApplications() const { return m_changedApps; }
    Coverage coverage() const { return m_coverage; }

    /// The session's lists a gathering reads, as shared (cheap) copies: safe to read on any
    /// thread while the session goes on.
    struct Snapshot
    {
        QString scopeAppId;
        QList<QList<protocol::InstanceInfo>> scope; ///< InstancesModel::shownInstanceLists()
        int appsInFlight = 0;
        QList<QList<protocol::InstanceInfo>> inFlight;
        int executors = 0;
        QList<QPair<QString, CompactInstanceList>> executorInstances;
        QHash<QString, QString> executorHosts;
        /// What the index holds now: lists equal to these are shared, not new.
        KnownInstances previous;
        KnownTexts previousTexts;
    };
    static Snapshot snapshot(const ClusterSession &session);
    /// What the snapshot knows of instances (see the class comment), by application. An
    /// application whose instances equal those in `snapshot.previous` gets that very list (and
    /// when none differs, the result is `snapshot.previous` itself); `changed`, when given,
    /// receives the applications whose lists differ, `texts` each application's
    /// joinedSearchableTexts() (shared with `snapshot.previousTexts` where the list is).
    static KnownInstances gather(const Snapshot &snapshot, Coverage *coverage = nullptr,
                                 QSet<QString> *changed = nullptr, KnownTexts *texts = nullptr);

Q_SIGNALS:
    /// instances() or coverage() changed.
    void changed();

private:
    void scheduleRebuild();
    void rebuild();
    void apply(KnownInstances instances, KnownTexts texts, const Coverage &coverage,
               std::optional<QSet<QString>> changedApps);

    /// Lets a gathering finished on a pool thread find this index on the GUI thread, or find
    /// it gone (reset in the destructor; read only on the GUI thread).
    struct Token
    {
        InstanceSearchIndex *index = nullptr;
        quint64 generation = 0;
    };
    std::shared_ptr<Token> m_token;

    QPointer<ClusterSession> m_session;
    QObject *m_sessionContext = nullptr;
    bool m_enabled = false;
    KnownInstances m_instances;
    KnownTexts m_texts;
    std::optional<QSet<QString>> m_changedApps;
    Coverage m_coverage;
    QTimer m_rebuildTimer;
    QTimer m_refreshTimer;

public:
    ~InstanceSearchIndex() override;
};

} // namespace drove::models
