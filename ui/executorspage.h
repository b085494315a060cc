#pragma once

#include "models/clustersession.h"
#include <QPointer>
#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace drove::ui {

/// The Executors tab: every executor of the cluster (state, free resources, instance count),
/// blacklisting, and below the instances on the one selected.
class ExecutorsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ExecutorsPage(QWidget *parent = nullptr);

    /// The cluster shown (not owned; null shows nothing).
    void setSession(models::ClusterSession *session);
    /// Selects `executorId`; false when it is not listed.
    bool selectExecutor(const QString &executorId);
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    /// The operator asked for an instance's application (double-click).
    void applicationRequested(const QString &appId);
    void statusMessage(const QString &text, int timeoutMs);

private:
    void onSelectionChanged();
    void updateLabel();
    /// Asks as the confirmation policy says (what will move, the target's name on
    /// production), then sends.
    void blacklistSelected(bool blacklist);
    QString consequences(const QStringList &ids, const QStringList &hosts, bool blacklist) const;
    void sendBlacklist(const QStringList &ids, bool blacklist);

    QPointer<models::ClusterSession> m_session;
    QObject *m_sessionContext = nullptr;
    QSortFilterProxyModel *m_executorsProxy = nullptr;
    QSortFilterProxyModel *m_instancesProxy = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_executorsView = nullptr;
    QLabel *m_instancesLabel = nullptr;
    QTableView *m_instancesView = nullptr;
};

} // namespace drove::ui
