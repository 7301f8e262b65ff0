#include "api/wire_limits.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; naming them all in one binding makes a member
// added later a compile error here until it is filled.
CallerLimits FullLimits() {
  CallerLimits caller;
  auto& [user, uid, admin, limits, usage] = caller;
  user = "alice";
  uid = 1001;
  admin = true;
  auto& [max_gpus, max_gpus_per_container, allow_full_gpu, max_containers, memory_bytes, cpus,
         shm_size_bytes, pids_limit, gpu_hold_after_stop_seconds, container_hold_after_stop_seconds,
         idle_timeout_seconds, max_runtime_seconds, max_stop_time_seconds, log_size_bytes] = limits;
  max_gpus = 2.5;
  max_gpus_per_container = 1.5;
  allow_full_gpu = true;
  max_containers = 3;
  memory_bytes = 64ull << 30;
  cpus = 7.5;
  shm_size_bytes = 16ull << 30;
  pids_limit = 4096;
  gpu_hold_after_stop_seconds = 900;
  container_hold_after_stop_seconds = 86400;
  idle_timeout_seconds = 7200;
  max_runtime_seconds = 604800;
  max_stop_time_seconds = 300;
  log_size_bytes = 100ull << 20;
  auto& [gpus, containers, running] = usage;
  gpus = 3.0 / 7;
  containers = 2;
  running = 1;
  return caller;
}

TEST(WireLimits, EveryFieldSurvivesTheTrip) { EXPECT_EQ(RoundTrip(FullLimits()), FullLimits()); }

TEST(WireLimits, KeysAreTheDocumentedOnes) {
  const nlohmann::json json = FullLimits();
  EXPECT_EQ(Keys(json), (Strings{"admin", "limits", "uid", "usage", "user"}));
  EXPECT_EQ(Keys(json["limits"]),
            (Strings{"allow_full_gpu", "container_hold_after_stop_seconds", "cpus",
                     "gpu_hold_after_stop_seconds", "idle_timeout_seconds", "log_size_bytes",
                     "max_containers", "max_gpus", "max_gpus_per_container", "max_runtime_seconds",
                     "max_stop_time_seconds", "memory_bytes", "pids_limit", "shm_size_bytes"}));
  EXPECT_EQ(Keys(json["usage"]), (Strings{"containers", "gpus", "running"}));
}

}  // namespace
}  // namespace ds01::api
