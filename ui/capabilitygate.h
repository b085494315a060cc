#pragma once

#include "client/capabilities.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QAction;
class QWidget;

namespace drove::models {
class ClusterSession;
}

namespace drove::ui {

/// Turns off what the connected controller does not offer: each action or widget added with
/// the Feature it needs is disabled, with a tooltip that says why, once the session's
/// capabilities say the feature is absent (a 404/405 on its route), and given back as it was
/// when the feature turns out present again or the gate goes away with its session. Where
/// turning a widget off is not the whole story (a dialog that must stop waiting for the
/// controller, a label that says why a table stays empty), a handler is told as well.
class CapabilityGate : public QObject
{
    Q_OBJECT

public:
    /// Follows `session`'s capabilities; make it a child of the session's context object.
    CapabilityGate(models::ClusterSession *session, QObject *parent);
    ~CapabilityGate() override;

    /// Called with `absent` and the tooltip text ("This controller does not offer …").
    using Handler = std::function<void(bool absent, const QString &why)>;

    void add(QAction *action, client::Feature feature);
    void add(QWidget *widget, client::Feature feature);
    /// `handler` is called now when the feature is already known absent, then on every change;
    /// never after `context` is destroyed, nor when the gate goes away (unlike actions and
    /// widgets, nothing is given back then: the context goes with the session too).
    void add(QObject *context, client::Feature feature, Handler handler);
    /// Applies `capabilities` now (also called on every change).
    void apply(const client::ControllerCapabilities &capabilities);

private:
    struct Entry
    {
        QPointer<QAction> action;
        QPointer<QWidget> widget;
        QPointer<QObject> context; ///< with handler
        Handler handler;
        client::Feature feature = client::Feature::None;
        bool gated = false;
        QString toolTip; ///< the tooltip before gating
    };
    void addEntry(Entry entry, client::Feature feature);
    void set(Entry &entry, bool absent);

    QPointer<models::ClusterSession> m_session;
    QList<Entry> m_entries;
};

} // namespace drove::ui
