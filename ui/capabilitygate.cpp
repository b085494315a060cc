#include "ui/capabilitygate.h"

#include "models/clustersession.h"

#include <QAction>
#include <QWidget>

namespace drove::ui {

CapabilityGate::CapabilityGate(models::ClusterSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(session, &models::ClusterSession::capabilitiesChanged, this, &CapabilityGate::apply);
}

CapabilityGate::~CapabilityGate()
{
    for (Entry &entry : m_entries) {
        entry.handler = nullptr; // its context is going too
        set(entry, false);
    }
}

void CapabilityGate::add(QAction *action, client::Feature feature)
{
    Entry entry;
    entry.action = action;
    addEntry(entry, feature);
}

void CapabilityGate::add(QWidget *widget, client::Feature feature)
{
    Entry entry;
    entry.widget = widget;
    addEntry(entry, feature);
}

void CapabilityGate::add(QObject *context, client::Feature feature, Handler handler)
{
    Entry entry;
    entry.context = context;
    entry.handler = std::move(handler);
    addEntry(entry, feature);
}

void CapabilityGate::addEntry(Entry entry, client::Feature feature)
{
    entry.feature = feature;
    m_entries.append(entry);
    if (m_session)
        set(m_entries.last(), m_session->capabilities().isAbsent(feature));
}

void CapabilityGate::apply(const client::ControllerCapabilities &capabilities)
{
    for (Entry &entry : m_entries)
        set(entry, capabilities.isAbsent(entry.feature));
}

void CapabilityGate::set(Entry &entry, bool absent)
{
    if (absent == entry.gated)
        return;
    const QString text = client::ControllerCapabilities::unavailableText(entry.feature);
    if (entry.action) {
        if (absent)
            entry.toolTip = entry.action->toolTip();
        entry.action->setEnabled(!absent);
        entry.action->setToolTip(absent ? text : entry.toolTip);
    }
    if (entry.widget) {
        if (absent)
            entry.toolTip = entry.widget->toolTip();
        entry.widget->setEnabled(!absent);
        entry.widget->setToolTip(absent ? text : entry.toolTip);
    }
    entry.gated = absent;
    if (entry.handler && entry.context) {
        const Handler handler = entry.handler; // may add entries (and move this one)
        handler(absent, text);
    }
}

} // namespace drove::ui
