#include "ui/operationspanel.h"

#include "models/clustersession.h"
#include "models/modelroles.h"
#include "models/operationjournalmodel.h"
#include "models/operationsmodel.h"
#include "ui/headermemory.h"
#include "ui/progressbardelegate.h"
#include "ui/tablesupport.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace drove::ui {

OperationsPanel::OperationsPanel(models::OperationJournal *journal, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("operationsPanel"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("operationsTabs"));
    outer->addWidget(m_tabs);

    auto *current = new QWidget(m_tabs);
    auto *layout = new QVBoxLayout(current);
    layout->setContentsMargins(2, 2, 2, 2);
    m_operationsProxy = sortingProxy(nullptr, this);
    m_operationsView = makeTable(current, QStringLiteral("operationsView"), m_operationsProxy,
                                 QAbstractItemView::SingleSelection);
    m_operationsView->setItemDelegateForColumn(
        models::OperationsModel::ProgressColumn,
        new ProgressBarDelegate(models::ProgressRole, m_operationsView));
    m_operationsView->sortByColumn(models::OperationsModel::AcceptedColumn, Qt::DescendingOrder);
    // First-start widths for what the columns hold ("payments-api-12", "REPLACE_INSTANCES",
    // "1m 05s / 5m 00s"), then whatever the operator set, remembered.
    new HeaderMemory(m_operationsView->horizontalHeader(), QStringLiteral("operationsHeader"),
                     [this](QHeaderView *header) {
                         const QFontMetrics metrics = m_operationsView->fontMetrics();
                         const int em = metrics.horizontalAdvance(QLatin1Char('M'));
                         const auto fit = [&metrics, em](const QString &widest) {
                             return metrics.horizontalAdvance(widest) + 2 * em;
                         };
                         header->resizeSection(models::OperationsModel::AppColumn, 14 * em);
                         header->resizeSection(models::OperationsModel::OperationColumn,
                                               fit(QStringLiteral("REPLACE_INSTANCES")));
                         header->resizeSection(models::OperationsModel::ElapsedColumn,
                                               fit(QStringLiteral("1m 05s / 5m 00s")));
                         header->resizeSection(models::OperationsModel::AcceptedColumn,
                                               fit(QStringLiteral("23:59:59, 31 Dec 2025")));
                         // The phase says the most: it takes the room that is left.
                         header->setStretchLastSection(false);
                         header->setSectionResizeMode(models::OperationsModel::PhaseColumn,
                                                      QHeaderView::Stretch);
                     });
    // Double-click or Enter: the operation's detail; the context menu says so too.
    connect(m_operationsView, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT operationDetailRequested(index.data(models::RowKeyRole).toString());
    });
    m_operationsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_operationsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_operationsView->indexAt(at);
        if (!index.isValid())
            return;
        QMenu menu(this);
        menu.setObjectName(QStringLiteral("operationContextMenu"));
        const QString id = index.data(models::RowKeyRole).toString();
        const QString appId = index.data(models::AppIdRole).toString();
        menu.addAction(tr("&Details…"), this, [this, id] { Q_EMIT operationDetailRequested(id); });
        menu.addAction(tr("Show &application"), this,
                       [this, appId] { Q_EMIT applicationRequested(appId); });
        if (index.data(models::CanCancelRole).toBool())
            menu.addAction(QIcon(QStringLiteral(":/icons/cancel.svg")), tr("&Cancel operation…"),
                           this, [this, appId] { Q_EMIT cancelRequested(appId); });
        menu.exec(m_operationsView->viewport()->mapToGlobal(at));
    });
    auto *row = new QHBoxLayout;
    m_cancelButton = new QPushButton(QIcon(QStringLiteral(":/icons/cancel.svg")),
                                     tr("Cancel selected operation"), current);
    m_cancelButton->setObjectName(QStringLiteral("cancelOperationButton"));
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        const QString appId = selectedAppId();
        if (!appId.isEmpty())
            Q_EMIT cancelRequested(appId);
    });
    // Enabled only for a selected operation the controller can still cancel.
    connect(m_operationsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OperationsPanel::updateCancel);
    connect(m_operationsProxy, &QAbstractItemModel::dataChanged, this,
            &OperationsPanel::updateCancel);
    connect(m_operationsProxy, &QAbstractItemModel::modelReset, this,
            &OperationsPanel::updateCancel);
    connect(m_operationsProxy, &QAbstractItemModel::rowsRemoved, this,
            &OperationsPanel::updateCancel);
    m_notice = new QLabel(current);
    m_notice->setObjectName(QStringLiteral("operationNoticeLabel"));
    m_notice->setWordWrap(true);
    row->addWidget(m_cancelButton);
    row->addWidget(m_notice, 1);
    layout->addWidget(m_operationsView, 1);
    layout->addLayout(row);
    m_tabs->addTab(current, tr("C&urrent"));

    auto *history = new QWidget(m_tabs);
    auto *historyLayout = new QVBoxLayout(history);
    historyLayout->setContentsMargins(2, 2, 2, 2);
    m_journalModel = new models::OperationJournalModel(this);
    m_journalModel->setJournal(journal);
    m_journalView
        = makeTable(history, QStringLiteral("journalView"), sortingProxy(m_journalModel, this),
                    QAbstractItemView::SingleSelection);
    m_journalView->sortByColumn(models::OperationJournalModel::SentColumn, Qt::DescendingOrder);
    new HeaderMemory(m_journalView->horizontalHeader(), QStringLiteral("journalHeader"),
                     [](QHeaderView *header) {
                         for (const int column : {models::OperationJournalModel::SentColumn,
                                                  models::OperationJournalModel::FinishedColumn})
                             header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
                     });
    auto *exportButton = new QPushButton(tr("Export…"), history);
    exportButton->setObjectName(QStringLiteral("exportJournalButton"));
    exportButton->setToolTip(tr("Save the journal as JSON or CSV (by the file name's suffix)"));
    connect(exportButton, &QPushButton::clicked, this, &OperationsPanel::exportRequested);
    // Double-click or Enter: the entry's detail; the context menu also leads to its app.
    connect(m_journalView, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT journalEntryDetailRequested(index.data(models::RowKeyRole).toString());
    });
    m_journalView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_journalView, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_journalView->indexAt(at);
        if (!index.isValid())
            return;
        QMenu menu(this);
        menu.setObjectName(QStringLiteral("journalContextMenu"));
        const QString id = index.data(models::RowKeyRole).toString();
        const QString appId = index.data(models::AppIdRole).toString();
        menu.addAction(tr("&Details…"), this,
                       [this, id] { Q_EMIT journalEntryDetailRequested(id); });
        menu.addAction(tr("Show &application"), this,
                       [this, appId] { Q_EMIT applicationRequested(appId); });
        menu.exec(m_journalView->viewport()->mapToGlobal(at));
    });
    historyLayout->addWidget(m_journalView, 1);
    historyLayout->addWidget(exportButton, 0, Qt::AlignLeft);
    m_tabs->addTab(history, tr("&History"));
    updateCancel();
}

void OperationsPanel::setSession(models::ClusterSession *session)
{
    m_session = session;
    m_operationsProxy->setSourceModel(session ? session->operations() : nullptr);
    m_notice->clear();
    updateCancel();
}

QString OperationsPanel::selectedAppId() const
{
    const QModelIndexList rows = m_operationsView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(models::AppIdRole).toString();
}

void OperationsPanel::setNotice(const QString &text)
{
    m_notice->setText(text);
}

void OperationsPanel::showHistory()
{
    m_tabs->setCurrentIndex(1);
}

void OperationsPanel::updateCancel()
{
    const QModelIndexList rows = m_operationsView->selectionModel()->selectedRows();
    m_cancelButton->setEnabled(!rows.isEmpty()
                               && rows.first().data(models::CanCancelRole).toBool());
}

} // namespace drove::ui
