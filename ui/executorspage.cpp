#include "ui/executorspage.h"

#include "models/clustersession.h"
#include "models/executorinstancesmodel.h"
#include "models/executorsmodel.h"
#include "models/modelroles.h"
#include "ui/capabilitygate.h"
#include "ui/confirmationpolicy.h"
#include "ui/guarddialog.h"
#include "ui/headermemory.h"
#include "ui/statebadgedelegate.h"
#include "ui/tablesupport.h"

#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace drove::ui {

namespace {

/// First start: the host and state in full, numbers as wide as they get, the executor's id
/// (a UUID) narrow and cut in the middle.
void applyExecutorsLayout(QTableView *view, QHeaderView *header)
{
    using Model = models::ExecutorsModel;
    QStringList states;
    for (const auto state : protocol::enumValues<protocol::ExecutorState>())
        states << protocol::toString(state);
    // "host:port" of a fully qualified name: the part that tells executors apart is not at
    // the end, and the page has the window's width.
    header->resizeSection(
        Model::HostColumn,
        columnWidthFor(view, Model::HostColumn, QStringLiteral("executor-12.drove.local:3000")));
    header->resizeSection(Model::StateColumn,
                          std::max(StateBadgeDelegate::columnWidthFor(view->font(), states),
                                   header->sectionSizeHint(Model::StateColumn)));
    for (const int column : {Model::CoresFreeColumn, Model::CoresUsedColumn,
                             Model::CoresTotalColumn, Model::InstancesColumn})
        header->resizeSection(column, columnWidthFor(view, column, QStringLiteral("999")));
    for (const int column :
         {Model::MemoryFreeColumn, Model::MemoryUsedColumn, Model::MemoryTotalColumn})
        header->resizeSection(column, columnWidthFor(view, column, QStringLiteral("999.9 GB")));
    header->resizeSection(Model::TagsColumn, columnWidthInEms(view, 10));
    header->resizeSection(Model::ExecutorIdColumn, columnWidthInEms(view, 10));
}

/// First start: the application and the instance's state first, ids cut in the middle.
void applyExecutorInstancesLayout(QTableView *view, QHeaderView *header)
{
    using Model = models::ExecutorInstancesModel;
    // The instances an executor reports are running ones (active states).
    QStringList states;
    for (const auto state : protocol::activeInstanceStates())
        states << protocol::toString(state);
    header->resizeSection(Model::AppColumn, columnWidthInEms(view, 12));
    header->resizeSection(Model::InstanceIdColumn, columnWidthInEms(view, 10));
    header->resizeSection(Model::StateColumn,
                          std::max(StateBadgeDelegate::columnWidthFor(view->font(), states),
                                   header->sectionSizeHint(Model::StateColumn)));
    header->resizeSection(Model::PortsColumn,
                          columnWidthFor(view, Model::PortsColumn, QStringLiteral("main:32768")));
    header->resizeSection(Model::CoresColumn,
                          columnWidthFor(view, Model::CoresColumn, QStringLiteral("99")));
    header->resizeSection(Model::MemoryColumn,
                          columnWidthFor(view, Model::MemoryColumn, QStringLiteral("999.9 GB")));
    header->resizeSection(Model::UpdatedColumn, timeColumnWidth(view, Model::UpdatedColumn));
}

} // namespace

