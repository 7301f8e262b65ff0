#include "docker/stats.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

// Trimmed from docker 20.10 on cgroup v1.
constexpr std::string_view kStats = R"({"read":"2026-11-22T06:40:47.91513484Z",
  "pids_stats":{"current":3},
  "cpu_stats":{"cpu_usage":{"total_usage":93659466,"percpu_usage":[41846819,51812647]},
               "system_cpu_usage":2447250000000,"online_cpus":2},
  "precpu_stats":{"cpu_usage":{"total_usage":72081180},"system_cpu_usage":2445230000000,
                  "online_cpus":2},
  "memory_stats":{"usage":2031616,"stats":{"cache":1433600,"total_inactive_file":290816},
                  "limit":25276502016},
  "networks":{"eth0":{"rx_bytes":736,"tx_bytes":10},"eth1":{"rx_bytes":4,"tx_bytes":6}}})";

TEST(ParseContainerStats, ReadsCpuMemoryPidsAndNetwork) {
  Result<ContainerStats> stats = ParseContainerStats(kStats);
  ASSERT_TRUE(stats.ok()) << stats.error().ToString();
  EXPECT_EQ(stats->pids, 3u);
  EXPECT_EQ(stats->online_cpus, 2);
  EXPECT_EQ(stats->memory_limit_bytes, 25276502016u);
  EXPECT_EQ(stats->memory_used_bytes(), 2031616u - 290816u);
  EXPECT_EQ(stats->network_rx_bytes, 740u);
  EXPECT_EQ(stats->network_tx_bytes, 16u);
  // (93659466 - 72081180) / (2447250000000 - 2445230000000) * 2 * 100
  EXPECT_NEAR(stats->cpu_percent(), 2.1365, 0.001);
}

TEST(ParseContainerStats, FirstSampleHasNoCpuPercent) {
  Result<ContainerStats> stats = ParseContainerStats(
      R"({"cpu_stats":{"cpu_usage":{"total_usage":5},"system_cpu_usage":10,"online_cpus":1},
          "precpu_stats":{"cpu_usage":{"total_usage":0}}})");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->cpu_percent(), 0.0);
}

TEST(ParseContainerStats, CgroupV2InactiveFileCountsAsCache) {
  Result<ContainerStats> stats =
      ParseContainerStats(R"({"memory_stats":{"usage":1000,"stats":{"inactive_file":300}}})");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->memory_used_bytes(), 700u);
}

}  // namespace
}  // namespace ds01::docker
