#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/error.h"
#include "core/allocator.h"
#include "core/container_service.h"
#include "core/docker_container_engine.h"
#include "core/reconciler.h"
#include "daemon/api.h"
#include "daemon/background_jobs.h"
#include "daemon/caller.h"
#include "daemon/change_feed.h"
#include "daemon/event_follower.h"
#include "daemon/options.h"
#include "docker/engine.h"
#include "gpu/inventory.h"
#include "gpu/sampler.h"
#include "http/server.h"
#include "policy/config_holder.h"
#include "policy/identity.h"
#include "policy/limits_cache.h"
#include "policy/validation.h"
#include "store/store.h"

namespace ds01::daemon {

/// ds01d itself: everything start-up wires together (config, database, engine, GPU inventory,
/// the container service, the API on the socket, the engine calls, the event follower and the
/// background jobs) and tears down in reverse.
class Daemon {
 public:
  /// Starts ds01d: loads and validates the config, opens and migrates the database, connects
  /// to the engine, takes the GPU inventory (NVML at `nvml_path`, else the declared GPUs),
  /// reconciles, follows the engine's events and serves the API. Any failure is returned
  /// with what to do about it.
  static Result<std::unique_ptr<Daemon>> Start(const DaemonOptions& options,
                                               const std::string& nvml_path);
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  /// Shuts down, as Shutdown does.
  ~Daemon();

  /// Reloads the config file; on any error keeps the one in force and logs why.
  void Reload();
  /// Stops accepting, lets requests in progress finish, stops the background loops and closes
  /// the database. Idempotent.
  void Shutdown();

 private:
  explicit Daemon(DaemonOptions options, policy::Config config);
  Status Init(const std::string& nvml_path);
  policy::Limits LimitsOf(uid_t uid) const;

  const DaemonOptions options_;
  policy::ConfigHolder config_;
  policy::SystemUserDirectory users_;
  SystemClock clock_;
  // Clamped to the engine's host; built once the engine has told what the host has.
  std::unique_ptr<policy::LimitsCache> limits_cache_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<docker::Engine> engine_;
  gpu::LoadedInventory gpus_;
  std::unique_ptr<gpu::GpuSampler> sampler_;
  std::unique_ptr<core::DockerContainerEngine> containers_;
  std::unique_ptr<core::AccountWriter> accounts_;
  std::unique_ptr<core::ImageBuilder> builder_;
  std::unique_ptr<policy::RequestValidator> validator_;
  std::unique_ptr<core::BindStager> stager_;
  std::unique_ptr<core::Allocator> allocator_;
  std::unique_ptr<core::Reconciler> reconciler_;
  std::unique_ptr<core::ContainerService> service_;
  std::unique_ptr<Authoriser> authoriser_;
  std::unique_ptr<ChangeFeed> feed_;
  std::unique_ptr<EngineCalls> engine_calls_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<BackgroundJobs> jobs_;
  std::unique_ptr<EventFollower> follower_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace ds01::daemon
