#include "ui/applicationspage.h"

#include "models/applicationfilterproxymodel.h"
#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/modelroles.h"
#include "ui/applicationactions.h"
#include "ui/progressbardelegate.h"
#include "ui/statebadgedelegate.h"
#include "ui/tablesupport.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

namespace drove::ui {

using protocol::ApplicationState;

namespace {

/// States counted as "operation in progress": neither parked nor terminal.
bool isBusy(ApplicationState state)
{
    return !protocol::isParked(state) && !protocol::isTerminal(state);
}

} // namespace

ApplicationsPage::ApplicationsPage(ApplicationActions *actions, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("applicationsPage"));
    m_proxy = new models::ApplicationFilterProxyModel(this);

    auto *layout = new QVBoxLayout(this);
    auto *filterRow = new QHBoxLayout;
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Search applications (Ctrl+F)"));
    m_searchEdit->setClearButtonEnabled(true);
    // Facets: every state of the protocol plus "operation in progress", each with its count.
    m_stateFacet = new QComboBox(this);
    m_stateFacet->setObjectName(QStringLiteral("stateFacetCombo"));
    m_stateFacet->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_stateFacet->addItem(tr("All states"));
    for (const auto state : protocol::allApplicationStates())
        m_stateFacet->addItem(protocol::toString(state), int(state));
    m_stateFacet->addItem(tr("Operation in progress"), -1);
    filterRow->addWidget(m_searchEdit, 1);
    filterRow->addWidget(m_stateFacet);
    layout->addLayout(filterRow);

    // Actions follow the selection: only the operator selects an application.
    m_view = makeTable(this, QStringLiteral("applicationsView"), m_proxy,
                       QAbstractItemView::SingleSelection, SelectionChanges::OperatorOnly);
    m_view->setItemDelegateForColumn(models::ApplicationsModel::StateColumn,
                                     new StateBadgeDelegate(m_view));
    m_view->setItemDelegateForColumn(models::ApplicationsModel::HealthyColumn,
                                     new ProgressBarDelegate(models::HealthyFractionRole, m_view));
    m_view->sortByColumn(models::ApplicationsModel::IdColumn, Qt::AscendingOrder);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions(actions->actions());
    // Shift+click on a header adds a sort key; the filter takes it before QHeaderView does.
    m_view->horizontalHeader()->viewport()->installEventFilter(this);
    layout->addWidget(m_view, 1);
    m_sortLabel = new QLabel(this);
    m_sortLabel->setObjectName(QStringLiteral("sortDescriptionLabel"));
    m_sortLabel->setEnabled(false); // dimmed: a hint, not content
    layout->addWidget(m_sortLabel);

    connect(m_searchEdit, &QLineEdit::textChanged, m_proxy,
            &models::ApplicationFilterProxyModel::setFilterText);
    connect(m_stateFacet, &QComboBox::currentIndexChanged, this, &ApplicationsPage::applyFacet);
    connect(m_proxy, &models::ApplicationFilterProxyModel::stateCountsChanged, this,
            &ApplicationsPage::updateFacets);
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
    m_proxy->setSourceModel(session ? session->applications() : nullptr);
    if (session) {
        m_sessionContext = new QObject(this);
        QAbstractItemModel *apps = session->applications();
        connect(apps, &QAbstractItemModel::rowsInserted, m_sessionContext,
                [this] { selectPending(); });
        connect(apps, &QAbstractItemModel::modelReset, m_sessionContext,
                [this] { selectPending(); });
    }
    // A new source model drops the selection without a selectionChanged for the old rows.
    onSelectionChanged();
    updateFacets();
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
    const QMap<int, int> counts = m_proxy->stateCounts();
    int total = 0;
    int busy = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        total += it.value();
        if (it.key() >= 0 && isBusy(ApplicationState(it.key())))
            busy += it.value();
    }
    for (int i = 0; i < m_stateFacet->count(); ++i) {
        const QVariant data = m_stateFacet->itemData(i);
        QString text;
        if (!data.isValid())
            text = tr("All states (%1)").arg(total);
        else if (data.toInt() < 0)
            text = tr("Operation in progress (%1)").arg(busy);
        else
            text = QStringLiteral("%1 (%2)")
                       .arg(protocol::toString(ApplicationState(data.toInt())))
                       .arg(counts.value(data.toInt()));
        m_stateFacet->setItemText(i, text);
    }
}

void ApplicationsPage::applyFacet()
{
    const QVariant data = m_stateFacet->currentData();
    QList<ApplicationState> states;
    if (data.isValid() && data.toInt() >= 0) {
        states << ApplicationState(data.toInt());
    } else if (data.isValid()) {
        for (const auto state : protocol::allApplicationStates()) {
            if (isBusy(state))
                states << state;
        }
    }
    m_proxy->setAllowedStates(states);
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

void ApplicationsPage::restoreHeader(QSettings &settings)
{
    // The header has sections only once the view has a source model: the first session.
    if (m_headerRestored || !m_proxy->sourceModel())
        return;
    m_headerRestored = true;
    // First-start widths (a saved header state replaces them): ids like "payments-api-12" and
    // the longest state badge in full.
    QHeaderView *header = m_view->horizontalHeader();
    const int em = m_view->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    header->resizeSection(models::ApplicationsModel::IdColumn, 13 * em);
    header->resizeSection(models::ApplicationsModel::NameColumn, 10 * em);
    header->resizeSection(models::ApplicationsModel::StateColumn, 14 * em);
    header->restoreState(settings.value(QStringLiteral("applicationsHeader")).toByteArray());
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
    if (m_headerRestored) // never shown a cluster: nothing to remember about the columns
        settings.setValue(QStringLiteral("applicationsHeader"),
                          m_view->horizontalHeader()->saveState());
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
