#include "models/trackedoperation.h"

#include <QCoreApplication>

namespace drove::models {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("drove::models::TrackedOperation", text);
}
} // namespace

bool TrackedOperation::canCancel() const
{
    if (isFinished() || cancelRequested)
        return false;
    // A recovery can be cancelled only once it runs as a scale (drove-api.md §4.5).
    if (type == protocol::OperationType::Recover)
        return appState == protocol::ApplicationState::ScalingRequested;
    return protocol::isCancellable(type);
}

QString TrackedOperation::countText() const
{
    const auto &rule = protocol::ruleFor(type, variant);
    if (total < 0)
        return tr("? of ? %1").arg(protocol::unitVerb(rule.unit));
    return tr("%1 of %2 %3").arg(done).arg(total).arg(protocol::unitVerb(rule.unit));
}

QString TrackedOperation::typeName(protocol::OperationType type)
{
    return protocol::wireName(type);
}

QString TrackedOperation::originName(Origin origin)
{
    switch (origin) {
    case Origin::ThisConsole:
        return tr("this console");
    case Origin::OtherClient:
        return tr("other");
    case Origin::Controller:
        return tr("controller");
    }
    return QString();
}

QString TrackedOperation::phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Accepted:
        return tr("Accepted");
    case Phase::ScalingUp:
        return tr("Scaling up");
    case Phase::ScalingDown:
        return tr("Scaling down");
    case Phase::Replacing:
        return tr("Replacing");
    case Phase::Stopping:
        return tr("Stopping");
    case Phase::Recovering:
        return tr("Recovering");
    case Phase::Destroying:
        return tr("Destroying");
    case Phase::Creating:
        return tr("Creating");
    case Phase::Cancelling:
        return tr("Cancelling");
    case Phase::Overdue:
        return tr("Past timeout");
    case Phase::Finished:
        return tr("Finished");
    }
    return QString();
}

QString TrackedOperation::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Running:
        return tr("in flight");
    case Outcome::Completed:
        return tr("completed");
    case Outcome::Cancelled:
        return tr("cancelled");
    case Outcome::TimedOut:
        return tr("timed out");
    case Outcome::Failed:
        return tr("failed");
    }
    return QString();
}

} // namespace drove::models
