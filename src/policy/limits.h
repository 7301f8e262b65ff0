#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace ds01::policy {

/// The effective limits of one user, after precedence (user > most generous group >
/// defaults) has been applied. Durations of zero mean zero, never "forever".
struct Limits {
  double max_gpus = 1.0;  // GPU-equivalents across all the user's containers
  double max_gpus_per_container = 1.0;
  bool allow_full_gpu = true;
  int max_containers = 3;
  std::uint64_t memory_bytes = 64ull << 30;
  double cpus = 8.0;
  std::uint64_t shm_size_bytes = 16ull << 30;
  std::int64_t pids_limit = 4096;
  std::chrono::seconds gpu_hold_after_stop{15 * 60};
  std::chrono::seconds container_hold_after_stop{24 * 3600};
  std::chrono::seconds idle_timeout{2 * 3600};
  std::chrono::seconds max_runtime{7 * 86400};
  std::chrono::seconds max_stop_time{5 * 60};   // the longest grace a stop may ask for
  std::uint64_t log_size_bytes = 100ull << 20;  // a container's log, rotated beyond this
  bool admin = false;
};

/// What the host has: limits above it mean nothing (the engine refuses more CPUs than there
/// are, and takes a memory limit above RAM as none at all). Zero: not known.
struct HostCapacity {
  double cpus = 0;
  std::uint64_t memory_bytes = 0;
};

/// `limits` with cpus, memory and shm_size no larger than the host has.
Limits ClampToHost(Limits limits, const HostCapacity& host);

struct Config;
struct GroupPolicy;
struct Identity;

/// The config's groups that `identity` belongs to, in file order: a group matches when its
/// unix_group is one of the user's Unix groups or the user is in its members list.
std::vector<const GroupPolicy*> GroupsOf(const Config& config, const Identity& identity);

/// The limits of `identity`: each key comes from the user's own entry if it sets the key,
/// else from the most generous matching group that sets it (the larger number or duration,
/// true over false), else from the defaults. admin is true when any matching group is admin.
Limits EffectiveLimits(const Config& config, const Identity& identity);

}  // namespace ds01::policy
