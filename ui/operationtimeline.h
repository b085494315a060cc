#pragma once

#include "models/trackedoperation.h"

#include <QWidget>

class QPainter;

namespace drove::ui {

/// What an operation did, instance by instance: one row per instance it started or stopped (or
/// that failed while it ran), a bar per state the instance was in (PENDING … HEALTHY, STOPPING …
/// STOPPED, failures in red) on a shared time axis, with the operation's begin, end, deadline and
/// cancel request marked. Painted from a TrackedOperation value; setOperation() again as it
/// updates.
class OperationTimeline : public QWidget
{
    Q_OBJECT

public:
    explicit OperationTimeline(QWidget *parent = nullptr);

    void setOperation(const models::TrackedOperation &operation);
    const models::TrackedOperation &operation() const { return m_op; }
    /// "Now" for an operation still running (tests pin it); 0 = the system clock.
    void setNow(qint64 epochMs) { m_now = epochMs; }

    /// The rows in the order drawn (the operation's timeline order).
    int rowCount() const { return int(m_op.timeline.size()); }
    /// The axis: [start, end] in epoch ms, and where the deadline lies (0 = unknown).
    qint64 axisStart() const;
    qint64 axisEnd() const;
    qint64 deadline() const;

    /// Draws the whole chart at `size` (also what PNG and SVG export use).
    void render(QPainter &painter, const QSize &size) const;
    bool savePng(const QString &path, QString *error = nullptr) const;
    bool saveSvg(const QString &path, QString *error = nullptr) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    qint64 now() const;
    qint64 rowEnd(const models::TrackedOperation::InstanceTrack &track) const;
    QString tooltipAt(const QPoint &pos) const;

    models::TrackedOperation m_op;
    qint64 m_now = 0;
};

} // namespace drove::ui
