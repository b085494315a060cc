#pragma once

#include "protocol/applicationspec.h"

#include <QString>

namespace drove::app {

/// The application load tests create (drove-embedded --seed-bench, bench_clientsync): a small,
/// realistic service — one HTTP port, 1 core and 128 MB, HTTP health and readiness checks, two
/// tags — named BENCH_APP_<index>.
protocol::ApplicationSpec benchAppSpec(int index);

/// The id the controller gives bench app \a index: "BENCH_APP_<index>-1".
QString benchAppId(int index);

} // namespace drove::app
