#include "ui/applicationspage.h"

#include "models/applicationfilterproxymodel.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/instancesearchindex.h"
#include "models/modelroles.h"
#include "models/trackedoperation.h"
#include "ui/applicationactions.h"
#include "ui/headermemory.h"
#include "ui/progressbardelegate.h"
#include "ui/statebadgedelegate.h"
#include "ui/tablesupport.h"

#include <algorithm>

#include <QAction>
#include <QComboBox>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QSettings>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QTableView>
#include <QVBoxLayout>

namespace drove::ui {

using protocol::ApplicationState;

namespace {

using Condition = models::ApplicationFilterProxyModel::Condition;
using Model = models::ApplicationsModel;

/// Item data of the facets that are not a state (states are their enum value, >= 0; "All"
/// has none).
constexpr int kInProgressFacet = -1;
constexpr int kUnhealthyFacet = -2;

bool isSeparator(const QComboBox *combo, int index)
{
    return combo->itemData(index, Qt::AccessibleDescriptionRole).toString()
        == QLatin1String("separator");
}

/// The widest "TYPE · Phase" the Operation column begins with (the phase's details follow).
QString widestOperationStart()
{
    QString type;
    for (const auto value : protocol::enumValues<protocol::OperationType>()) {
        const QString name = models::TrackedOperation::typeName(value);
        if (name.size() > type.size())
            type = name;
    }
    QString phase;
    for (int p = 0; p <= int(models::TrackedOperation::Phase::Finished); ++p) {
        const QString name
            = models::TrackedOperation::phaseName(models::TrackedOperation::Phase(p));
        if (name.size() > phase.size())
            phase = name;
    }
    return ApplicationsPage::tr("%1 · %2").arg(type, phase);
}

/// First start: what tells an application's condition first — its id, state, health and the
/// operation under way — so that the operation is in view in a 1366 px window; numbers and
/// dates after, the name and tags (which take any width given) last.
void applyFirstStartLayout(QTableView *view, QHeaderView *header)
{
    const QList<int> order {
        Model::IdColumn,   Model::StateColumn,  Model::HealthyColumn, Model::ActiveOperationColumn,
        Model::CpusColumn, Model::MemoryColumn, Model::UpdatedColumn, Model::CreatedColumn,
        Model::NameColumn, Model::TagsColumn};
    for (int visual = 0; visual < order.size(); ++visual)
        header->moveSection(header->visualIndex(order.at(visual)), visual);
    QStringList states;
    for (const auto state : protocol::allApplicationStates())
        states << protocol::toString(state);
    header->resizeSection(Model::IdColumn, columnWidthInEms(view, 12));
    header->resizeSection(Model::StateColumn,
                          std::max(StateBadgeDelegate::columnWidthFor(view->font(), states),
                                   header->sectionSizeHint(Model::StateColumn)));
    header->resizeSection(Model::HealthyColumn,
                          columnWidthFor(view, Model::HealthyColumn, QStringLiteral("100/100")));
    header->resizeSection(
        Model::ActiveOperationColumn,
        columnWidthFor(view, Model::ActiveOperationColumn, widestOperationStart()));
    header->resizeSection(Model::CpusColumn,
                          columnWidthFor(view, Model::CpusColumn, QStringLiteral("9999")));
    header->resizeSection(Model::MemoryColumn,
                          columnWidthFor(view, Model::MemoryColumn, QStringLiteral("999.9 GB")));
    header->resizeSection(Model::UpdatedColumn, timeColumnWidth(view, Model::UpdatedColumn));
    header->resizeSection(Model::CreatedColumn, timeColumnWidth(view, Model::CreatedColumn));
    header->resizeSection(Model::NameColumn, columnWidthInEms(view, 10));
}

} // namespace

ApplicationsPage::ApplicationsPage(ApplicationActions *actions, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("applicationsPage"));
    m_proxy = new models::ApplicationFilterProxyModel(this);
    m_proxy->setSearchWarming(true); // the search field below reads every row
    m_searchIndex = new models::InstanceSearchIndex(this);

