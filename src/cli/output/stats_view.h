#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "api/wire_stats.h"
#include "cli/output/format.h"

namespace ds01::cli {

/// The cells of one stats entry, "-" where the daemon does not know the value.
struct StatsCells {
  std::string name;
  std::string cpu;           // "125.0%"
  std::string memory;        // "8.2GiB / 32.0GiB"
  std::string memory_share;  // "25.6%"
  std::string gpu_memory;    // "12.0GiB"
  std::string gpu_share;     // "85%"
};

/// Formats one of the daemon's stats entries for the table.
StatsCells FormatStats(const api::StatsEntry& stats);

/// Writes container-stats' output for `stats` (the daemon's stats entries): the table
/// NAME CPU % MEM USAGE MEM % GPU MEM GPU %, the objects as JSON, or for scripts one line per
/// container with the raw numbers ("name cpu_percent memory_bytes memory_limit_bytes
/// gpu_memory_bytes gpu_utilisation_percent", "-" where unknown).
void RenderStats(std::ostream& out, const std::vector<api::StatsEntry>& stats, OutputFormat format);

}  // namespace ds01::cli
