#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/error.h"
#include "docker/json_stream.h"

namespace ds01::docker {

/// One sample of GET /containers/{id}/stats (cgroup v1 or v2), with the previous CPU sample the
/// engine pairs it with.
struct ContainerStats {
  std::string read;  // RFC 3339 time of the sample
  std::uint64_t cpu_total_ns = 0;
  std::uint64_t precpu_total_ns = 0;
  std::uint64_t system_cpu_ns = 0;
  std::uint64_t presystem_cpu_ns = 0;
  int online_cpus = 0;
  std::uint64_t memory_usage_bytes = 0;
  std::uint64_t memory_cache_bytes = 0;  // page cache the kernel can drop
  std::uint64_t memory_limit_bytes = 0;
  std::uint64_t pids = 0;
  std::uint64_t network_rx_bytes = 0;  // summed over interfaces
  std::uint64_t network_tx_bytes = 0;
  nlohmann::json raw;

  /// CPU use over the last interval in percent of one CPU (200 = two CPUs busy), as docker
  /// stats computes it; 0 without a previous sample.
  double cpu_percent() const;
  /// Memory in use without the page cache, as docker stats shows it.
  std::uint64_t memory_used_bytes() const;
};

/// Parses one stats object.
Result<ContainerStats> ParseContainerStats(std::string_view body);

/// Stats samples as the engine sends them (about one a second); Cancel() ends a blocked Next.
using StatsStream = JsonStream<ContainerStats>;

}  // namespace ds01::docker
