#include "cli/output/stats_view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

api::StatsEntry Entry(const std::string& name, double cpu, std::uint64_t memory,
                      std::uint64_t limit) {
  return {name,        {1001, "alice"}, api::ContainerState::kRunning,
          cpu,         memory,          limit,
          3,           std::nullopt,    std::nullopt,
          std::nullopt};
}

api::StatsEntry Full() {
  api::StatsEntry entry = Entry("my-thesis", 125.04, 8ull << 30, 32ull << 30);
  entry.gpu_memory_bytes = 12ull << 30;
  entry.gpu_memory_total_bytes = 40ull << 30;
  entry.gpu_utilisation_percent = 85;
  return entry;
}

const api::StatsEntry kCpuOnly = Entry("cpu-box", 3.5, 512ull << 20, 0);

std::string Render(const std::vector<api::StatsEntry>& stats, OutputFormat format) {
  std::ostringstream out;
  RenderStats(out, stats, format);
  return out.str();
}

TEST(RenderStats, TableShowsUsageAndDashesWhereUnknown) {
  EXPECT_EQ(Render({Full(), kCpuOnly}, OutputFormat::kTable),
            "NAME        CPU %    MEM USAGE   MEM %   GPU MEM     GPU %\n"
            "my-thesis   125.0%   8GB/32GB    25.0%   12GB/40GB   85%\n"
            "cpu-box     3.5%     512MB       -       -           -\n");
}

TEST(FormatStats, SizesReadAsTheSeedWritesThem) {
  api::StatsEntry some = Full();
  some.memory_bytes = static_cast<std::uint64_t>(8.2 * (1ull << 30));
  EXPECT_EQ(FormatStats(some).memory, "8.2GB/32GB");
  some.gpu_memory_total_bytes.reset();
  EXPECT_EQ(FormatStats(some).gpu_memory, "12GB") << "no total: the usage alone";
}

TEST(RenderStats, JsonIsTheDaemonsEntries) {
  const std::vector<api::StatsEntry> stats{Full(), kCpuOnly};
  EXPECT_EQ(nlohmann::json::parse(Render(stats, OutputFormat::kJson)), nlohmann::json(stats));
}

TEST(RenderStats, SimpleGivesRawNumbersForScripts) {
  EXPECT_EQ(Render({kCpuOnly}, OutputFormat::kSimple), "cpu-box 3.5 536870912 0 - -\n");
  EXPECT_EQ(Render({Full()}, OutputFormat::kSimple),
            "my-thesis 125.04 8589934592 34359738368 12884901888 85\n");
}

TEST(FormatStats, GpuValuesTheDaemonLeftOutAreUnknown) {
  StatsCells cells = FormatStats(kCpuOnly);
  EXPECT_EQ(cells.gpu_memory, "-");
  EXPECT_EQ(cells.gpu_share, "-");
  EXPECT_EQ(cells.memory_share, "-") << "no limit: no share";
}

}  // namespace
}  // namespace ds01::cli
