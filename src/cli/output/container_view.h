#pragma once

#include <sys/types.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "api/wire_container.h"
#include "cli/output/format.h"
#include "common/clock.h"

namespace ds01::cli {

/// A container's GPU slots, comma-separated, each after `prefix`: "0,3", or "GPU-0,GPU-3" with
/// prefix "GPU-"; empty without GPUs.
std::string SlotList(const api::Container& container, std::string_view prefix = {});

/// The GPU column of a container: its slot ids ("GPU-0", "GPU-0,GPU-3"), "-" without GPUs,
/// and "(held, 12m left)" while a stopped container's GPUs are held.
std::string GpuCell(const api::Container& container, Clock::TimePoint now);

/// A container's GPUs for a one-line report: "(GPU 2)", "(GPUs 0,3, simulated)",
/// "(GPU 1:0 3g.40gb)", "(no GPU)".
std::string GpuSummary(const api::Container& container);

/// What a stop left of the GPUs: "GPU 2 held for 15m" (a restart within that gets it back),
/// "GPU 2 held", or "no GPU held" when it was released or there was none.
std::string HoldSummary(const api::Container& container, Clock::TimePoint now);

/// The UPTIME column: the time since start for running and paused containers, "-" otherwise.
std::string UptimeCell(const api::Container& container, Clock::TimePoint now);

/// The owner's user name, or "uid N" when the daemon sent no name.
std::string OwnerName(const api::Container& container);

/// True when some container in `containers` is not owned by `viewer` (an admin's view).
bool ShowsOthers(const std::vector<api::Container>& containers, uid_t viewer);

/// Writes container-list's output for `containers`: the table NAME [OWNER] STATUS IMAGE GPU
/// UPTIME, the container objects as a JSON array, or one name a line.
void RenderContainers(std::ostream& out, const std::vector<api::Container>& containers,
                      OutputFormat format, Clock::TimePoint now, uid_t viewer);

}  // namespace ds01::cli
