#include "ui/operationdetaildialog.h"

#include "models/clustersession.h"
#include "models/eventfilterproxymodel.h"
#include "models/eventsmodel.h"
#include "models/formatting.h"
#include "models/operationtracker.h"
#include "ui/operationcommands.h"
#include "ui/operationtimeline.h"

#include <QClipboard>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace drove::ui {

using models::TrackedOperation;

namespace {

QString clock(qint64 ms)
{
    return ms > 0 ? models::format::timestamp(ms) : QString();
}

/// The app's events while the operation ran (a little either side).

} // namespace

OperationDetailDialog::OperationDetailDialog(models::ClusterSession *session,
                                             models::OperationJournal *journal,
                                             const OperationContext &context, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_journal(journal)
    , m_context(context)
{
    setObjectName(QStringLiteral("operationDetailDialog"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    build();
    if (m_session) {
        connect(m_session->tracker(), &models::OperationTracker::operationUpdated, this,
                [this](const TrackedOperation &op) {
                    if (op.id == m_trackedId)
                        updateFromTracked(op);
                });
        connect(m_session->tracker(), &models::OperationTracker::operationFinished, this,
                [this](const TrackedOperation &op) {
                    if (op.id == m_trackedId)
                        updateFromTracked(op);
                });
    }
}

OperationDetailDialog::~OperationDetailDialog() = default;

void OperationDetailDialog::build()
{
    resize(980, 680);
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("operationSummaryLabel"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    m_stuck = new QLabel(this);
    m_stuck->setObjectName(QStringLiteral("stuckReasonLabel"));
    m_stuck->setWordWrap(true);
    m_stuck->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stuck->setStyleSheet(QStringLiteral(
        "background-color: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px;"));
    m_stuck->setVisible(false);
    layout->addWidget(m_stuck);

    m_facts = new QLabel(this);
    m_facts->setObjectName(QStringLiteral("operationFactsLabel"));
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_facts);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("operationDetailTabs"));
    layout->addWidget(m_tabs, 1);

    auto *timelinePage = new QWidget(m_tabs);
    auto *timelineLayout = new QVBoxLayout(timelinePage);
    auto *scroll = new QScrollArea(timelinePage);
    scroll->setWidgetResizable(true);
    m_timeline = new OperationTimeline(scroll);
    scroll->setWidget(m_timeline);
    timelineLayout->addWidget(scroll, 1);
    auto *timelineButtons = new QHBoxLayout;
    m_timelineNote = new QLabel(timelinePage);
    m_timelineNote->setObjectName(QStringLiteral("timelineNoteLabel"));
    m_timelineNote->setWordWrap(true);
    timelineButtons->addWidget(m_timelineNote, 1);
    auto *savePng = new QPushButton(tr("Save as PNG…"), timelinePage);
    savePng->setObjectName(QStringLiteral("saveTimelinePngButton"));
    connect(savePng, &QPushButton::clicked, this, [this] { saveTimeline(); });
    auto *saveSvg = new QPushButton(tr("Save as SVG…"), timelinePage);
    saveSvg->setObjectName(QStringLiteral("saveTimelineSvgButton"));
    connect(saveSvg, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save timeline"),
                                                          QStringLiteral("operation-timeline.svg"),
                                                          tr("SVG images (*.svg)"));
        if (!path.isEmpty())
            saveTimeline(path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)
                             ? path
                             : path + QStringLiteral(".svg"));
    });
    timelineButtons->addWidget(savePng);
    timelineButtons->addWidget(saveSvg);
    timelineLayout->addLayout(timelineButtons);
    m_tabs->addTab(timelinePage, tr("&Timeline"));

    auto *payloadPage = new QWidget(m_tabs);
    auto *payloadLayout = new QVBoxLayout(payloadPage);
    m_payload = new QPlainTextEdit(payloadPage);
    m_payload->setObjectName(QStringLiteral("payloadView"));
    m_payload->setReadOnly(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    payloadLayout->addWidget(m_payload, 1);
    auto *payloadButtons = new QHBoxLayout;
    m_copyCurl = new QPushButton(tr("Copy as curl"), payloadPage);
    m_copyCurl->setObjectName(QStringLiteral("copyCurlButton"));
    connect(m_copyCurl, &QPushButton::clicked, this, &OperationDetailDialog::copyCurl);
    m_copyCli = new QPushButton(tr("Copy as drove CLI command"), payloadPage);
    m_copyCli->setObjectName(QStringLiteral("copyCliButton"));
    connect(m_copyCli, &QPushButton::clicked, this, &OperationDetailDialog::copyCli);
    payloadButtons->addWidget(m_copyCurl);
    payloadButtons->addWidget(m_copyCli);
    payloadButtons->addStretch(1);
    payloadLayout->addLayout(payloadButtons);
    m_tabs->addTab(payloadPage, tr("&Payload"));

    m_failures = new QPlainTextEdit(m_tabs);
    m_failures->setObjectName(QStringLiteral("failuresView"));
    m_failures->setReadOnly(true);
    m_tabs->addTab(m_failures, tr("&Failures"));

    m_stuckHistory = new QPlainTextEdit(m_tabs);
    m_stuckHistory->setObjectName(QStringLiteral("stuckHistoryView"));
    m_stuckHistory->setReadOnly(true);
    m_tabs->addTab(m_stuckHistory, tr("&Stuck history"));

    m_events = new QTableView(m_tabs);
    m_events->setObjectName(QStringLiteral("operationEventsView"));
    m_eventsFilter = new models::EventFilterProxyModel(this);
    if (m_session)
        m_eventsFilter->setSourceModel(m_session->events());
    m_events->setModel(m_eventsFilter);
    m_events->verticalHeader()->hide();
    m_events->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events->horizontalHeader()->setStretchLastSection(true);
    m_events->setColumnHidden(models::EventsModel::AppColumn, true);
    m_tabs->addTab(m_events, tr("&Events"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

bool OperationDetailDialog::showTracked(const QString &trackedId)
{
    if (!m_session)
        return false;
    const auto op = m_session->tracker()->operation(trackedId);
    if (!op)
        return false;
    m_trackedId = trackedId;
    m_entry.reset();
    if (m_journal && !op->journalId.isEmpty())
        m_entry = m_journal->entry(op->journalId);
    updateFromTracked(*op);
    return true;
}

bool OperationDetailDialog::showJournalEntry(const QString &entryId)
{
    if (!m_journal)
        return false;
    m_entry = m_journal->entry(entryId);
    if (!m_entry)
        return false;
    if (m_session) {
        for (const TrackedOperation &op : m_session->tracker()->operations()) {
            if (op.journalId == entryId)
                return showTracked(op.id);
        }
    }
    m_trackedId.clear();
    updateFromJournal();
    return true;
}

void OperationDetailDialog::setPayload(const QJsonObject &payload, bool known)
{
    m_sent.reset();
    if (known) {
        m_payload->setPlainText(
            QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Indented)));
        if (auto parsed = protocol::ApplicationOperation::fromJson(payload))
            m_sent = *parsed;
    } else {
        m_payload->setPlainText(tr("Sent by another client: what it sent is not known to this "
                                   "console."));
    }
    m_copyCurl->setEnabled(m_sent.has_value());
    m_copyCli->setEnabled(
        m_sent.has_value()
        && OperationCommands::cliCommand(*m_sent, m_context.clusterName).isAvailable());
}

void OperationDetailDialog::updateFromTracked(const TrackedOperation &op)
{
    setWindowTitle(tr("%1 on %2").arg(TrackedOperation::typeName(op.type), op.appId));
    QString outcome = TrackedOperation::outcomeName(op.outcome);
    if (!op.outcomeReason.isEmpty())
        outcome += QStringLiteral(": ") + op.outcomeReason;
    m_summary->setText(
        QStringLiteral("<b>%1</b> on <b>%2</b> · %3 · %4")
            .arg(TrackedOperation::typeName(op.type).toHtmlEscaped(), op.appId.toHtmlEscaped(),
                 TrackedOperation::originName(op.origin).toHtmlEscaped(),
                 (op.isFinished()    ? outcome
                      : op.isStuck() ? tr("%1 — stuck").arg(TrackedOperation::phaseName(op.phase))
                                     : op.phaseText)
                     .toHtmlEscaped()));

    m_stuck->setVisible(op.isStuck());
    if (op.isStuck())
        m_stuck->setText(
            op.stuckSuggestion.isEmpty()
                ? tr("Stuck: %1").arg(op.stuckReason)
                : tr("Stuck: %1. To let it proceed: %2.").arg(op.stuckReason, op.stuckSuggestion));

    // A grid of facts: times on the first row, what happened on the second, counts on the third.
    const auto cell = [](const QString &name, const QString &value) {
        return QStringLiteral("<td style=\"padding-right:4px\"><b>%1</b></td>"
                              "<td style=\"padding-right:18px\">%2</td>")
            .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString rows;
    rows += QStringLiteral("<tr>")
        + cell(op.origin == TrackedOperation::Origin::ThisConsole ? tr("Accepted")
                                                                  : tr("First seen"),
               clock(op.acceptedAtMs))
        + cell(tr("Began"), op.beganAtMs > 0 ? clock(op.beganAtMs) : tr("not yet"))
        + cell(tr("Finished"), op.isFinished() ? clock(op.finishedAtMs) : tr("running"))
        + cell(tr("Elapsed"), models::format::elapsed(op.elapsedMs)) + QStringLiteral("</tr>");
    rows += QStringLiteral("<tr>")
        + cell(tr("Deadline"),
               op.timeoutMs > 0 ? clock(op.acceptedAtMs + op.timeoutMs) : tr("not known"))
        + cell(tr("Cancel"),
               op.cancelRequestedAtMs > 0
                   ? tr("requested %1").arg(clock(op.cancelRequestedAtMs))
                   : (op.cancelRejection.isEmpty() ? tr("none")
                                                   : tr("refused: %1").arg(op.cancelRejection)))
        + cell(tr("Progress"), op.progressKnown() ? op.countText() : tr("unknown"))
        + cell(tr("Parallelism"),
               op.parallelism > 0 ? QString::number(op.parallelism) : tr("not known"))
        + QStringLiteral("</tr>");
    rows += QStringLiteral("<tr>") + cell(tr("Started"), QString::number(op.instancesStarted))
        + cell(tr("Stopped"), QString::number(op.instancesStopped))
        + cell(tr("Failed starts"), QString::number(op.failedStarts))
        + cell(tr("Other failures"), QString::number(op.otherFailures)) + QStringLiteral("</tr>");
    QString note;
    if (op.beganBeforeConnect)
        note = QStringLiteral("<p>%1</p>")
                   .arg(tr("It was running before the console connected: what happened before "
                           "is not known.")
                            .toHtmlEscaped());
    m_facts->setText(QStringLiteral("<table>%1</table>%2").arg(rows, note));

    m_timeline->setOperation(op);
    m_timelineNote->setText(op.timeline.isEmpty()
                                ? QString()
                                : tr("%n instance(s); hover a row for its states and errors",
                                     nullptr, int(op.timeline.size())));

    if (m_entry)
        setPayload(m_entry->payload, true);
    else
        setPayload({}, false);

    QStringList failures = op.failureMessages;
    m_failures->setPlainText(failures.isEmpty() ? tr("No failure was seen.")
                                                : failures.join(QLatin1Char('\n')));
    QStringList history;
    for (const auto &note : op.stuckHistory)
        history << QStringLiteral("%1  %2").arg(
            clock(note.atMs), note.reason.isEmpty() ? tr("progress resumed") : note.reason);
    m_stuckHistory->setPlainText(history.isEmpty() ? tr("It was never stuck.")
                                                   : history.join(QLatin1Char('\n')));

    const qint64 from
        = (op.beganAtMs > 0 ? std::min(op.beganAtMs, op.acceptedAtMs) : op.acceptedAtMs) - 2000;
    m_eventsFilter->setAppId(op.appId);
    m_eventsFilter->setTimeWindow(from, op.isFinished() ? op.finishedAtMs + 2000 : 0);
}

void OperationDetailDialog::updateFromJournal()
{
    const auto &entry = *m_entry;
    setWindowTitle(tr("%1 on %2").arg(entry.operation, entry.appId));
    m_summary->setText(QStringLiteral("<b>%1</b> on <b>%2</b> · %3 · %4")
                           .arg(entry.operation.toHtmlEscaped(), entry.appId.toHtmlEscaped(),
                                tr("this console"),
                                models::OperationJournal::outcomeName(entry.outcome)));
    m_stuck->setVisible(false);
    QStringList facts;
    facts << QStringLiteral("<b>%1</b> %2")
                 .arg(tr("Sent"), entry.sentAt.toLocalTime().toString(Qt::ISODate).toHtmlEscaped());
    if (entry.finishedAt.isValid())
        facts << QStringLiteral("<b>%1</b> %2")
                     .arg(tr("Finished"),
                          entry.finishedAt.toLocalTime().toString(Qt::ISODate).toHtmlEscaped());
    if (!entry.detail.isEmpty())
        facts << QStringLiteral("<b>%1</b> %2").arg(tr("Detail"), entry.detail.toHtmlEscaped());
    m_facts->setText(facts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    m_timeline->setOperation(TrackedOperation());
    m_timelineNote->setText(tr("No timeline: the console did not follow this operation in this "
                               "session (it keeps the most recent operations it followed)."));
    setPayload(entry.payload, true);
    m_failures->setPlainText(tr("Not known: the operation was not followed in this session."));
    m_stuckHistory->setPlainText(tr("Not known: the operation was not followed in this session."));
    m_eventsFilter->setAppId(entry.appId);
    m_eventsFilter->setTimeWindow(
        entry.sentAt.toMSecsSinceEpoch() - 2000,
        entry.finishedAt.isValid() ? entry.finishedAt.toMSecsSinceEpoch() + 2000 : 0);
}

bool OperationDetailDialog::saveTimeline(const QString &given)
{
    QString path = given;
    if (path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save timeline"),
                                            QStringLiteral("operation-timeline.png"),
                                            tr("PNG images (*.png)"));
        if (path.isEmpty())
            return false;
        if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
            path += QStringLiteral(".png");
    }
    QString error;
    const bool ok = path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)
        ? m_timeline->saveSvg(path, &error)
        : m_timeline->savePng(path, &error);
    if (!ok && given.isEmpty())
        QMessageBox::warning(this, tr("Save timeline"), error);
    return ok;
}

void OperationDetailDialog::copyCurl()
{
    if (m_sent)
        QGuiApplication::clipboard()->setText(OperationCommands::curlCommand(*m_sent, m_context));
}

void OperationDetailDialog::copyCli()
{
    if (!m_sent)
        return;
    const CliCommand cli = OperationCommands::cliCommand(*m_sent, m_context.clusterName);
    if (cli.isAvailable())
        QGuiApplication::clipboard()->setText(cli.command);
}

} // namespace drove::ui
