#include "ui/operationtimeline.h"

#include "models/formatting.h"
#include "models/statepalette.h"

#include <QDateTime>
#include <QFile>
#include <QHelpEvent>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolTip>

#include <algorithm>

namespace drove::ui {

using models::StatePalette;
using models::TrackedOperation;
using protocol::InstanceState;

namespace {

constexpr int kRowHeight = 22;
constexpr int kHeader = 28;
constexpr int kFooter = 46;
constexpr int kLabelWidth = 230;
constexpr int kRightMargin = 16;

/// Progress states get lighter-to-darker shades of their tone so that neighbouring bars differ.
QColor stateColor(InstanceState state)
{
    QColor color = StatePalette::color(state);
    switch (state) {
    case InstanceState::Pending:
        return color.lighter(150);
    case InstanceState::Provisioning:
        return color.lighter(125);
    case InstanceState::Unready:
        return color.darker(115);
    case InstanceState::Ready:
        return color.darker(130);
    // The stop family in its own hue, so a stop never reads as a start.
    case InstanceState::Deprovisioning:
        return QColor(0x9c, 0x84, 0xc4);
    case InstanceState::Stopping:
        return QColor(0x7b, 0x5e, 0xa7);
    default:
        return color;
    }
}

bool isFailure(InstanceState state)
{
    return state == InstanceState::ProvisioningFailed || state == InstanceState::StartFailed
        || state == InstanceState::ReadinessCheckFailed || state == InstanceState::Unhealthy
        || state == InstanceState::Lost;
}

/// A round step for the axis: about `ticks` ticks over `span` ms.
qint64 tickStep(qint64 span, int ticks)
{
    static const qint64 steps[]
        = {1000,   2000,   5000,    10000,   15000,   30000,    60000,    120000,  300000,
           600000, 900000, 1800000, 3600000, 7200000, 21600000, 43200000, 86400000};
    for (qint64 step : steps)
        if (span / step <= ticks)
            return step;
    return 86400000;
}

QString elidedMiddle(const QFontMetrics &metrics, const QString &text, int width)
{
    return metrics.elidedText(text, Qt::ElideMiddle, width);
}

} // namespace

OperationTimeline::OperationTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("operationTimeline"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void OperationTimeline::setOperation(const TrackedOperation &operation)
{
    const bool rowsChanged = operation.timeline.size() != m_op.timeline.size();
    m_op = operation;
    if (rowsChanged)
        updateGeometry();
    update();
}

qint64 OperationTimeline::now() const
{
    return m_now > 0 ? m_now : QDateTime::currentMSecsSinceEpoch();
}

qint64 OperationTimeline::deadline() const
{
    return m_op.timeoutMs > 0 ? m_op.acceptedAtMs + m_op.timeoutMs : 0;
}

qint64 OperationTimeline::axisStart() const
{
    qint64 start
        = m_op.beganAtMs > 0 ? std::min(m_op.beganAtMs, m_op.acceptedAtMs) : m_op.acceptedAtMs;
    for (const auto &track : m_op.timeline)
        if (!track.steps.isEmpty())
            start = std::min(start, track.steps.constFirst().atMs);
    return start;
}

qint64 OperationTimeline::axisEnd() const
{
    qint64 end = m_op.isFinished() ? m_op.finishedAtMs : now();
    for (const auto &track : m_op.timeline)
        if (!track.steps.isEmpty())
            end = std::max(end, track.steps.constLast().atMs);
    if (m_op.cancelRequestedAtMs > 0)
        end = std::max(end, m_op.cancelRequestedAtMs);
    // The deadline is part of the axis when it is near; a far one is pointed at instead.
    const qint64 start = axisStart();
    if (const qint64 due = deadline();
        due > end && due - start <= 3 * std::max<qint64>(1, end - start))
        end = due;
    return std::max(end, start + 1000);
}

qint64 OperationTimeline::rowEnd(const TrackedOperation::InstanceTrack &track) const
{
    // The last state lasts until the operation ended (or now); an ended instance's last state
    // is a moment.
    const auto &last = track.steps.constLast();
    if (!protocol::isActive(last.state))
        return last.atMs;
    return m_op.isFinished() ? std::max(m_op.finishedAtMs, last.atMs) : std::max(now(), last.atMs);
}

QSize OperationTimeline::sizeHint() const
{
    return {kLabelWidth + 640, kHeader + std::max(1, rowCount()) * kRowHeight + kFooter};
}

QSize OperationTimeline::minimumSizeHint() const
{
    return {kLabelWidth + 240, kHeader + std::max(1, rowCount()) * kRowHeight + kFooter};
}

void OperationTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    render(painter, size());
}

void OperationTimeline::render(QPainter &painter, const QSize &size) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QPalette pal = palette();
    painter.fillRect(QRect(QPoint(0, 0), size), pal.color(QPalette::Base));
    painter.setFont(font());
    const QFontMetrics metrics(font());