ExecutorsPage::ExecutorsPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("executorsPage"));
    m_executorsProxy = sortingProxy(nullptr, this);
    m_instancesProxy = sortingProxy(nullptr, this);

    auto *layout = new QVBoxLayout(this);
    auto *toolBar = new QToolBar(this);
    toolBar->setObjectName(QStringLiteral("executorsToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *blacklist = toolBar->addAction(QIcon(QStringLiteral(":/icons/blacklist.svg")),
                                         tr("Blacklist selected"));
    blacklist->setObjectName(QStringLiteral("actionBlacklist"));
    blacklist->setToolTip(tr("Stop placing instances on the selected executors and move their "
                             "instances away (needs the maintenance role)"));
    auto *unblacklist = toolBar->addAction(tr("Unblacklist selected"));
    unblacklist->setObjectName(QStringLiteral("actionUnblacklist"));
    connect(blacklist, &QAction::triggered, this, [this] { blacklistSelected(true); });
    connect(unblacklist, &QAction::triggered, this, [this] { blacklistSelected(false); });
    layout->addWidget(toolBar);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("executorSplitter"));
    m_executorsView = makeTable(m_splitter, QStringLiteral("executorsView"), m_executorsProxy,
                                QAbstractItemView::ExtendedSelection);
    m_executorsView->setItemDelegateForColumn(models::ExecutorsModel::StateColumn,
                                              new StateBadgeDelegate(m_executorsView));
    elideIdsInMiddle(m_executorsView, {models::ExecutorsModel::ExecutorIdColumn});
    m_executorsView->sortByColumn(models::ExecutorsModel::HostColumn, Qt::AscendingOrder);
    new HeaderMemory(
        m_executorsView->horizontalHeader(), QStringLiteral("executorsColumns"),
        [view = m_executorsView](QHeaderView *header) { applyExecutorsLayout(view, header); });

    auto *lower = new QWidget(m_splitter);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    m_instancesLabel = new QLabel(tr("Select an executor to see its instances."), lower);
    m_instancesLabel->setObjectName(QStringLiteral("executorInstancesLabel"));
    lowerLayout->addWidget(m_instancesLabel);
    m_instancesView = makeTable(lower, QStringLiteral("executorInstancesView"), m_instancesProxy,
                                QAbstractItemView::ExtendedSelection);
    m_instancesView->setItemDelegateForColumn(models::ExecutorInstancesModel::StateColumn,
                                              new StateBadgeDelegate(m_instancesView));
    elideIdsInMiddle(m_instancesView,
                     {models::ExecutorInstancesModel::AppColumn,
                      models::ExecutorInstancesModel::InstanceIdColumn});
    m_instancesView->sortByColumn(models::ExecutorInstancesModel::AppColumn, Qt::AscendingOrder);
    new HeaderMemory(m_instancesView->horizontalHeader(),
                     QStringLiteral("executorInstancesColumns"),
                     [view = m_instancesView](QHeaderView *header) {
                         applyExecutorInstancesLayout(view, header);
                     });
    // Double-click: the instance's application, in the Applications tab.
    connect(m_instancesView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT applicationRequested(index.data(models::AppIdRole).toString());
    });
    lowerLayout->addWidget(m_instancesView, 1);
    m_splitter->addWidget(m_executorsView);
    m_splitter->addWidget(lower);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    layout->addWidget(m_splitter, 1);

    connect(m_executorsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ExecutorsPage::onSelectionChanged);
    // The label counts what the lower table holds, whenever that changes.
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_instancesProxy, signal, this, &ExecutorsPage::updateLabel);
    connect(m_instancesProxy, &QAbstractItemModel::modelReset, this, &ExecutorsPage::updateLabel);
}

void ExecutorsPage::setSession(models::ClusterSession *session)
{
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_executorsProxy->setSourceModel(session ? session->executors() : nullptr);
    m_instancesProxy->setSourceModel(session ? session->executorInstances() : nullptr);
    if (session) {
        m_sessionContext = new QObject(this);
        // The session goes before this page when the cluster is switched.
        connect(session->executorInstances(), &models::ExecutorInstancesModel::loaded,
                m_sessionContext, [this] { updateLabel(); });
        connect(session, &QObject::destroyed, m_sessionContext, [this] {
            m_executorsProxy->setSourceModel(nullptr);
            m_instancesProxy->setSourceModel(nullptr);
        });
        // Without GET /cluster/executors/{id} the lower table cannot be filled: turned off,
        // and the label says why instead of "0 instances".
        auto *gate = new CapabilityGate(session, m_sessionContext);
        gate->add(m_instancesView, client::Feature::ExecutorDetails);
        gate->add(m_instancesLabel, client::Feature::ExecutorDetails,
                  [this](bool, const QString &) { updateLabel(); });
    }
    onSelectionChanged();
}