    auto *layout = new QVBoxLayout(this);
    auto *filterRow = new QHBoxLayout;
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Search applications, instances, hosts (Ctrl+F)"));
    m_searchEdit->setToolTip(
        tr("Finds applications by id, name or tag, and by the id, host or executor of an "
           "instance the console knows: the selected application's, those of applications "
           "with an operation in flight, and those on executors whose details were fetched "
           "(the Executors tab fetches them). Every word typed must match."));
    m_searchEdit->setClearButtonEnabled(true);
    // Facets: all, the conditions an operator looks for first, then every state of the
    // protocol; each with its count.
    m_stateFacet = new QComboBox(this);
    m_stateFacet->setObjectName(QStringLiteral("stateFacetCombo"));
    m_stateFacet->addItem(tr("All states"));
    m_stateFacet->addItem(tr("Unhealthy"), kUnhealthyFacet);
    m_stateFacet->setItemData(m_stateFacet->count() - 1,
                              tr("Fewer healthy instances than required"), Qt::ToolTipRole);
    m_stateFacet->addItem(tr("Operation in progress"), kInProgressFacet);
    m_stateFacet->setItemData(m_stateFacet->count() - 1,
                              tr("In a state of an operation under way, or with an operation "
                                 "the Operations panel follows"),
                              Qt::ToolTipRole);
    m_stateFacet->insertSeparator(m_stateFacet->count());
    for (const auto state : protocol::allApplicationStates())
        m_stateFacet->addItem(protocol::toString(state), int(state));
    // Not sized to its contents: that re-laid out the whole window whenever a count changed
    // (each keystroke of a search, 7-26 ms of the GUI thread on a 10,000-application cluster).
    // It only widens when an entry needs more room (fitFacetWidth()).
    m_stateFacet->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_stateFacet->setMinimumContentsLength(8);
    fitFacetWidth();
    filterRow->addWidget(m_searchEdit, 1);
    filterRow->addWidget(m_stateFacet);
    layout->addLayout(filterRow);
    // While searching: which instances the search covers (it knows only some), and how many
    // rows it found by one of them.
    m_searchScopeLabel = new QLabel(this);
    m_searchScopeLabel->setObjectName(QStringLiteral("searchScopeLabel"));
    m_searchScopeLabel->setWordWrap(true);
    m_searchScopeLabel->setTextFormat(Qt::RichText);
    m_searchScopeLabel->hide();
    connect(m_searchScopeLabel, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link == QLatin1String("fetch-executors") && m_session)
            m_session->refreshPlacementData();
    });
    layout->addWidget(m_searchScopeLabel);
    // While a large list is still being put in: the rows are only part of the cluster's.
    m_loadingLabel = new QLabel(this);
    m_loadingLabel->setObjectName(QStringLiteral("applicationsLoadingLabel"));
    m_loadingLabel->hide();
    layout->addWidget(m_loadingLabel);

    // Actions follow the selection: only the operator selects an application.
    m_view = makeTable(this, QStringLiteral("applicationsView"), m_proxy,
                       QAbstractItemView::SingleSelection, SelectionChanges::OperatorOnly);
    m_view->setItemDelegateForColumn(Model::StateColumn, new StateBadgeDelegate(m_view));
    m_view->setItemDelegateForColumn(Model::HealthyColumn,
                                     new ProgressBarDelegate(models::HealthyFractionRole, m_view));
    elideIdsInMiddle(m_view, {Model::IdColumn});
    m_view->sortByColumn(Model::IdColumn, Qt::AscendingOrder);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions(actions->actions());
    // Shift+click on a header adds a sort key; the filter takes it before QHeaderView does.
    m_view->horizontalHeader()->viewport()->installEventFilter(this);
    m_headerMemory = new HeaderMemory(
        m_view->horizontalHeader(), QStringLiteral("applicationsColumns"),
        [view = m_view](QHeaderView *header) { applyFirstStartLayout(view, header); });
    layout->addWidget(m_view, 1);
    m_sortLabel = new QLabel(this);
    m_sortLabel->setObjectName(QStringLiteral("sortDescriptionLabel"));
    m_sortLabel->setEnabled(false); // dimmed: a hint, not content
    layout->addWidget(m_sortLabel);

    connect(m_searchEdit, &QLineEdit::textChanged, this, &ApplicationsPage::onSearchTextChanged);
    connect(m_searchIndex, &models::InstanceSearchIndex::changed, this, [this] {
        m_proxy->setKnownInstances(m_searchIndex->instances(), m_searchIndex->changedApplications(),
                                   m_searchIndex->texts());
        updateSearchScope();
    });
    connect(m_stateFacet, &QComboBox::currentIndexChanged, this, &ApplicationsPage::applyFacet);
    connect(m_proxy, &models::ApplicationFilterProxyModel::stateCountsChanged, this, [this] {
        if (isLoading())
            return; // no counts to show until the list is in (updateLoading() shows them)
        updateFacets();
        updateSearchScope();
    });
    connect(m_proxy, &models::ApplicationFilterProxyModel::sortKeysChanged, this,
            &ApplicationsPage::updateSortDescription);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApplicationsPage::onSelectionChanged);
    updateSortDescription();
    updateFacets();
}

ApplicationsPage::~ApplicationsPage() = default;

