#pragma once

#include <ostream>
#include <string>

#include "daemon/options.h"

namespace ds01::daemon {

/// `ds01d --check`: loads the config, reaches the engine, looks for its NVIDIA runtime, takes
/// the GPU inventory (NVML at `nvml_path`, else the config's declared GPUs) and checks the
/// state and socket directories. Prints one line per check to `out`; true when none failed.
bool RunChecks(const DaemonOptions& options, const std::string& nvml_path, std::ostream& out);

}  // namespace ds01::daemon
