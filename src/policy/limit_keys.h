#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "policy/limits.h"

namespace ds01::policy {

/// The smallest value a numeric limit key accepts.
enum class Bound { kNonNegative, kPositive };

/// Limit keys as a config section sets them: each unset key falls through to the next level
/// of precedence (user > groups > defaults).
struct LimitOverrides {
  std::optional<double> max_gpus;
  std::optional<double> max_gpus_per_container;
  std::optional<bool> allow_full_gpu;
  std::optional<int> max_containers;
  std::optional<std::uint64_t> memory_bytes;
  std::optional<double> cpus;
  std::optional<std::uint64_t> shm_size_bytes;
  std::optional<std::int64_t> pids_limit;
  std::optional<std::chrono::seconds> gpu_hold_after_stop;
  std::optional<std::chrono::seconds> container_hold_after_stop;
  std::optional<std::chrono::seconds> idle_timeout;
  std::optional<std::chrono::seconds> max_runtime;
  std::optional<std::chrono::seconds> max_stop_time;
  std::optional<std::uint64_t> log_size_bytes;
};

/// Calls visit(key, &LimitOverrides::field, &Limits::field, bound) for every limit key, in the
/// order the docs list them. The one list that parsing, precedence and docs agree on.
template <typename Visitor>
void ForEachLimitKey(Visitor&& visit) {
  visit("max_gpus", &LimitOverrides::max_gpus, &Limits::max_gpus, Bound::kNonNegative);
  visit("max_gpus_per_container", &LimitOverrides::max_gpus_per_container,
        &Limits::max_gpus_per_container, Bound::kNonNegative);
  visit("allow_full_gpu", &LimitOverrides::allow_full_gpu, &Limits::allow_full_gpu,
        Bound::kNonNegative);
  visit("max_containers", &LimitOverrides::max_containers, &Limits::max_containers,
        Bound::kNonNegative);
  visit("memory", &LimitOverrides::memory_bytes, &Limits::memory_bytes, Bound::kPositive);
  visit("cpus", &LimitOverrides::cpus, &Limits::cpus, Bound::kPositive);
  visit("shm_size", &LimitOverrides::shm_size_bytes, &Limits::shm_size_bytes, Bound::kPositive);
  visit("pids_limit", &LimitOverrides::pids_limit, &Limits::pids_limit, Bound::kPositive);
  visit("gpu_hold_after_stop", &LimitOverrides::gpu_hold_after_stop, &Limits::gpu_hold_after_stop,
        Bound::kNonNegative);
  visit("container_hold_after_stop", &LimitOverrides::container_hold_after_stop,
        &Limits::container_hold_after_stop, Bound::kNonNegative);
  visit("idle_timeout", &LimitOverrides::idle_timeout, &Limits::idle_timeout, Bound::kNonNegative);
  visit("max_runtime", &LimitOverrides::max_runtime, &Limits::max_runtime, Bound::kNonNegative);
  visit("max_stop_time", &LimitOverrides::max_stop_time, &Limits::max_stop_time,
        Bound::kNonNegative);
  visit("log_size", &LimitOverrides::log_size_bytes, &Limits::log_size_bytes, Bound::kPositive);
}

}  // namespace ds01::policy
