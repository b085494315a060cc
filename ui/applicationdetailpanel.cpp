#include "ui/applicationdetailpanel.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/eventfilterproxymodel.h"
#include "models/eventsmodel.h"
#include "models/instancefilterproxymodel.h"
#include "models/instancesmodel.h"
#include "models/modelroles.h"
#include "ui/applicationactions.h"
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

/// No application: an id no event carries, so the events tab is empty rather than unfiltered.
const QString kNoApplication = QStringLiteral("\x01");

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
    m_eventsProxy = new models::EventFilterProxyModel(this);
    m_eventsProxy->setAppId(kNoApplication);

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
    instancesLayout->addWidget(m_instanceFacet, 0, Qt::AlignLeft);
    m_instancesView = makeTable(instancesPage, QStringLiteral("instancesView"), m_instancesProxy,
                                QAbstractItemView::ExtendedSelection);
    m_instancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                              new StateBadgeDelegate(m_instancesView));
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
    oldLayout->addWidget(m_oldInstanceFacet, 0, Qt::AlignLeft);
    m_oldInstancesView = makeTable(oldPage, QStringLiteral("oldInstancesView"), m_oldInstancesProxy,
                                   QAbstractItemView::ExtendedSelection);
    m_oldInstancesView->setItemDelegateForColumn(models::InstancesModel::StateColumn,
                                                 new StateBadgeDelegate(m_oldInstancesView));
    m_oldInstancesView->sortByColumn(models::InstancesModel::UpdatedColumn, Qt::DescendingOrder);
    oldLayout->addWidget(m_oldInstancesView, 1);

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

    m_eventsView = makeTable(m_tabs, QStringLiteral("appEventsView"), m_eventsProxy,
                             QAbstractItemView::ExtendedSelection);
    m_eventsView->setSortingEnabled(false);

    m_tabs->addTab(instancesPage, tr("&Instances"));
    m_tabs->addTab(oldPage, tr("&Old instances"));
    m_tabs->addTab(specPage, tr("S&pec"));
    m_tabs->addTab(m_eventsView, tr("E&vents"));
    m_logView = new LogViewWidget(nullptr, m_tabs);
    m_tabs->addTab(m_logView, tr("&Logs"));
    layout->addWidget(m_tabs, 1);

    connect(m_instanceFacet, &QComboBox::currentIndexChanged, this,
            &ApplicationDetailPanel::applyFacets);
    connect(m_oldInstanceFacet, &QComboBox::currentIndexChanged, this,
            &ApplicationDetailPanel::applyFacets);
    connect(m_instancesProxy, &models::InstanceFilterProxyModel::stateCountsChanged, this,
            &ApplicationDetailPanel::updateFacets);
    connect(m_instancesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApplicationDetailPanel::applicationUpdated);
    updateSummary();
    updateFacets();
}

ApplicationDetailPanel::~ApplicationDetailPanel() = default;

void ApplicationDetailPanel::setSession(models::ClusterSession *session)
{
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_appId.clear();
    m_instancesProxy->setSourceModel(session ? session->instances() : nullptr);
    m_oldInstancesProxy->setSourceModel(session ? session->instances() : nullptr);
    m_eventsProxy->setSourceModel(session ? session->events() : nullptr);
    m_eventsProxy->setAppId(kNoApplication);
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
        QAbstractItemModel *instances = session->instances();
        const auto instancesChanged = [this] {
            updateLogInstances();
            Q_EMIT applicationUpdated();
        };
        for (const auto signal :
             {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(instances, signal, context, instancesChanged);
        connect(instances, &QAbstractItemModel::modelReset, context, instancesChanged);
        connect(instances, &QAbstractItemModel::dataChanged, context, instancesChanged);
    }
    updateFacets();
    updateSummary();
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
    m_eventsProxy->setAppId(appId.isEmpty() ? kNoApplication : appId);
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
    QStringList ids;
    if (m_session) {
        const models::InstancesModel *model = m_session->instances();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (!index.data(models::IsOldRole).toBool())
                ids << index.data(models::InstanceIdRole).toString();
        }
    }
    m_logView->setInstances(ids);
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
    // Both tabs show the same instances model through the same text filter: one count serves.
    const QMap<int, int> counts = m_instancesProxy->stateCounts();
    int active = 0;
    int old = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.key() < 0)
            continue;
        (protocol::isActive(protocol::InstanceState(it.key())) ? active : old) += it.value();
    }
    const auto fill = [&counts](QComboBox *combo, const QString &allText) {
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
    fill(m_instanceFacet, tr("All active (%1)").arg(active));
    fill(m_oldInstanceFacet, tr("All old (%1)").arg(old));
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

void ApplicationDetailPanel::restoreHeader(QSettings &settings)
{
    if (m_headerRestored || !m_instancesProxy->sourceModel())
        return;
    m_headerRestored = true;
    m_instancesView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("instancesHeader")).toByteArray());
}

void ApplicationDetailPanel::saveHeader(QSettings &settings) const
{
    if (m_headerRestored)
        settings.setValue(QStringLiteral("instancesHeader"),
                          m_instancesView->horizontalHeader()->saveState());
}

} // namespace drove::ui
