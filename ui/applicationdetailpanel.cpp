#include "ui/applicationdetailpanel.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/instancefilterproxymodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "ui/applicationactions.h"
#include "ui/eventspage.h"
#include "ui/headermemory.h"
#include "ui/logviewwidget.h"
#include "ui/statebadgedelegate.h"
#include "ui/tablesupport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace drove::ui {

namespace {

/// A facet list of instance states: "All" then each state (item data: the state as int).
QComboBox *makeInstanceFacet(QWidget *parent, const QString &objectName, const QString &allText,
                             const QList<protocol::InstanceState> &states)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(objectName);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    combo->addItem(allText);
    for (const auto state : states)
        combo->addItem(protocol::toString(state), int(state));
    return combo;
}

/// A filter box over an instances tab: free text over what the rows show.
QLineEdit *makeInstanceFilter(QWidget *parent, const QString &objectName)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(ApplicationDetailPanel::tr("Filter instances (Ctrl+F)"));
    edit->setToolTip(ApplicationDetailPanel::tr(
        "Shows the instances whose id, state, host, ports, executor or error contain every "
        "word typed"));
    edit->setClearButtonEnabled(true);
    return edit;
}

/// The facet and the filter box above an instances table.
QHBoxLayout *filterRow(QComboBox *facet, QLineEdit *filter)
{
    auto *row = new QHBoxLayout;
    row->addWidget(facet);
    row->addWidget(filter, 1);
    return row;
}

/// First start: ids narrow and cut in the middle, the state badge and the host in full, times
/// of day; the old instances' error right after their state (it says why they ended).
void applyInstancesLayout(QTableView *view, QHeaderView *header, bool old)
{
    using Model = models::InstancesModel;
    QStringList states;
    for (const auto state : protocol::allInstanceStates()) {
        if (protocol::isOld(state) == old) // the states the tab lists
            states << protocol::toString(state);
    }
    if (old)
        header->moveSection(header->visualIndex(Model::ErrorColumn),
                            header->visualIndex(Model::StateColumn) + 1);
    header->resizeSection(Model::InstanceIdColumn, columnWidthInEms(view, 10));
    header->resizeSection(Model::StateColumn,
                          std::max(StateBadgeDelegate::columnWidthFor(view->font(), states),
                                   header->sectionSizeHint(Model::StateColumn)));
    header->resizeSection(Model::HostColumn, columnWidthInEms(view, 15));
    header->resizeSection(Model::PortsColumn,
                          columnWidthFor(view, Model::PortsColumn, QStringLiteral("main:32768")));
    header->resizeSection(Model::ExecutorColumn, columnWidthInEms(view, 8));
    header->resizeSection(Model::ResourcesColumn, columnWidthInEms(view, 13));
    header->resizeSection(Model::ErrorColumn, columnWidthInEms(view, old ? 22 : 12));
    header->resizeSection(Model::CreatedColumn, timeColumnWidth(view, Model::CreatedColumn));
    header->resizeSection(Model::UpdatedColumn, timeColumnWidth(view, Model::UpdatedColumn));
    header->resizeSection(Model::AgeColumn,
                          columnWidthFor(view, Model::AgeColumn, QStringLiteral("23h 59m")));
}

} // namespace

QList<protocol::InstanceState> ApplicationDetailPanel::oldInstanceStates()
{
    QList<protocol::InstanceState> states;
    for (const auto state : protocol::allInstanceStates()) {
        if (protocol::isOld(state))
            states << state;
    }
    return states;
}

