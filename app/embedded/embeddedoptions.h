#pragma once

#include "app/common/embeddedconfigfile.h"

/// Everything drove-embedded is started with: the configuration file's values (shared with
/// drove-console, see drove::app::EmbeddedConfigFile) and then the command line, which wins.
struct EmbeddedOptions : drove::app::EmbeddedConfigFile
{
    bool inMemory = false;

    /// --seed-bench: applications and instances per application to create at start-up.
    int seedApps = 0;
    int seedInstancesPerApp = 0;

    /// Whether the address only reaches this machine.
    bool listensOnLoopbackOnly() const { return listenAddress.isLoopback(); }
};
