#include "ui/rehearsalpanel.h"

#include "models/applicationsmodel.h"
#include "models/clustersession.h"
#include "models/formatting.h"
#include "models/operationjournal.h"
#include "models/operationtracker.h"
#include "models/rehearsalsnapshot.h"
#include "protocol/applicationoperation.h"
#include "ui/confirmationpolicy.h"
#include "ui/guarddialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace drove::ui {

namespace {

enum Column { OperationColumn, AppColumn, OutcomeColumn, HereColumn, SourceColumn, ColumnCount };

/// Whether the payload takes serving instances away on the source (the confirmation grade).
bool reducesCapacity(const protocol::ApplicationOperation &operation,
                     models::ClusterSession *source)
{
    using protocol::OperationType;
    switch (operation.type) {
    case OperationType::Suspend:
    case OperationType::StopInstances:
    case OperationType::Destroy:
        return true;
    case OperationType::ReplaceInstances:
        return operation.stopFirst;
    case OperationType::ScaleInstances: {
        const auto app = source->applications()->application(operation.appId);
        // Not knowing the current count is treated as the careful case.
        return !app || operation.requiredInstances < app->requiredInstances;
    }
    default:
        return false;
    }
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

RehearsalPanel::RehearsalPanel(const Source &source, models::ClusterSession *rehearsal,
                               models::OperationJournal *journal, std::function<double()> timeScale,
                               QWidget *parent)
    : QWidget(parent)
    , m_source(source)
    , m_rehearsal(rehearsal)
    , m_journal(journal)
    , m_timeScale(std::move(timeScale))
{
    setObjectName(QStringLiteral("rehearsalPanel"));
    // Wide and short (a bottom dock): what the copy is on the left, its operations on the right.
    auto *layout = new QHBoxLayout(this);
    auto *info = new QVBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("rehearsalSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    info->addWidget(m_summary);
    m_notes = new QLabel(this);
    m_notes->setObjectName(QStringLiteral("rehearsalNotesLabel"));
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::RichText);
    m_notes->hide();
    info->addWidget(m_notes);
    m_scaleLabel = new QLabel(this);
    m_scaleLabel->setObjectName(QStringLiteral("rehearsalScaleLabel"));
    m_scaleLabel->setWordWrap(true);
    info->addWidget(m_scaleLabel);
    info->addStretch(1);
    auto *infoWidget = new QWidget(this);
    infoWidget->setLayout(info);
    info->setContentsMargins(0, 0, 0, 0);
    auto *infoScroll = new QScrollArea(this);
    infoScroll->setWidget(infoWidget);
    infoScroll->setWidgetResizable(true);
    infoScroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(infoScroll, 2);

    auto *right = new QVBoxLayout;
    m_view = new QTreeWidget(this);
    m_view->setObjectName(QStringLiteral("rehearsalOperationsView"));
    m_view->setRootIsDecorated(false);
    m_view->setColumnCount(ColumnCount);
    m_view->setHeaderLabels({tr("Operation"), tr("Application"), tr("Outcome here"),
                             tr("Took here"), tr("On %1").arg(m_source.clusterName)});
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(OperationColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(AppColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(OutcomeColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(HereColumn, QHeaderView::ResizeToContents);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_view, &QTreeWidget::itemSelectionChanged, this, &RehearsalPanel::updateButton);
    right->addWidget(m_view, 1);
    auto *buttons = new QHBoxLayout;
    m_runButton = new QPushButton(tr("Run on %1…").arg(m_source.clusterName), this);
    m_runButton->setObjectName(QStringLiteral("runOnSourceButton"));
    m_runButton->setToolTip(tr("Send the selected operation, with the identical payload, to %1 "
                               "(asks first, as %1 requires)")
                                .arg(m_source.clusterName));
    connect(m_runButton, &QPushButton::clicked, this, [this] { runOnSource(selectedOperation()); });
    buttons->addWidget(m_runButton);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("rehearsalStatusLabel"));
    m_status->setWordWrap(true);
    buttons->addWidget(m_status, 1);
    right->addLayout(buttons);
    layout->addLayout(right, 3);

    if (m_rehearsal) {
        models::OperationTracker *tracker = m_rehearsal->tracker();
        connect(tracker, &models::OperationTracker::operationAdded, this,
                &RehearsalPanel::onOperation);
        connect(tracker, &models::OperationTracker::operationUpdated, this,
                &RehearsalPanel::onOperation);
        connect(tracker, &models::OperationTracker::operationRemoved, this,
                [this](const QString &id) {
                    const auto row = m_rows.find(id);
                    if (row != m_rows.end()) {
                        delete row->item;
                        m_rows.erase(row);
                    }
                    updateButton();
                });
        for (const models::TrackedOperation &operation : tracker->operations())
            onOperation(operation);
    }
    m_scaleTimer = new QTimer(this);
    m_scaleTimer->setInterval(1000);
    connect(m_scaleTimer, &QTimer::timeout, this, &RehearsalPanel::refreshScale);
    m_scaleTimer->start();
    refreshScale();
    updateButton();
}

RehearsalPanel::~RehearsalPanel() = default;

void RehearsalPanel::setCopyInfo(const QString &summary, const QStringList &notes)
{
    m_summary->setText(summary);
    if (notes.isEmpty()) {
        m_notes->setText(tr("Nothing was left out of the copy."));
    } else {
        QString html = tr("<b>Where the copy differs from %1:</b><ul style=\"margin: 0px;\">")
                           .arg(htmlEscaped(m_source.clusterName));
        for (const QString &note : notes)
            html += QStringLiteral("<li>%1</li>").arg(htmlEscaped(note));
        m_notes->setText(html + QStringLiteral("</ul>"));
    }
    m_notes->show();
}

void RehearsalPanel::refreshScale()
{
    m_scale = m_timeScale ? m_timeScale() : 1.0;
    if (m_scale <= 0)
        m_scale = 1.0;
    m_scaleLabel->setText(
        qFuzzyCompare(m_scale, 1.0)
            ? tr("Time: real speed (instance timings as on %1)").arg(m_source.clusterName)
            : tr("Time: %1× faster than on %2 (Simulation ▸ Time scale)")
                  .arg(QString::number(1.0 / m_scale, 'g', 3), m_source.clusterName));
}

QString RehearsalPanel::selectedOperation() const
{
    const QList<QTreeWidgetItem *> selected = m_view->selectedItems();
    return selected.isEmpty() ? QString() : selected.constFirst()->data(0, Qt::UserRole).toString();
}

QString RehearsalPanel::estimateText(const models::TrackedOperation &operation) const
{
    const auto row = m_rows.constFind(operation.id);
    const double startScale
        = row != m_rows.cend() && row->scaleAtStart > 0 ? row->scaleAtStart : m_scale;
    const double endScale = row != m_rows.cend() && row->scaleAtEnd > 0 ? row->scaleAtEnd : m_scale;
    const qint64 began = operation.beganAtMs > 0 ? operation.beganAtMs : operation.acceptedAtMs;
    if (began <= 0)
        return tr("not started yet");
    if (!operation.isFinished())
        return tr("running");
    if (!qFuzzyCompare(startScale, endScale))
        return tr("unknown: the time scale changed during the run");
    const qint64 here = qMax<qint64>(0, operation.finishedAtMs - began);
    const qint64 estimate = qint64(double(here) / startScale);
    QString text = tr("about %1").arg(models::format::elapsed(estimate));
    if (operation.timeoutMs > 0 && estimate > operation.timeoutMs)
        text += tr(" — longer than its timeout (%1): it would time out there")
                    .arg(models::format::elapsed(operation.timeoutMs));
    return text;
}

void RehearsalPanel::onOperation(const models::TrackedOperation &operation)
{
    // Only what was run in this rehearsal window: the copy's own seeding and the controller's
    // operations are not the operator's to repeat.
    if (operation.origin != models::TrackedOperation::Origin::ThisConsole
        || operation.journalId.isEmpty())
        return;
    auto row = m_rows.find(operation.id);
    if (row == m_rows.end()) {
        Row fresh;
        fresh.item = new QTreeWidgetItem(m_view);
        fresh.item->setData(0, Qt::UserRole, operation.id);
        fresh.scaleAtStart = m_timeScale ? m_timeScale() : 1.0;
        row = m_rows.insert(operation.id, fresh);
    }
    if (operation.isFinished() && row->scaleAtEnd <= 0)
        row->scaleAtEnd = m_timeScale ? m_timeScale() : 1.0;
    updateRow(*row, operation);
    updateButton();
}

void RehearsalPanel::updateRow(Row &row, const models::TrackedOperation &operation)
{
    QTreeWidgetItem *item = row.item;
    item->setText(OperationColumn, models::TrackedOperation::typeName(operation.type));
    item->setText(AppColumn, operation.appId);
    item->setText(OutcomeColumn,
                  operation.isFinished() ? models::TrackedOperation::outcomeName(operation.outcome)
                          + (operation.outcomeReason.isEmpty()
                                 ? QString()
                                 : QStringLiteral(": ") + operation.outcomeReason)
                                         : operation.phaseText);
    const qint64 began = operation.beganAtMs > 0 ? operation.beganAtMs : operation.acceptedAtMs;
    const qint64 end
        = operation.isFinished() ? operation.finishedAtMs : QDateTime::currentMSecsSinceEpoch();
    item->setText(HereColumn,
                  began > 0 ? models::format::elapsed(qMax<qint64>(0, end - began)) : QString());
    item->setText(SourceColumn, estimateText(operation));
    item->setToolTip(SourceColumn,
                     tr("The time here divided by the time scale. Steps the simulation does "
                        "not model (image pulls longer than measured, slow health checks, "
                        "queueing on the real controller) can make the real run longer."));
}

void RehearsalPanel::updateButton()
{
    const QString id = selectedOperation();
    models::ClusterSession *source = m_source.session ? m_source.session() : nullptr;
    m_runButton->setEnabled(!id.isEmpty() && source);
    if (!source)
        m_runButton->setToolTip(tr("Not connected to %1 any more: reconnect to it in the main "
                                   "window to run there")
                                    .arg(m_source.clusterName));
}

void RehearsalPanel::runOnSource(const QString &trackedId)
{
    if (!m_rehearsal || trackedId.isEmpty())
        return;
    models::ClusterSession *source = m_source.session ? m_source.session() : nullptr;
    if (!source) {
        m_status->setText(
            tr("Not connected to %1 any more: nothing was sent.").arg(m_source.clusterName));
        return;
    }
    const auto tracked = m_rehearsal->tracker()->operation(trackedId);
    const auto entry = tracked ? m_journal->entry(tracked->journalId) : std::nullopt;
    if (!entry) {
        m_status->setText(tr("The rehearsed payload is not in the journal: nothing was sent."));
        return;
    }
    const auto operation = protocol::ApplicationOperation::fromJson(entry->payload);
    if (!operation) {
        m_status->setText(tr("The rehearsed payload could not be read: nothing was sent."));
        return;
    }
    if (operation->spec && operation->spec->configs) {
        for (const protocol::ConfigSpec &config : *operation->spec->configs) {
            if (config.data == models::kMaskedConfigPlaceholder) {
                m_status->setText(tr("This payload carries the rehearsal's placeholder for "
                                     "config data %1 masks: nothing was sent. Create it from its "
                                     "real spec in %1's window.")
                                      .arg(m_source.clusterName));
                return;
            }
        }
    }
    Confirmation confirmation
        = withGuard(requiredConfirmation(operation->type, reducesCapacity(*operation, source),
                                         m_source.criticality),
                    m_source.confirmEveryChange);
    // From another window to a live cluster: never one click.
    if (confirmation == Confirmation::None)
        confirmation = Confirmation::Acknowledge;
    QString what
        = tr("<p>Send <b>%1</b> of <b>%2</b> to <b>%3</b> with exactly the payload "
             "rehearsed here:</p><pre>%4</pre><p>In the rehearsal: %5; %6 on %3.</p>")
              .arg(htmlEscaped(entry->operation), htmlEscaped(operation->appIdOrDerived()),
                   htmlEscaped(m_source.clusterName),
                   htmlEscaped(QString::fromUtf8(
                       QJsonDocument(entry->payload).toJson(QJsonDocument::Indented))),
                   htmlEscaped(tracked->isFinished()
                                   ? models::TrackedOperation::outcomeName(tracked->outcome)
                                   : tracked->phaseText),
                   htmlEscaped(estimateText(*tracked)));
    const QStringList warnings = source->capacityWarnings(*operation);
    if (!warnings.isEmpty())
        what += tr("<p><b>%1 now:</b> %2</p>")
                    .arg(htmlEscaped(m_source.clusterName),
                         htmlEscaped(warnings.join(QStringLiteral(" "))));
    auto *dialog = new GuardDialog(tr("Run on %1").arg(m_source.clusterName), what, confirmation,
                                   operation->appIdOrDerived(), m_source.criticality,
                                   m_source.clusterName, this);
    dialog->setObjectName(QStringLiteral("runOnSourceGuard"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    m_lastGuard = dialog;
    const QString rehearsalEntry = entry->id;
    const protocol::ApplicationOperation payload = *operation;
    connect(dialog, &QDialog::accepted, this, [this, payload, rehearsalEntry] {
        models::ClusterSession *target = m_source.session ? m_source.session() : nullptr;
        if (!target) {
            m_status->setText(
                tr("Not connected to %1 any more: nothing was sent.").arg(m_source.clusterName));
            return;
        }
        const models::SubmitTicket ticket = target->submitOperation(payload);
        if (!ticket.sent()) {
            const QString text = tr("Not sent to %1: %2 %3")
                                     .arg(m_source.clusterName, ticket.rejection,
                                          ticket.problems.join(QStringLiteral("; ")));
            m_status->setText(text);
            emit sentToSource(false, text);
            return;
        }
        if (!ticket.journalId.isEmpty())
            m_journal->linkRehearsal(ticket.journalId, rehearsalEntry);
        m_status->setText(tr("Sent to %1; waiting for its answer…").arg(m_source.clusterName));
        connect(ticket.pending, &models::PendingOperation::accepted, this, [this] {
            const QString text = tr("%1 accepted it: follow it in %1's window (Operations).")
                                     .arg(m_source.clusterName);
            m_status->setText(text);
            emit sentToSource(true, text);
        });
        connect(ticket.pending, &models::PendingOperation::rejected, this,
                [this](const client::ApiError &error) {
                    const QString text
                        = tr("%1 refused it: %2").arg(m_source.clusterName, error.userText());
                    m_status->setText(text);
                    emit sentToSource(false, text);
                });
    });
    dialog->open();
}

} // namespace drove::ui