ApplicationDetailPanel::ApplicationDetailPanel(ApplicationActions *actions, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("detailPanel"));
    // One instances model for the app (active and old); the tabs are two views of it.
    m_instancesProxy = new models::InstanceFilterProxyModel(this);
    m_instancesProxy->setAllowedStates(protocol::activeInstanceStates());
    m_oldInstancesProxy = new models::InstanceFilterProxyModel(this);
    m_oldInstancesProxy->setAllowedStates(oldInstanceStates());

    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("appSummaryLabel"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    auto *toolBar = new QToolBar(this);
    toolBar->setObjectName(QStringLiteral("appToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addActions(actions->actions().mid(1)); // all but Create
    layout->addWidget(toolBar);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("detailTabs"));

    auto *instancesPage = new QWidget(m_tabs);
    auto *instancesLayout = new QVBoxLayout(instancesPage);
    instancesLayout->setContentsMargins(0, 0, 0, 0);
    m_instanceFacet = makeInstanceFacet(instancesPage, QStringLiteral("instanceStateFacetCombo"),
                                        tr("All active"), protocol::activeInstanceStates());
    m_instanceFilter = makeInstanceFilter(instancesPage, QStringLiteral("instanceFilterEdit"));
    instancesLayout->addLayout(filterRow(m_instanceFacet, m_instanceFilter));
    m_instancesView = makeTable(instancesPage, QStringLiteral("instancesView"), m_instancesProxy,
                                QAbstractItemView::ExtendedSelection);
    m_instancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                              new StateBadgeDelegate(m_instancesView));
    elideIdsInMiddle(
        m_instancesView,
        {models::InstancesModel::InstanceIdColumn, models::InstancesModel::ExecutorColumn});
    m_instancesView->sortByColumn(models::InstancesModel::CreatedColumn, Qt::AscendingOrder);
    m_instancesView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_instancesView->addAction(actions->action(ApplicationActions::Action::StopSelected));
    m_instancesView->addAction(actions->action(ApplicationActions::Action::Restart));
    auto *logsAction = new QAction(tr("Show &logs"), m_instancesView);
    logsAction->setObjectName(QStringLiteral("showLogsAction"));
    connect(logsAction, &QAction::triggered, this, [this] {
        const QStringList ids = selectedInstanceIds();
        if (!ids.isEmpty())
            showInstanceLogs(ids.first());
    });
    m_instancesView->addAction(logsAction);
    connect(m_instancesView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        showInstanceLogs(index.data(models::InstanceIdRole).toString());
    });
    instancesLayout->addWidget(m_instancesView, 1);

    auto *oldPage = new QWidget(m_tabs);
    auto *oldLayout = new QVBoxLayout(oldPage);
    oldLayout->setContentsMargins(0, 0, 0, 0);
    m_oldInstanceFacet = makeInstanceFacet(oldPage, QStringLiteral("oldInstanceStateFacetCombo"),
                                           tr("All old"), oldInstanceStates());
    m_oldInstanceFilter = makeInstanceFilter(oldPage, QStringLiteral("oldInstanceFilterEdit"));
    oldLayout->addLayout(filterRow(m_oldInstanceFacet, m_oldInstanceFilter));
    m_oldInstancesView = makeTable(oldPage, QStringLiteral("oldInstancesView"), m_oldInstancesProxy,
                                   QAbstractItemView::ExtendedSelection);
    m_oldInstancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                                 new StateBadgeDelegate(m_oldInstancesView));
    elideIdsInMiddle(
        m_oldInstancesView,
        {models::InstancesModel::InstanceIdColumn, models::InstancesModel::ExecutorColumn});
    m_oldInstancesView->sortByColumn(models::InstancesModel::UpdatedColumn, Qt::DescendingOrder);
    oldLayout->addWidget(m_oldInstancesView, 1);
    // Each table keeps the columns the operator gave it.
    m_headerMemories << new HeaderMemory(m_instancesView->horizontalHeader(),
                                         QStringLiteral("instancesColumns"),
                                         [view = m_instancesView](QHeaderView *header) {
                                             applyInstancesLayout(view, header, false);
                                         })
                     << new HeaderMemory(m_oldInstancesView->horizontalHeader(),
                                         QStringLiteral("oldInstancesColumns"),
                                         [view = m_oldInstancesView](QHeaderView *header) {
                                             applyInstancesLayout(view, header, true);
                                         });

    auto *specPage = new QWidget(m_tabs);
    auto *specLayout = new QVBoxLayout(specPage);
    m_specView = new QPlainTextEdit(specPage);
    m_specView->setObjectName(QStringLiteral("specView"));
    m_specView->setReadOnly(true);
    m_specView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *copySpec
        = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy spec"), specPage);
    copySpec->setObjectName(QStringLiteral("copySpecButton"));
    connect(copySpec, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_specView->toPlainText()); });
    specLayout->addWidget(m_specView, 1);
    specLayout->addWidget(copySpec, 0, Qt::AlignLeft);

    m_eventsPage = new EventsPage(EventsPage::Scope::Application, m_tabs);

    m_instancesTab = m_tabs->addTab(instancesPage, tr("&Instances"));
    m_tabs->addTab(oldPage, tr("&Old instances"));
    m_tabs->addTab(specPage, tr("S&pec"));
    m_tabs->addTab(m_eventsPage, tr("E&vents"));
    m_logView = new LogViewWidget(nullptr, m_tabs);
    m_tabs->addTab(m_logView, tr("&Logs"));
    layout->addWidget(m_tabs, 1);

    connect(m_instanceFacet, &QComboBox::currentIndexChanged, this,
            &ApplicationDetailPanel::applyFacets);
    connect(m_oldInstanceFacet, &QComboBox::currentIndexChanged, this,
            &ApplicationDetailPanel::applyFacets);
    connect(m_instanceFilter, &QLineEdit::textChanged, m_instancesProxy,
            &models::InstanceFilterProxyModel::setFilterText);
    connect(m_oldInstanceFilter, &QLineEdit::textChanged, m_oldInstancesProxy,
            &models::InstanceFilterProxyModel::setFilterText);
    for (auto *proxy : {m_instancesProxy, m_oldInstancesProxy})
        connect(proxy, &models::InstanceFilterProxyModel::stateCountsChanged, this,
                &ApplicationDetailPanel::updateFacets);
    connect(m_instancesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApplicationDetailPanel::applicationUpdated);
    updateSummary();
    updateFacets();
}

