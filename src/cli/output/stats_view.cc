#include "cli/output/stats_view.h"

#include <fmt/format.h>

#include "cli/output/fields.h"
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

}  // namespace

StatsCells FormatStats(const nlohmann::json& stats) {
  StatsCells cells;
  cells.name = TextField(stats, "name");
  cells.cpu = Percent(NumberField(stats, "cpu_percent"), 1);
  auto used = NumberField(stats, "memory_bytes");
  auto limit = NumberField(stats, "memory_limit_bytes");
  cells.memory = UsedOf(used, limit);
  cells.memory_share =
      used && limit && *limit > 0 ? Percent(*used / *limit * 100.0, 1) : std::string(kUnknown);
  cells.gpu_memory =
      UsedOf(NumberField(stats, "gpu_memory_bytes"), NumberField(stats, "gpu_memory_total_bytes"));
  cells.gpu_share = Percent(NumberField(stats, "gpu_utilisation_percent"), 0);
  return cells;
}

void RenderStats(std::ostream& out, const nlohmann::json& stats, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson:
      out << (stats.is_array() ? stats : nlohmann::json::array()).dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const auto& entry : stats) {
        out << TextField(entry, "name") << ' ' << Raw(NumberField(entry, "cpu_percent")) << ' '
            << Raw(NumberField(entry, "memory_bytes")) << ' '
            << Raw(NumberField(entry, "memory_limit_bytes")) << ' '
            << Raw(NumberField(entry, "gpu_memory_bytes")) << ' '
            << Raw(NumberField(entry, "gpu_utilisation_percent")) << '\n';
      }
      return;
    case OutputFormat::kTable:
      break;
  }
  Table table({"NAME", "CPU %", "MEM USAGE", "MEM %", "GPU MEM", "GPU %"});
  for (const auto& entry : stats) {
    StatsCells cells = FormatStats(entry);
    table.AddRow({cells.name, cells.cpu, cells.memory, cells.memory_share, cells.gpu_memory,
                  cells.gpu_share});
  }
  table.Render(out);
}

}  // namespace ds01::cli