    const int plotLeft = kLabelWidth;
    const int plotRight = size.width() - kRightMargin;
    const int plotWidth = std::max(10, plotRight - plotLeft);
    const qint64 start = axisStart();
    const qint64 end = axisEnd();
    const double span = double(std::max<qint64>(1, end - start));
    const auto xOf = [&](qint64 t) {
        return plotLeft + int(double(std::clamp(t, start, end) - start) / span * plotWidth);
    };
    const int rows = rowCount();
    const int plotBottom = kHeader + std::max(1, rows) * kRowHeight;

    // Axis: ticks as time since the start, with the wall-clock start in the header.
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(
        QRect(4, 2, kLabelWidth - 8, kHeader - 4), Qt::AlignLeft | Qt::AlignVCenter,
        tr("Started %1")
            .arg(QDateTime::fromMSecsSinceEpoch(start).toString(QStringLiteral("HH:mm:ss"))));
    const qint64 step = tickStep(end - start, std::max(2, plotWidth / 90));
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(90);
    for (qint64 t = 0; start + t <= end; t += step) {
        const int x = xOf(start + t);
        painter.setPen(grid);
        painter.drawLine(x, kHeader - 4, x, plotBottom);
        painter.setPen(pal.color(QPalette::Text));
        const int labelX = std::clamp(x - 45, plotLeft - 45, size.width() - 92);
        painter.drawText(QRect(labelX, 2, 90, kHeader - 6), Qt::AlignCenter,
                         QStringLiteral("+%1").arg(models::format::elapsed(t)));
    }

    if (rows == 0) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(QRect(plotLeft, kHeader, plotWidth, kRowHeight), Qt::AlignCenter,
                         m_op.isFinished() ? tr("No instance changed state during the operation")
                                           : tr("No instance has changed state yet"));
    }

    for (int row = 0; row < rows; ++row) {
        const auto &track = m_op.timeline.at(row);
        const int y = kHeader + row * kRowHeight;
        if (row % 2 == 1)
            painter.fillRect(QRect(0, y, size.width(), kRowHeight),
                             pal.color(QPalette::AlternateBase));
        painter.setPen(pal.color(QPalette::Text));
        const QString marker = track.startedByOperation ? tr("new") : tr("old");
        const int markerWidth
            = std::max(metrics.horizontalAdvance(tr("new")), metrics.horizontalAdvance(tr("old")))
            + 8;
        painter.drawText(QRect(4, y, markerWidth, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         marker);
        painter.drawText(QRect(4 + markerWidth, y, kLabelWidth - 12 - markerWidth, kRowHeight),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         elidedMiddle(metrics, track.instanceId, kLabelWidth - 12 - markerWidth));
        for (int i = 0; i < track.steps.size(); ++i) {
            const auto &step = track.steps.at(i);
            const qint64 until
                = i + 1 < track.steps.size() ? track.steps.at(i + 1).atMs : rowEnd(track);
            const int x0 = xOf(step.atMs);
            const int x1 = std::max(x0 + 3, xOf(until));
            const QRect bar(x0, y + 4, x1 - x0, kRowHeight - 8);
            const QColor color
                = isFailure(step.state) ? QColor(0xc6, 0x28, 0x28) : stateColor(step.state);
            painter.fillRect(bar, color);
            const QString name = protocol::toString(step.state);
            if (metrics.horizontalAdvance(name) + 6 < bar.width()) {
                painter.setPen(color.lightness() > 150 ? Qt::black : Qt::white);
                painter.drawText(bar, Qt::AlignCenter, name);
            }
        }
    }

    // Markers: the operation's end, the cancel request, the deadline.
    const auto marker = [&](qint64 t, const QColor &color, const QString &label, bool dashed) {
        const int x = xOf(t);
        QPen pen(color, 2, dashed ? Qt::DashLine : Qt::SolidLine);
        painter.setPen(pen);
        painter.drawLine(x, kHeader - 2, x, plotBottom + 4);
        // Near the right edge the label goes left of its line, so it is never cut.
        const int width = metrics.horizontalAdvance(label) + 8;
        const QRect box = x + width / 2 > size.width() - 2
            ? QRect(x - width - 2, plotBottom + 4, width, 16)
            : QRect(x - width / 2, plotBottom + 4, width, 16);
        painter.drawText(box, Qt::AlignCenter, label);
    };
    if (m_op.isFinished())
        marker(m_op.finishedAtMs, pal.color(QPalette::Text),
               TrackedOperation::outcomeName(m_op.outcome), false);
    if (m_op.cancelRequestedAtMs > 0)
        marker(m_op.cancelRequestedAtMs, QColor(0xe6, 0x51, 0x00), tr("cancel requested"), true);
    if (const qint64 due = deadline(); due > 0) {
        if (due <= end) {
            marker(due, QColor(0xc6, 0x28, 0x28), tr("deadline"), true);
        } else {
            // Far away: said in the legend's row instead of squashing the axis.
            painter.setPen(QColor(0xc6, 0x28, 0x28));
            painter.drawText(
                QRect(plotRight - 300, plotBottom + 24, 300 + kRightMargin - 4, 18),
                Qt::AlignRight | Qt::AlignVCenter,
                m_op.isFinished()
                    ? tr("deadline was %1 after the end →").arg(models::format::elapsed(due - end))
                    : tr("deadline in %1 →").arg(models::format::elapsed(due - end)));
        }
    }

    // Legend.
    int x = 4;
    const int legendY = plotBottom + 24;
    const std::pair<QColor, QString> legend[] = {
        {stateColor(InstanceState::Pending), tr("starting")},
        {stateColor(InstanceState::Healthy), tr("healthy")},
        {stateColor(InstanceState::Stopping), tr("stopping")},
        {stateColor(InstanceState::Stopped), tr("stopped")},
        {QColor(0xc6, 0x28, 0x28), tr("failed / unhealthy / lost")},
    };
    for (const auto &[color, text] : legend) {
        painter.fillRect(QRect(x, legendY + 3, 12, 12), color);
        painter.setPen(pal.color(QPalette::Text));
        const int width = metrics.horizontalAdvance(text);
        painter.drawText(QRect(x + 16, legendY, width + 4, 18), Qt::AlignLeft | Qt::AlignVCenter,
                         text);
        x += 16 + width + 16;
    }
    painter.restore();
}

