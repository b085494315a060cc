#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace drove::client {

/// Bounded exponential backoff for reads. Operations are never retried (DroveClient
/// ignores the policy for anything but GET).
struct RetryPolicy
{
    int maxAttempts = 4; ///< total tries of one read, including the first
    int initialDelayMs = 250;
    double multiplier = 2.0;
    int maxDelayMs = 4000;
    /// ±fraction of random spread, so that many consoles do not retry in lock step.
    double jitter = 0.2;

    /// Delay before try number `attempt` + 1, where `attempt` >= 1 tries have failed.
    /// `random01` is a uniform random number in [0, 1) (injected for deterministic tests).
    int delayMs(int attempt, double random01 = 0.5) const
    {
        const double base = initialDelayMs * std::pow(multiplier, std::max(0, attempt - 1));
        const double capped = std::min<double>(base, maxDelayMs);
        const double spread = capped * jitter * (2.0 * random01 - 1.0);
        return std::max(0, static_cast<int>(std::lround(capped + spread)));
    }

    /// No retries at all.
    static RetryPolicy none()
    {
        RetryPolicy policy;
        policy.maxAttempts = 1;
        return policy;
    }
};

} // namespace drove::client