ApplicationDetailPanel::~ApplicationDetailPanel() = default;

void ApplicationDetailPanel::setSession(models::ClusterSession *session)
{
    delete m_sessionContext; // and with it an update still queued
    m_sessionContext = nullptr;
    m_instancesUpdateQueued = false;
    m_session = session;
    m_appId.clear();
    m_instancesProxy->setSourceModel(session ? session->instances() : nullptr);
    m_oldInstancesProxy->setSourceModel(session ? session->instances() : nullptr);
    m_eventsPage->setSession(session);
    m_eventsPage->setApplication(QString());
    m_logView->setSession(session);
    m_logView->setApplication(QString());
    m_specView->clear();
    if (session) {
        m_sessionContext = new QObject(this);
        QObject *context = m_sessionContext;
        // The summary follows the app's row; a vanished app says so.
        QAbstractItemModel *apps = session->applications();
        const auto summaryChanged = [this] {
            updateSummary();
        };
        for (const auto signal :
             {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(apps, signal, context, summaryChanged);
        connect(apps, &QAbstractItemModel::modelReset, context, summaryChanged);
        connect(apps, &QAbstractItemModel::dataChanged, context,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                        if (topLeft.sibling(row, 0).data(models::AppIdRole).toString() == m_appId) {
                            updateSummary();
                            return;
                        }
                    }
                });
        models::InstancesModel *instances = session->instances();
        // Once per turn of the event loop, not once per signal: a refresh of an application
        // with 100,000 instances sends hundreds of them, and the log view's list is a pass
        // over every row.
        const auto instancesChanged = [this, context] {
            if (m_instancesUpdateQueued)
                return;
            m_instancesUpdateQueued = true;
            QMetaObject::invokeMethod(
                context,
                [this] {
                    m_instancesUpdateQueued = false;
                    updateLogInstances();
                    Q_EMIT applicationUpdated();
                },
                Qt::QueuedConnection);
        };
        connect(instances, &models::InstancesModel::loadingChanged, context, [this](bool loading) {
            updateInstancesTabTitle();
            if (!loading)
                updateLogInstances();
        });
        for (const auto signal :
             {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(instances, signal, context, instancesChanged);
        connect(instances, &QAbstractItemModel::modelReset, context, instancesChanged);
        connect(instances, &QAbstractItemModel::dataChanged, context, instancesChanged);
    }
    updateFacets();
    updateSummary();
    updateInstancesTabTitle();
}

void ApplicationDetailPanel::updateInstancesTabTitle()
{
    // While a large snapshot is still going in, the rows shown are not all there is.
    const bool loading = m_session && m_session->instances()->isLoading();
    m_tabs->setTabText(m_instancesTab, loading ? tr("&Instances (loading…)") : tr("&Instances"));
}

void ApplicationDetailPanel::setApplication(const QString &appId)
{
    if (appId == m_appId)
        return;
    m_appId = appId;
    if (m_session)
        m_session->setInstancesApplication(appId, true);
    m_logView->setApplication(appId);
    updateLogInstances();
    m_eventsPage->setApplication(appId);
    m_specView->clear();
    fetchSpec();
    updateSummary();
}

void ApplicationDetailPanel::fetchSpec()
{
    if (!m_session || m_appId.isEmpty())
        return;
    const QString appId = m_appId;
    m_session->fetchSpec(
        appId, m_sessionContext,
        [this, appId](const client::Result<protocol::ApplicationSpec> &result) {
            if (appId != m_appId)
                return;
            m_specView->setPlainText(
                result ? QString::fromUtf8(QJsonDocument(result.value().toJson()).toJson())
                       : result.error().userText());
        });
}

void ApplicationDetailPanel::updateSummary()
{
    const auto app = m_session ? m_session->applications()->application(m_appId) : std::nullopt;
    if (!app) {
        m_summary->setText(m_appId.isEmpty()
                               ? tr("Select an application.")
                               : tr("<b>%1</b> no longer exists.").arg(m_appId.toHtmlEscaped()));
    } else {
        const QString state = app->state ? protocol::toString(*app->state) : tr("unknown");
        m_summary->setText(tr("<b>%1</b> &nbsp; %2 &nbsp; healthy %3 of %4 required &nbsp; "
                              "%5 cores, %6 MB")
                               .arg(app->id.toHtmlEscaped(), state)
                               .arg(app->healthyInstances)
                               .arg(app->requiredInstances)
                               .arg(app->totalCPUs)
                               .arg(app->totalMemory));
    }
    Q_EMIT applicationUpdated();
}

QStringList ApplicationDetailPanel::selectedInstanceIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_instancesView->selectionModel()->selectedRows())
        ids << index.data(models::InstanceIdRole).toString();
    return ids;
}