bool OperationTimeline::savePng(const QString &path, QString *error) const
{
    const QSize size = QSize(std::max(width(), sizeHint().width()), sizeHint().height());
    QImage image(size * 2, QImage::Format_ARGB32);
    image.setDevicePixelRatio(2);
    image.fill(palette().color(QPalette::Base));
    {
        QPainter painter(&image);
        render(painter, size);
    }
    if (!image.save(path, "PNG")) {
        if (error)
            *error = tr("Could not write %1").arg(path);
        return false;
    }
    return true;
}

bool OperationTimeline::saveSvg(const QString &path, QString *error) const
{
    const QSize size = QSize(std::max(width(), sizeHint().width()), sizeHint().height());
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(tr("%1 on %2").arg(TrackedOperation::typeName(m_op.type), m_op.appId));
    {
        QPainter painter;
        if (!painter.begin(&generator)) {
            if (error)
                *error = tr("Could not write %1").arg(path);
            return false;
        }
        render(painter, size);
    }
    if (QFile(path).size() <= 0) {
        if (error)
            *error = tr("Could not write %1").arg(path);
        return false;
    }
    return true;
}

QString OperationTimeline::tooltipAt(const QPoint &pos) const
{
    const int row = (pos.y() - kHeader) / kRowHeight;
    if (pos.y() < kHeader || row < 0 || row >= rowCount())
        return QString();
    const auto &track = m_op.timeline.at(row);
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> (%2)")
                 .arg(track.instanceId.toHtmlEscaped(),
                      track.startedByOperation ? tr("started by the operation")
                                               : tr("there before it"));
    if (!track.executorId.isEmpty())
        lines << tr("executor %1").arg(track.executorId.toHtmlEscaped());
    for (const auto &step : track.steps) {
        QString line = QStringLiteral("%1 %2").arg(
            QDateTime::fromMSecsSinceEpoch(step.atMs).toString(QStringLiteral("HH:mm:ss.zzz")),
            protocol::toString(step.state));
        if (!step.error.isEmpty())
            line += QStringLiteral(": ") + step.error.toHtmlEscaped();
        lines << line;
    }
    return lines.join(QStringLiteral("<br>"));
}

bool OperationTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace drove::ui
