#include "models/operationsmodel.h"

#include "models/formatting.h"
#include "models/modelroles.h"
#include "models/operationtracker.h"
#include "models/statepalette.h"

namespace drove::models {

namespace {

constexpr quint64 bit(int column)
{
    return quint64(1) << column;
}

} // namespace

OperationsModel::OperationsModel(QObject *parent)
    : KeyedTableModel<TrackedOperation>(parent)
{ }

int OperationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case AppColumn:
        return tr("Application");
    case OperationColumn:
        return tr("Operation");
    case PhaseColumn:
        return tr("Phase");
    case ProgressColumn:
        return tr("Progress");
    case ElapsedColumn:
        return tr("Elapsed / timeout");
    case OutcomeColumn:
        return tr("Outcome");
    case StartedByColumn:
        return tr("Started by");
    case AcceptedColumn:
        return tr("Accepted");
    }
    return QVariant();
}

QVariant OperationsModel::data(const QModelIndex &index, int role) const
{
    const TrackedOperation *op = rowAt(index.row());
    if (!op || index.column() < 0 || index.column() >= ColumnCount)
        return QVariant();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(*op, column);
    case SortRole:
        return sortValue(*op, column);
    case Qt::ToolTipRole:
        if (column == PhaseColumn) {
            QString text = op->cancelRejection.isEmpty()
                ? op->phaseText
                : tr("%1 (cancel refused: %2)").arg(op->phaseText, op->cancelRejection);
            if (op->isStuck() && !op->stuckSuggestion.isEmpty())
                text += QLatin1Char('\n') + tr("To let it proceed: %1.").arg(op->stuckSuggestion);
            return text;
        }
        if (column == OutcomeColumn && !op->outcomeReason.isEmpty())
            return op->outcomeReason;
        if (column == ProgressColumn && !op->progressKnown())
            return tr("Not known: the operation began before the console connected, so how "
                      "much of its work was done before is not known.");
        return QVariant();
    case Qt::ForegroundRole:
        if (column == OutcomeColumn) {
            switch (op->outcome) {
            case TrackedOperation::Outcome::Completed:
                return StatePalette::color(StatePalette::Tone::Good);
            case TrackedOperation::Outcome::Cancelled:
                return StatePalette::color(StatePalette::Tone::Idle);
            case TrackedOperation::Outcome::TimedOut:
                return StatePalette::color(StatePalette::Tone::Warning);
            case TrackedOperation::Outcome::Failed:
                return StatePalette::color(StatePalette::Tone::Error);
            case TrackedOperation::Outcome::Running:
                return StatePalette::color(StatePalette::Tone::Progress);
            }
        }
        return QVariant();
    case Qt::TextAlignmentRole:
        if (column == ProgressColumn || column == ElapsedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case RowKeyRole:
        return op->id;
    case AppIdRole:
        return op->appId;
    case ProgressRole:
        // No bar for a progress that is not known (the delegate draws the text alone).
        return op->progressKnown() ? QVariant(op->progress) : QVariant();
    case CanCancelRole:
        return op->canCancel();
    case OutcomeRole:
        return int(op->outcome);
    case OriginRole:
        return int(op->origin);
    case StateRole:
        return int(op->phase);
    case TimestampRole:
        return op->acceptedAtMs;
    default:
        return QVariant();
    }
}

QVariant OperationsModel::displayValue(const TrackedOperation &op, int column) const
{
    switch (column) {
    case AppColumn:
        return op.appId;
    case OperationColumn:
        return TrackedOperation::typeName(op.type);
    case PhaseColumn:
        return op.phaseText;
    case ProgressColumn:
        return op.progressKnown() ? QStringLiteral("%1%").arg(qRound(op.progress * 100))
                                  : tr("unknown");
    case ElapsedColumn:
        return op.timeoutMs > 0
            ? tr("%1 / %2").arg(format::elapsed(op.elapsedMs), format::elapsed(op.timeoutMs))
            : format::elapsed(op.elapsedMs);
    case OutcomeColumn:
        return op.isFinished() ? TrackedOperation::outcomeName(op.outcome) : QString();
    case StartedByColumn:
        return TrackedOperation::originName(op.origin);
    case AcceptedColumn:
        return format::timestamp(op.acceptedAtMs);
    }
    return QVariant();
}