void ApplicationDetailPanel::updateLogInstances()
{
    // While a large application's rows are still going in, once at the end (loadingChanged).
    if (m_session && m_session->instances()->isLoading())
        return;
    m_logView->setInstances(m_session ? m_session->instances()->activeInstanceIds()
                                      : QStringList());
}

bool ApplicationDetailPanel::showInstanceLogs(const QString &instanceId)
{
    updateLogInstances();
    if (instanceId.isEmpty() || !m_logView->showInstance(instanceId))
        return false;
    m_tabs->setCurrentWidget(m_logView);
    return true;
}

void ApplicationDetailPanel::updateFacets()
{
    // Each tab counts through its own filter box (the counts ignore the facets themselves).
    const QMap<int, int> activeCounts = m_instancesProxy->stateCounts();
    const QMap<int, int> oldCounts = m_oldInstancesProxy->stateCounts();
    const auto sum = [](const QMap<int, int> &counts, bool wantActive) {
        int total = 0;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (it.key() >= 0
                && protocol::isActive(protocol::InstanceState(it.key())) == wantActive)
                total += it.value();
        }
        return total;
    };
    const auto fill = [](QComboBox *combo, const QMap<int, int> &counts, const QString &allText) {
        for (int i = 0; i < combo->count(); ++i) {
            const QVariant data = combo->itemData(i);
            combo->setItemText(
                i,
                data.isValid() ? QStringLiteral("%1 (%2)")
                                     .arg(protocol::toString(protocol::InstanceState(data.toInt())))
                                     .arg(counts.value(data.toInt()))
                               : allText);
        }
    };
    fill(m_instanceFacet, activeCounts, tr("All active (%1)").arg(sum(activeCounts, true)));
    fill(m_oldInstanceFacet, oldCounts, tr("All old (%1)").arg(sum(oldCounts, false)));
}

void ApplicationDetailPanel::applyFacets()
{
    const QVariant active = m_instanceFacet->currentData();
    m_instancesProxy->setAllowedStates(
        active.isValid() ? QList<protocol::InstanceState> {protocol::InstanceState(active.toInt())}
                         : protocol::activeInstanceStates());
    const QVariant old = m_oldInstanceFacet->currentData();
    m_oldInstancesProxy->setAllowedStates(
        old.isValid() ? QList<protocol::InstanceState> {protocol::InstanceState(old.toInt())}
                      : oldInstanceStates());
}

bool ApplicationDetailPanel::focusFilter()
{
    QWidget *tab = m_tabs->currentWidget();
    if (tab == m_eventsPage) {
        m_eventsPage->focusFilter();
        return true;
    }
    QLineEdit *filter = tab && tab->isAncestorOf(m_instanceFilter) ? m_instanceFilter
        : tab && tab->isAncestorOf(m_oldInstanceFilter)            ? m_oldInstanceFilter
                                                                   : nullptr;
    if (!filter)
        return false;
    filter->setFocus(Qt::ShortcutFocusReason);
    filter->selectAll();
    return true;
}

void ApplicationDetailPanel::restoreHeader(QSettings &)
{
    // Each HeaderMemory applied its table's columns when the table got them.
}

void ApplicationDetailPanel::saveHeader(QSettings &) const
{
    for (HeaderMemory *memory : m_headerMemories)
        memory->flush();
}

} // namespace drove::ui