bool ExecutorsPage::selectExecutor(const QString &executorId)
{
    for (int row = 0; row < m_executorsProxy->rowCount(); ++row) {
        const QModelIndex index = m_executorsProxy->index(row, 0);
        if (index.data(models::ExecutorIdRole).toString() != executorId)
            continue;
        m_executorsView->selectionModel()->select(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_executorsView->scrollTo(index);
        return true;
    }
    return false;
}

void ExecutorsPage::onSelectionChanged()
{
    const QModelIndexList rows = m_executorsView->selectionModel()->selectedRows();
    const QString executorId
        = rows.size() == 1 ? rows.first().data(models::ExecutorIdRole).toString() : QString();
    if (m_session && executorId != m_session->executorInstancesScope())
        m_session->setExecutorInstancesScope(executorId);
    updateLabel();
}

void ExecutorsPage::updateLabel()
{
    if (m_session && m_session->capabilities().isAbsent(client::Feature::ExecutorDetails)) {
        m_instancesLabel->setText(tr("This controller does not offer executor details: the "
                                     "instances on an executor cannot be listed here (each "
                                     "application's instances show their executor)."));
        return;
    }
    const QModelIndexList rows = m_executorsView->selectionModel()->selectedRows();
    const QString executorId = m_session ? m_session->executorInstancesScope() : QString();
    if (executorId.isEmpty()) {
        m_instancesLabel->setText(rows.isEmpty() ? tr("Select an executor to see its instances.")
                                                 : tr("Select one executor to see its instances."));
        return;
    }
    const auto executor = m_session->executors()->executor(executorId);
    const QString host = executor ? executor->hostname : executorId;
    if (!m_session->executorInstances()->isLoaded()) {
        m_instancesLabel->setText(tr("Fetching the instances on %1…").arg(host));
        return;
    }
    m_instancesLabel->setText(
        tr("%n instance(s) on %1", nullptr, m_instancesProxy->rowCount()).arg(host));
}

void ExecutorsPage::blacklistSelected(bool blacklist)
{
    if (!m_session)
        return;
    QStringList ids;
    for (const QModelIndex &index : m_executorsView->selectionModel()->selectedRows())
        ids << index.data(models::ExecutorIdRole).toString();
    if (ids.isEmpty()) {
        Q_EMIT statusMessage(tr("Select one or more executors first."), 5000);
        return;
    }
    const client::ClusterProfile &profile = m_session->profile();
    QStringList hosts;
    for (const QString &id : std::as_const(ids)) {
        const auto executor = m_session->executors()->executor(id);
        hosts << (executor && !executor->hostname.isEmpty() ? executor->hostname : id);
    }
    const auto action = blacklist ? ClusterAction::Blacklist : ClusterAction::Unblacklist;
    // One executor: type its host; several: type the cluster's name.
    const QString name = ids.size() == 1 ? hosts.constFirst() : profile.name;
    GuardDialog::ask(
        window(), blacklist ? tr("Blacklist") : tr("Unblacklist"),
        consequences(ids, hosts, blacklist),
        withGuard(requiredConfirmation(action, profile.criticality), profile.confirmEveryChange),
        name, profile.criticality, profile.name,
        [this, ids, blacklist] { sendBlacklist(ids, blacklist); });
}

QString ExecutorsPage::consequences(const QStringList &ids, const QStringList &hosts,
                                    bool blacklist) const
{
    const QString which = hosts.join(QStringLiteral(", ")).toHtmlEscaped();
    if (!blacklist)
        return tr("Unblacklist <b>%1</b>? Drove may place new instances there again; nothing "
                  "running elsewhere moves back.")
            .arg(which);
    QString text = tr("Blacklist <b>%1</b>? Drove places no new instance there and moves the "
                      "instances running there to other executors: a REPLACE_INSTANCES on "
                      "each application that has some.")
                       .arg(which);
    // What will move, from the executors' details; said only when they are known.
    QMap<QString, int> perApp;
    int instances = 0;
    bool known = true;
    for (const QString &id : ids) {
        if (!m_session->hasExecutorDetails(id)) {
            known = false;
            continue;
        }
        const models::CompactInstanceList onExecutor = m_session->instancesOnExecutor(id);
        for (qsizetype i = 0; i < onExecutor.size(); ++i) {
            if (!protocol::isActive(onExecutor.state(i)))
                continue;
            ++perApp[onExecutor.appId(i)];
            ++instances;
        }
    }
    if (!known && m_session->capabilities().isAbsent(client::Feature::ExecutorDetails)) {
        text += QStringLiteral("<br><br>")
            + tr("Which instances run there is not known: this controller does not offer "
                 "executor details.");
    } else if (!known) {
        text += QStringLiteral("<br><br>")
            + tr("Which instances run there is not known yet (the executors' details have not "
                 "been fetched).");
    } else if (instances == 0) {
        text += QStringLiteral("<br><br>") + tr("No instance runs there now: nothing moves.");
    } else {
        QStringList apps;
        for (auto it = perApp.cbegin(); it != perApp.cend(); ++it)
            apps << tr("%1 (%2)").arg(it.key().toHtmlEscaped()).arg(it.value());
        text += QStringLiteral("<br><br>")
            + tr("%n instance(s) will be moved, of %1: %2", nullptr, instances)
                  .arg(tr("%n application(s)", nullptr, int(perApp.size())),
                       apps.join(QStringLiteral(", ")));
    }
    return text;
}

void ExecutorsPage::sendBlacklist(const QStringList &ids, bool blacklist)
{
    if (!m_session)
        return;
    m_session->setExecutorsBlacklisted(
        ids, blacklist, this,
        [this, blacklist](const client::Result<protocol::BlacklistOperationResponse> &result) {
            if (!result) {
                auto *box = new QMessageBox(QMessageBox::Warning,
                                            blacklist ? tr("Blacklisting failed")
                                                      : tr("Unblacklisting failed"),
                                            result.error().title(), QMessageBox::Ok, window());
                box->setObjectName(QStringLiteral("errorMessageBox"));
                box->setInformativeText(result.error().userText());
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
                return;
            }
            Q_EMIT statusMessage(result.value().message.value_or(tr("Done.")), 8000);
        });
}

} // namespace drove::ui
