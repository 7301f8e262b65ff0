#include "cli/output/prune_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/output/time_format.h"
#include "common/units.h"

namespace ds01::cli {
namespace {

std::string Size(std::int64_t bytes) {
  return FormatSize(static_cast<std::uint64_t>(std::max<std::int64_t>(bytes, 0)));
}

std::string Count(std::size_t count, PruneKind kind) {
  const char* noun = kind == PruneKind::kContainers ? "container" : "image";
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// "train", "alice/train" for another user's; "image 3f2a1b0c9d8e".
std::string Named(std::string_view name, const api::Owner& owner, PruneKind kind, uid_t viewer) {
  if (kind == PruneKind::kImages) return fmt::format("image {}", name);
  if (owner.uid == viewer) return std::string(name);
  return fmt::format("{}/{}", owner.user, name);
}

std::string Details(const api::Pruned& pruned, PruneKind kind, Clock::TimePoint now, uid_t viewer) {
  const std::string ago = FormatSpan(pruned.since, now);
  if (kind == PruneKind::kContainers) {
    return fmt::format("{}, not run for {}", Size(pruned.size_bytes), ago);
  }
  const std::string whose = pruned.owner.uid == viewer ? "" : pruned.owner.user + "'s ";
  return fmt::format("{}, {}old build of {} from {} ago", Size(pruned.size_bytes), whose,
                     pruned.project, ago);
}

}  // namespace

void RenderPruneReport(std::ostream& out, const api::PruneReport& report, PruneKind kind,
                       OutputFormat format, Clock::TimePoint now, uid_t viewer) {
  switch (format) {
    case OutputFormat::kJson:
      out << nlohmann::json(report).dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const api::Pruned& pruned : report.removed) {
        out << (kind == PruneKind::kImages ? pruned.id
                                           : Named(pruned.name, pruned.owner, kind, viewer))
            << '\n';
      }
      return;
    case OutputFormat::kTable:
      break;
  }
  const char* removed = report.dry_run ? "Would remove" : "Removed";
  for (const api::Pruned& pruned : report.removed) {
    out << removed << ' ' << Named(pruned.name, pruned.owner, kind, viewer) << " ("
        << Details(pruned, kind, now, viewer) << ")\n";
  }
  for (const api::PruneSkipped& skipped : report.skipped) {
    out << "Skipped " << Named(skipped.name, skipped.owner, kind, viewer) << ": " << skipped.reason
        << '\n';
  }
  const std::string total = Size(report.space_reclaimed_bytes);
  const std::string count = Count(report.removed.size(), kind);
  if (report.dry_run) {
    out << "Would reclaim " << total << " from " << count << " (a dry run: nothing was removed)\n";
  } else {
    out << "Reclaimed " << total << " from " << count << '\n';
  }
}

}  // namespace ds01::cli
