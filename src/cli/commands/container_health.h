#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct ContainerHealthOptions {
  std::optional<std::string> name;
  std::optional<std::string> owner;              // --owner=USER (admins)
  bool wait = false;                             // --wait: until healthy or unhealthy
  std::optional<std::chrono::seconds> timeout;   // --timeout D: how long --wait waits
  std::optional<std::chrono::seconds> interval;  // --interval D: between looks; default 2s
  OutputFormat format = OutputFormat::kTable;
};

/// Declares container-health's flags and NAME on `args`, bound to `options`.
void DeclareContainerHealth(ArgSpec& args, ContainerHealthOptions& options);

/// Shows the verdict of the container's health probe: status, failing streak, last probes.
/// With --wait, looks again every interval until the verdict is in: exit 0 when healthy, 1
/// (with the last probe's output) when unhealthy, 124 when the timeout passes first. A
/// container without a probe says so, and --wait on it is refused.
Status RunContainerHealth(Session& session, const ContainerHealthOptions& options);

/// container-health's entry in the registry.
CommandSpec ContainerHealthCommand();

}  // namespace ds01::cli