void ApplicationsPage::setSession(models::ClusterSession *session)
{
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_pendingSelection.clear();
    m_searchIndex->setSession(session);
    m_proxy->setSourceModel(session ? session->applications() : nullptr);
    if (session) {
        m_sessionContext = new QObject(this);
        QAbstractItemModel *apps = session->applications();
        connect(apps, &QAbstractItemModel::rowsInserted, m_sessionContext,
                [this] { selectPending(); });
        connect(apps, &QAbstractItemModel::modelReset, m_sessionContext,
                [this] { selectPending(); });
        connect(session->applications(), &models::ApplicationsModel::loadingChanged,
                m_sessionContext, [this] { updateLoading(); });
    }
    // A new source model drops the selection without a selectionChanged for the old rows.
    onSelectionChanged();
    updateLoading();
}

bool ApplicationsPage::isLoading() const
{
    return m_session && m_session->applications()->isLoading();
}

void ApplicationsPage::updateLoading()
{
    const bool loading = isLoading();
    m_loadingLabel->setVisible(loading);
    if (loading) {
        const models::ApplicationsModel *apps = m_session->applications();
        const QLocale locale;
        m_loadingLabel->setText(
            tr("Loading the application list: %1 of %2 shown so far. Counts "
               "are shown once it is complete.")
                .arg(locale.toString(apps->loadedCount()), locale.toString(apps->loadingTotal())));
    }
    updateFacets();
    updateSearchScope();
}

bool ApplicationsPage::selectApplication(const QString &appId)
{
    auto find = [this, &appId]() -> QModelIndex {
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            const QModelIndex index = m_proxy->index(row, 0);
            if (index.data(models::AppIdRole).toString() == appId)
                return index;
        }
        return {};
    };
    QModelIndex index = find();
    if (!index.isValid()) {
        m_searchEdit->clear();
        m_stateFacet->setCurrentIndex(0);
        index = find();
    }
    if (!index.isValid())
        return false;
    m_view->selectionModel()->select(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void ApplicationsPage::selectWhenListed(const QString &appId)
{
    if (!selectApplication(appId))
        m_pendingSelection = appId;
}

void ApplicationsPage::selectPending()
{
    if (!m_pendingSelection.isEmpty() && m_session
        && m_session->applications()->application(m_pendingSelection)) {
        const QString appId = std::exchange(m_pendingSelection, QString());
        selectApplication(appId);
    }
}

void ApplicationsPage::focusSearch()
{
    m_searchEdit->setFocus();
    m_searchEdit->selectAll();
}

void ApplicationsPage::onSelectionChanged()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const QString appId
        = rows.isEmpty() ? QString() : rows.first().data(models::AppIdRole).toString();
    if (appId == m_currentAppId)
        return;
    m_currentAppId = appId;
    Q_EMIT currentApplicationChanged(appId);
}

void ApplicationsPage::updateFacets()
{
    // Counts of a list still loading would be counts of part of the cluster: none are shown.
    const bool loading = isLoading();
    const QMap<int, int> counts = loading ? QMap<int, int>() : m_proxy->stateCounts();
    for (int i = 0; i < m_stateFacet->count(); ++i) {
        if (isSeparator(m_stateFacet, i))
            continue;
        const QVariant data = m_stateFacet->itemData(i);
        QString text;
        if (loading && !data.isValid())
            text = tr("All states (loading…)");
        else if (loading && data.toInt() == kUnhealthyFacet)
            text = tr("Unhealthy (…)");
        else if (loading && data.toInt() == kInProgressFacet)
            text = tr("Operation in progress (…)");
        else if (loading)
            text = QStringLiteral("%1 (…)").arg(protocol::toString(ApplicationState(data.toInt())));
        else if (!data.isValid())
            text = tr("All states (%1)").arg(m_proxy->conditionCount(Condition::None));
        else if (data.toInt() == kUnhealthyFacet)
            text = tr("Unhealthy (%1)").arg(m_proxy->conditionCount(Condition::Unhealthy));
        else if (data.toInt() == kInProgressFacet)
            text = tr("Operation in progress (%1)")
                       .arg(m_proxy->conditionCount(Condition::OperationInProgress));
        else
            text = QStringLiteral("%1 (%2)")
                       .arg(protocol::toString(ApplicationState(data.toInt())))
                       .arg(counts.value(data.toInt()));
        m_stateFacet->setItemText(i, text);
    }
    fitFacetWidth();
}

void ApplicationsPage::fitFacetWidth()
{
    const QFontMetrics metrics = m_stateFacet->fontMetrics();
    int widest = 0;
    for (int i = 0; i < m_stateFacet->count(); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(m_stateFacet->itemText(i)));
    QStyleOptionComboBox option;
    option.initFrom(m_stateFacet);
    const int needed = m_stateFacet->style()
                           ->sizeFromContents(QStyle::CT_ComboBox, &option,
                                              QSize(widest, metrics.height()), m_stateFacet)
                           .width();
    // Only wider: a narrower count does not move the search field back and forth.
    if (needed > m_stateFacet->minimumWidth())
        m_stateFacet->setMinimumWidth(needed);
}

