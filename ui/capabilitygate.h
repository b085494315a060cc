#pragma once

#include "client/capabilities.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QWidget;

namespace drove::models {
class ClusterSession;
}

namespace drove::ui {

/// Turns off what the connected controller does not offer: each action or widget added with
/// the Feature it needs is disabled, with a tooltip that says why, once the session's
/// capabilities say the feature is absent (a 404/405 on its route), and given back as it was
/// when the feature turns out present again or the gate goes away with its session.
class CapabilityGate : public QObject
{
    Q_OBJECT

public:
    /// Follows `session`'s capabilities; make it a child of the session's context object.
    CapabilityGate(models::ClusterSession *session, QObject *parent);
    ~CapabilityGate() override;

    void add(QAction *action, client::Feature feature);
    void add(QWidget *widget, client::Feature feature);
    /// Applies `capabilities` now (also called on every change).
    void apply(const client::ControllerCapabilities &capabilities);

private:
    struct Entry
    {
        QPointer<QAction> action;
        QPointer<QWidget> widget;
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
