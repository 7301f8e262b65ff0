#pragma once

#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct ContainerStatsOptions {
  std::optional<std::string> name;   // omitted: every running container of the caller
  std::optional<std::string> owner;  // --owner=USER (admins), with NAME
  bool watch = false;                // --watch: redraw every 2 s until Ctrl-C
  OutputFormat format = OutputFormat::kTable;
};

/// How often --watch redraws.
inline constexpr std::chrono::seconds kStatsInterval{2};

/// Declares container-stats' flags and NAME on `args`, bound to `options`.
void DeclareContainerStats(ArgSpec& args, ContainerStatsOptions& options);

/// Shows CPU, memory and GPU use of one container or all running ones; with --watch redraws
/// until the pacer says stop.
Status RunContainerStats(Session& session, const ContainerStatsOptions& options);

/// container-stats' entry in the registry.
CommandSpec ContainerStatsCommand();

}  // namespace ds01::cli