QVariant OperationsModel::sortValue(const TrackedOperation &op, int column) const
{
    switch (column) {
    case AppColumn:
        return op.appId;
    case OperationColumn:
        return TrackedOperation::typeName(op.type);
    case PhaseColumn:
        return int(op.phase);
    case ProgressColumn:
        return op.progressKnown() ? op.progress : -1.0;
    case ElapsedColumn:
        return op.elapsedMs;
    case OutcomeColumn:
        return int(op.outcome);
    case StartedByColumn:
        return int(op.origin);
    case AcceptedColumn:
        return op.acceptedAtMs;
    }
    return QVariant();
}

quint64 OperationsModel::changedColumns(const TrackedOperation &before,
                                        const TrackedOperation &after) const
{
    quint64 mask = 0;
    if (before.appId != after.appId)
        mask |= bit(AppColumn);
    if (before.type != after.type)
        mask |= bit(OperationColumn);
    if (before.phase != after.phase || before.phaseText != after.phaseText
        || before.canCancel() != after.canCancel()
        || before.cancelRejection != after.cancelRejection
        || before.stuckSuggestion != after.stuckSuggestion)
        mask |= bit(PhaseColumn);
    if (before.progress != after.progress || before.progressKnown() != after.progressKnown())
        mask |= bit(ProgressColumn);
    if (before.elapsedMs / 1000 != after.elapsedMs / 1000 || before.timeoutMs != after.timeoutMs)
        mask |= bit(ElapsedColumn);
    if (before.outcome != after.outcome || before.outcomeReason != after.outcomeReason)
        mask |= bit(OutcomeColumn);
    if (before.origin != after.origin)
        mask |= bit(StartedByColumn);
    if (before.acceptedAtMs != after.acceptedAtMs)
        mask |= bit(AcceptedColumn);
    return mask;
}

QList<int> OperationsModel::changedRoles(int column) const
{
    switch (column) {
    case PhaseColumn:
        return {Qt::DisplayRole, SortRole, Qt::ToolTipRole, StateRole, CanCancelRole};
    case ProgressColumn:
        return {Qt::DisplayRole, SortRole, ProgressRole, Qt::ToolTipRole};
    case OutcomeColumn:
        return {Qt::DisplayRole,    SortRole,    Qt::ToolTipRole,
                Qt::ForegroundRole, OutcomeRole, CanCancelRole};
    case StartedByColumn:
        return {Qt::DisplayRole, SortRole, OriginRole};
    case AcceptedColumn:
        return {Qt::DisplayRole, SortRole, TimestampRole};
    default:
        return {Qt::DisplayRole, SortRole};
    }
}

void OperationsModel::setTracker(OperationTracker *tracker)
{
    if (m_tracker)
        disconnect(m_tracker, nullptr, this, nullptr);
    m_tracker = tracker;
    std::vector<TrackedOperation> rows;
    if (m_tracker) {
        const QList<TrackedOperation> ops = m_tracker->operations();
        rows.assign(ops.cbegin(), ops.cend());
        connect(m_tracker, &OperationTracker::operationAdded, this,
                [this](const TrackedOperation &op) { upsertRow(op); });
        connect(m_tracker, &OperationTracker::operationUpdated, this,
                [this](const TrackedOperation &op) { upsertRow(op); });
        connect(m_tracker, &OperationTracker::operationRemoved, this,
                [this](const QString &id) { removeRowByKey(id); });
    }
    resetRows(std::move(rows));
}

std::optional<TrackedOperation> OperationsModel::operationAt(int row) const
{
    const TrackedOperation *op = rowAt(row);
    return op ? std::optional<TrackedOperation>(*op) : std::nullopt;
}

} // namespace drove::models
