#include "cli/output/stats_view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

using nlohmann::json;

const json kFull{{"name", "my-thesis"},
                 {"cpu_percent", 125.04},
                 {"memory_bytes", 8ull << 30},
                 {"memory_limit_bytes", 32ull << 30},
                 {"gpu_memory_bytes", 12ull << 30},
                 {"gpu_memory_total_bytes", 40ull << 30},
                 {"gpu_utilisation_percent", 85}};
const json kCpuOnly{{"name", "cpu-box"},
                    {"cpu_percent", 3.5},
                    {"memory_bytes", 512ull << 20},
                    {"memory_limit_bytes", 0}};

std::string Render(const json& stats, OutputFormat format) {
  std::ostringstream out;
  RenderStats(out, stats, format);
  return out.str();
}

TEST(RenderStats, TableShowsUsageAndDashesWhereUnknown) {
  EXPECT_EQ(Render(json::array({kFull, kCpuOnly}), OutputFormat::kTable),
            "NAME        CPU %    MEM USAGE   MEM %   GPU MEM     GPU %\n"
            "my-thesis   125.0%   8GB/32GB    25.0%   12GB/40GB   85%\n"
            "cpu-box     3.5%     512MB       -       -           -\n");
}

TEST(FormatStats, SizesReadAsTheSeedWritesThem) {
  json some = kFull;
  some["memory_bytes"] = 8.2 * (1ull << 30);
  some["memory_limit_bytes"] = 32ull << 30;
  EXPECT_EQ(FormatStats(some).memory, "8.2GB/32GB");
  some["gpu_memory_total_bytes"] = nullptr;
  EXPECT_EQ(FormatStats(some).gpu_memory, "12GB") << "no total: the usage alone";
}

TEST(RenderStats, JsonIsTheDaemonsObjects) {
  json stats = json::array({kFull, kCpuOnly});
  EXPECT_EQ(json::parse(Render(stats, OutputFormat::kJson)), stats);
}

TEST(RenderStats, SimpleGivesRawNumbersForScripts) {
  EXPECT_EQ(Render(json::array({kCpuOnly}), OutputFormat::kSimple),
            "cpu-box 3.5 536870912 0 - -\n");
}

TEST(FormatStats, NullValuesAreUnknown) {
  json nulls{{"name", "x"}, {"cpu_percent", nullptr}, {"memory_bytes", nullptr}};
  StatsCells cells = FormatStats(nulls);
  EXPECT_EQ(cells.cpu, "-");
  EXPECT_EQ(cells.memory, "-");
  EXPECT_EQ(cells.memory_share, "-");
}

}  // namespace
}  // namespace ds01::cli
