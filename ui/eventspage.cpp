#include "ui/eventspage.h"

#include "models/clustersession.h"
#include "models/eventfilterproxymodel.h"
#include "models/eventsmodel.h"
#include "ui/headermemory.h"
#include "ui/tablesupport.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace drove::ui {

namespace {

/// No application: an id no event carries, so the list is empty rather than unfiltered.
const QString kNoApplication = QStringLiteral("\x01");

} // namespace

EventsPage::EventsPage(Scope scope, QWidget *parent)
    : QWidget(parent)
    , m_scope(scope)
{
    const bool cluster = scope == Scope::Cluster;
    setObjectName(cluster ? QStringLiteral("eventsPage") : QStringLiteral("appEventsPage"));
    m_proxy = new models::EventFilterProxyModel(this);
    if (!cluster)
        m_proxy->setAppId(kNoApplication);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(cluster ? QStringLiteral("eventFilterEdit")
                                        : QStringLiteral("appEventFilterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter events (Ctrl+F)"));
    m_filterEdit->setToolTip(tr("Shows the events whose type, application, instance or host, "
                                "state or details contain every word typed"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy,
            &models::EventFilterProxyModel::setFilterText);
    layout->addWidget(m_filterEdit);

    m_view
        = makeTable(this, cluster ? QStringLiteral("eventsView") : QStringLiteral("appEventsView"),
                    m_proxy, QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(false); // newest first, as the model keeps them
    elideIdsInMiddle(m_view, {models::EventsModel::AppColumn, models::EventsModel::SubjectColumn});
    new HeaderMemory(
        m_view->horizontalHeader(),
        cluster ? QStringLiteral("eventsColumns") : QStringLiteral("appEventsColumns"),
        [view = m_view](QHeaderView *header) {
            using Model = models::EventsModel;
            header->resizeSection(Model::TimeColumn, timeColumnWidth(view, Model::TimeColumn));
            header->resizeSection(
                Model::TypeColumn,
                columnWidthFor(view, Model::TypeColumn, QStringLiteral("INSTANCE_STATE_CHANGE")));
            header->resizeSection(Model::AppColumn, columnWidthInEms(view, 12));
            header->resizeSection(Model::SubjectColumn, columnWidthInEms(view, 11));
            header->resizeSection(
                Model::StateColumn,
                columnWidthFor(view, Model::StateColumn, QStringLiteral("PROVISIONING_FAILED")));
        });
    layout->addWidget(m_view, 1);
}

void EventsPage::setSession(models::ClusterSession *session)
{
    m_session = session;
    m_proxy->setSourceModel(session ? session->events() : nullptr);
}

void EventsPage::setApplication(const QString &appId)
{
    if (m_scope == Scope::Application)
        m_proxy->setAppId(appId.isEmpty() ? kNoApplication : appId);
}

void EventsPage::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

} // namespace drove::ui