void ApplicationsPage::applyFacet()
{
    const QVariant data = m_stateFacet->currentData();
    const int facet = data.isValid() ? data.toInt() : 0;
    m_proxy->setCondition(facet == kUnhealthyFacet        ? Condition::Unhealthy
                              : facet == kInProgressFacet ? Condition::OperationInProgress
                                                          : Condition::None);
    m_proxy->setAllowedStates(data.isValid() && facet >= 0
                                  ? QList<ApplicationState> {ApplicationState(facet)}
                                  : QList<ApplicationState> {});
}

void ApplicationsPage::onSearchTextChanged(const QString &text)
{
    // The index is gathered only while a search needs it, and before the text is applied so
    // that the first filtering already sees the instances; when the search ends, the text goes
    // first, so that forgetting the instances filters nothing again.
    const bool searching = !text.trimmed().isEmpty();
    if (!searching)
        m_proxy->setFilterText(text);
    m_searchIndex->setEnabled(searching);
    m_proxy->setKnownInstances(m_searchIndex->instances(), std::nullopt, m_searchIndex->texts());
    if (searching)
        m_proxy->setFilterText(text);
    updateSearchScope();
}

void ApplicationsPage::updateSearchScope()
{
    const bool searching = m_searchIndex->isEnabled();
    m_searchScopeLabel->setVisible(searching);
    if (!searching)
        return;
    const auto coverage = m_searchIndex->coverage();
    QStringList parts;
    if (!coverage.scopeAppId.isEmpty())
        parts << tr("%1's").arg(coverage.scopeAppId.toHtmlEscaped());
    parts << tr("those of %n application(s) with an operation in flight", nullptr,
                coverage.appsInFlight);
    QString executors = tr("those on %1 of %n executor(s)", nullptr, coverage.executors)
                            .arg(coverage.executorsWithDetails);
    if (coverage.executorsWithDetails < coverage.executors)
        executors += QStringLiteral(" (<a href=\"fetch-executors\">%1</a>)")
                         .arg(tr("fetch the others' details"));
    parts << executors;
    QString text = tr("Instances searched: %1.").arg(parts.join(QStringLiteral(", ")));
    const int byInstance = m_proxy->rowsMatchedThroughAlternatives();
    if (byInstance > 0)
        text += QLatin1Char(' ')
            + tr("%n found by an instance (the row's tooltip says which).", nullptr, byInstance);
    if (isLoading())
        text += QLatin1Char(' ') + tr("The application list is still loading.");
    m_searchScopeLabel->setText(text);
}

void ApplicationsPage::updateSortDescription()
{
    const QString description = m_proxy->sortDescription();
    const QString text = description.isEmpty()
        ? tr("Unsorted — click a header to sort, Shift+click to add a key")
        : tr("Sorted by %1 — Shift+click a header to add a key").arg(description);
    m_sortLabel->setText(text);
    m_view->horizontalHeader()->setToolTip(text);
    // Keep the header's arrow on the primary key without sorting again (the proxy already did).
    const auto keys = m_proxy->sortKeys();
    QHeaderView *header = m_view->horizontalHeader();
    const QSignalBlocker blocker(header);
    if (keys.isEmpty())
        header->setSortIndicator(-1, Qt::AscendingOrder);
    else
        header->setSortIndicator(keys.constFirst().column, keys.constFirst().order);
}

void ApplicationsPage::restoreHeader(QSettings &)
{
    // HeaderMemory applied the columns when the table got them (the first session).
    updateSortDescription();
}

void ApplicationsPage::restoreSortKeys(QSettings &settings)
{
    // The header remembers one sort column; the proxy's key list is kept next to it.
    const auto keys = models::StateTextFilterProxyModel::sortKeysFromString(
        settings.value(QStringLiteral("applicationsSortKeys")).toString());
    if (!keys.isEmpty())
        m_proxy->setSortKeys(keys);
    updateSortDescription();
}

void ApplicationsPage::saveHeader(QSettings &settings) const
{
    m_headerMemory->flush();
    settings.setValue(QStringLiteral("applicationsSortKeys"),
                      models::StateTextFilterProxyModel::sortKeysToString(m_proxy->sortKeys()));
}

bool ApplicationsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (m_view && watched == m_view->horizontalHeader()->viewport()
        && (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonRelease
            || event->type() == QEvent::MouseButtonDblClick)) {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ShiftModifier)) {
            if (event->type() == QEvent::MouseButtonRelease) {
                const int section
                    = m_view->horizontalHeader()->logicalIndexAt(mouse->position().toPoint());
                if (section >= 0)
                    m_proxy->addSortKey(section);
            }
            return true; // QHeaderView would replace the keys (and start moving the section)
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace drove::ui
