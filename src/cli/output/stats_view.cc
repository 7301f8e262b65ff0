#include "cli/output/stats_view.h"

#include <fmt/format.h>

#include "cli/output/table.h"
#include "common/units.h"

namespace ds01::cli {
namespace {

constexpr std::string_view kUnknown = "-";

// Seed 000's "8.2GB/32GB": powers of 1024, one decimal at most, none when it is .0.
std::string Bytes(std::optional<double> value) {
  if (!value || *value < 0) return std::string(kUnknown);
  static constexpr std::string_view kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double scaled = *value;
  std::size_t unit = 0;
  while (scaled >= 1024.0 && unit + 1 < std::size(kUnits)) {
    scaled /= 1024.0;
    ++unit;
  }
  std::string number = fmt::format("{:.1f}", scaled);
  if (number.ends_with(".0")) number.resize(number.size() - 2);
  return number + std::string(kUnits[unit]);
}

// "used/total" where the total is known, else "used".
std::string UsedOf(std::optional<double> used, std::optional<double> total) {
  if (!used || !total || *total <= 0) return Bytes(used);
  return Bytes(used) + "/" + Bytes(total);
}

std::string Percent(std::optional<double> value, int decimals) {
  if (!value || *value < 0) return std::string(kUnknown);
  return fmt::format("{:.{}f}%", *value, decimals);
}

std::string Raw(std::optional<double> value) {
  if (!value) return std::string(kUnknown);
  return fmt::format("{}", *value);
}

// An optional count as the double the helpers above take.
template <typename T>
std::optional<double> AsDouble(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return static_cast<double>(*value);
}

}  // namespace

StatsCells FormatStats(const api::StatsEntry& stats) {
  const auto used = static_cast<double>(stats.memory_bytes);
  const auto limit = static_cast<double>(stats.memory_limit_bytes);
  StatsCells cells;
  cells.name = stats.name;
  cells.cpu = Percent(stats.cpu_percent, 1);
  cells.memory = UsedOf(used, limit);
  cells.memory_share = limit > 0 ? Percent(used / limit * 100.0, 1) : std::string(kUnknown);
  cells.gpu_memory =
      UsedOf(AsDouble(stats.gpu_memory_bytes), AsDouble(stats.gpu_memory_total_bytes));
  cells.gpu_share = Percent(AsDouble(stats.gpu_utilisation_percent), 0);
  return cells;
}

void RenderStats(std::ostream& out, const std::vector<api::StatsEntry>& stats,
                 OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson:
      out << nlohmann::json(stats).dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const api::StatsEntry& entry : stats) {
        out << entry.name << ' ' << Raw(entry.cpu_percent) << ' ' << entry.memory_bytes << ' '
            << entry.memory_limit_bytes << ' ' << Raw(AsDouble(entry.gpu_memory_bytes)) << ' '
            << Raw(AsDouble(entry.gpu_utilisation_percent)) << '\n';
      }
      return;
    case OutputFormat::kTable:
      break;
  }
  Table table({"NAME", "CPU %", "MEM USAGE", "MEM %", "GPU MEM", "GPU %"});
  for (const api::StatsEntry& entry : stats) {
    StatsCells cells = FormatStats(entry);
    table.AddRow({cells.name, cells.cpu, cells.memory, cells.memory_share, cells.gpu_memory,
                  cells.gpu_share});
  }
  table.Render(out);
}

}  // namespace ds01::cli
