#include "api/wire_stats.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; naming them all in one binding makes a member
// added later a compile error here until it is filled.
StatsList FullStats() {
  StatsEntry entry;
  auto& [name, owner, state, cpu_percent, memory_bytes, memory_limit_bytes, pids, gpu_memory_bytes,
         gpu_memory_total_bytes, gpu_utilisation_percent] = entry;
  name = "train";
  owner = {1001, "alice"};
  state = ContainerState::kPaused;
  cpu_percent = 125.5;
  memory_bytes = 8ull << 30;
  memory_limit_bytes = 32ull << 30;
  pids = 12;
  gpu_memory_bytes = 12ull << 30;
  gpu_memory_total_bytes = 40ull << 30;
  gpu_utilisation_percent = 85;
  StatsList list;
  auto& [stats] = list;
  stats = {entry, StatsEntry{}};
  return list;
}

TEST(WireStats, EveryFieldSurvivesTheTrip) { EXPECT_EQ(RoundTrip(FullStats()), FullStats()); }

TEST(WireStats, KeysAreTheDocumentedOnes) {
  const nlohmann::json json = FullStats();
  EXPECT_EQ(Keys(json), Strings{"stats"});
  EXPECT_EQ(Keys(json["stats"][0]),
            (Strings{"cpu_percent", "gpu_memory_bytes", "gpu_memory_total_bytes",
                     "gpu_utilisation_percent", "memory_bytes", "memory_limit_bytes", "name",
                     "owner", "pids", "state"}));
}

TEST(WireStats, GpuValuesNobodyKnowsAreLeftOut) {
  const nlohmann::json json = FullStats();
  EXPECT_EQ(Keys(json["stats"][1]), (Strings{"cpu_percent", "memory_bytes", "memory_limit_bytes",
                                             "name", "owner", "pids", "state"}));
}

}  // namespace
}  // namespace ds01::api
