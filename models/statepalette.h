#pragma once

#include "protocol/applicationstate.h"
#include "protocol/executorstate.h"
#include "protocol/instancestate.h"

#include <QColor>

namespace drove::models {

/// The one mapping from Drove states to badge colours, shared by the models (Foreground and
/// Decoration roles) and the UI (legends, delegates), so both always agree.
class StatePalette
{
public:
    /// What a state means to an operator; each tone has one colour.
    enum class Tone {
        Good,     ///< settled and serving (RUNNING, HEALTHY, ACTIVE)
        Idle,     ///< settled, nothing running (MONITORING, STOPPED)
        Progress, ///< an operation or a lifecycle step is under way
        Warning,  ///< needs attention but not failed (OUTAGE_DETECTED, UNHEALTHY, BLACKLISTED)
        Error,    ///< failed or lost
        Neutral,  ///< unknown / not applicable
    };

    static Tone tone(protocol::ApplicationState state);
    static Tone tone(protocol::InstanceState state);
    static Tone tone(protocol::ExecutorState state);

    /// Badge colour of a tone (readable on light and dark backgrounds).
    static QColor color(Tone tone);
    static QColor color(protocol::ApplicationState state) { return color(tone(state)); }
    static QColor color(protocol::InstanceState state) { return color(tone(state)); }
    static QColor color(protocol::ExecutorState state) { return color(tone(state)); }
};

} // namespace drove::models
