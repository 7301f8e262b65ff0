#include "daemon/daemon.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>

#include "daemon/state_directory.h"
#include "docker/system.h"
#include "policy/config.h"
#include "policy/limits.h"

namespace ds01::daemon {
namespace {

constexpr std::size_t kWorkers = 8;

// The engine's socket path when it is reached over a unix socket ("" otherwise): containers
// may never mount it.
std::string EngineSocketPath(const std::string& address) {
  constexpr std::string_view kUnix = "unix://";
  if (address.rfind(kUnix, 0) != 0) return {};
  return address.substr(kUnix.size());
}

Status MakeDirectory(const std::filesystem::path& dir, std::filesystem::perms mode) {
  std::error_code error;
  if (std::filesystem::is_directory(dir, error)) return Ok();
  std::filesystem::create_directories(dir, error);
  if (!error) std::filesystem::permissions(dir, mode, error);
  if (error) {
    return MakeError(
        ErrorCode::kUnavailable,
        fmt::format("Cannot create the directory {}: {}", dir.string(), error.message()),
        "run ds01d as root, or choose another directory");
  }
  return Ok();
}

core::GpuExposure ExposureFor(const gpu::Inventory& inventory, bool has_nvidia_runtime) {
  if (inventory.simulated || inventory.slots.empty()) return core::GpuExposure::kEnvironment;
  if (has_nvidia_runtime) return core::GpuExposure::kDeviceRequests;
  spdlog::warn(
      "this host has GPUs but the engine has no NVIDIA runtime: GPU requests will be "
      "refused until the NVIDIA container toolkit is installed and dockerd restarted");
  return core::GpuExposure::kUnavailable;
}

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::Start(const DaemonOptions& options,
                                              const std::string& nvml_path) {
  auto config = policy::LoadConfig(options.config_path);
  if (!config.ok()) return config.error();
  std::unique_ptr<Daemon> daemon(new Daemon(options, std::move(*config)));
  DS01_RETURN_IF_ERROR(daemon->Init(nvml_path));
  return daemon;
}

Daemon::Daemon(DaemonOptions options, policy::Config config)
    : options_(std::move(options)), config_(std::move(config)) {}

Daemon::~Daemon() { Shutdown(); }

Status Daemon::Init(const std::string& nvml_path) {
  const std::filesystem::path state_dir = options_.state_dir;
  DS01_RETURN_IF_ERROR(MakeStateDirectory(state_dir));
  auto store = store::Store::Open(state_dir / "ds01.db");
  if (!store.ok()) return store.error();
  store_ = std::move(*store);
  spdlog::info("state: {} (schema {})", store_->path().string(), store_->schema_version());

  auto engine = docker::Engine::Connect(options_.docker_host);
  if (!engine.ok()) return engine.error();
  engine_ = std::move(*engine);
  auto info = docker::SystemApi(*engine_).Info();
  if (!info.ok()) return info.error();
  spdlog::info("engine: {} (Docker {}, API {})", engine_->address(), info->server_version,
               engine_->api_version());
  limits_cache_ = std::make_unique<policy::LimitsCache>(
      users_, config_,
      policy::HostCapacity{
          static_cast<double>(info->cpus),
          static_cast<std::uint64_t>(std::max<std::int64_t>(info->memory_bytes, 0))},
      clock_);

  auto gpus = gpu::LoadInventory(nvml_path, config_.Snapshot()->gpus);
  if (!gpus.ok()) return gpus.error();
  gpus_ = std::move(*gpus);
  const gpu::Inventory& inventory = gpus_.inventory;
  spdlog::info("GPUs: {}, {} slot(s){}", inventory.source, inventory.slots.size(),
               inventory.slots.empty() ? ": " + inventory.reason : "");
  for (const std::string& note : inventory.notes) spdlog::info("GPUs: {}", note);
  sampler_ = std::make_unique<gpu::GpuSampler>(gpus_);

  const core::LimitsFor limits = [this](uid_t uid) { return LimitsOf(uid); };
  containers_ = std::make_unique<core::DockerContainerEngine>(*engine_);
  accounts_ = std::make_unique<core::AccountWriter>(*containers_);
  builder_ = std::make_unique<core::ImageBuilder>(*containers_, limits);
  validator_ = std::make_unique<policy::RequestValidator>(
      policy::ProtectedSockets{EngineSocketPath(engine_->address()), options_.socket_path});
  // Inside the root-only state directory, and never in a private /tmp: the engine must see
  // the staged mounts at the same path.
  stager_ = std::make_unique<core::BindStager>(state_dir / "mounts", users_);
  allocator_ = std::make_unique<core::Allocator>(*store_, inventory.slots, limits, clock_);
  // Every creation runs under the service's own locks, which a reconcile waits out: a
  // reservation without a container is never in flight then.
  reconciler_ = std::make_unique<core::Reconciler>(
      *store_, inventory.slots, limits, clock_, core::ReconcilerOptions{std::chrono::seconds(0)});
  service_ = std::make_unique<core::ContainerService>(
      *store_, *allocator_, *reconciler_, *containers_, *stager_, config_, *validator_, limits,
      clock_,
      core::ContainerServiceOptions{ExposureFor(inventory, info->has_nvidia_runtime), [this] {
                                      if (jobs_) jobs_->StateChanged();
                                    }});
  authoriser_ = std::make_unique<Authoriser>(users_, config_);
  feed_ = std::make_unique<ChangeFeed>(*store_);
  DS01_RETURN_IF_ERROR(feed_->Start());
  store_->OnCommit([feed = feed_.get()] { feed->Notify(); });
  engine_calls_ = std::make_unique<EngineCalls>(EngineCalls::Limits{});
  api_ = std::make_unique<Api>(ApiDeps{*service_, *store_, *containers_, *containers_, *accounts_,
                                       *containers_, *builder_, *authoriser_, config_, limits,
                                       inventory, clock_, *engine_calls_, sampler_.get(),
                                       feed_.get()});

  const auto since = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() -
                     1;
  // A docker create sent by a ds01d that died may land after this reconcile; the follower,
  // reading events from before it, sees the create and adopts the container then.
  auto report = service_->Reconcile();
  if (!report.ok()) return report.error();
  LogReconcile(*report);

  const std::filesystem::path socket_dir =
      std::filesystem::path(options_.socket_path).parent_path();
  DS01_RETURN_IF_ERROR(MakeDirectory(
      socket_dir, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                      std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                      std::filesystem::perms::others_exec));
  http::ServerOptions server_options;
  server_options.socket_path = options_.socket_path;
  server_options.socket_mode = 0666;  // world-connectable: identity comes from SO_PEERCRED
  server_options.workers = kWorkers;
  server_options.limits.body_limit = [this](std::string_view method, std::string_view target) {
    return api_->BodyLimit(method, target);
  };
  auto server = http::Server::Listen(server_options,
                                     [this](http::Exchange& exchange) { api_->Handle(exchange); });
  if (!server.ok()) return server.error();
  server_ = std::move(*server);

  jobs_ = std::make_unique<BackgroundJobs>(*service_, clock_);
  // A write the database refused may have followed an engine change it was to record.
  store_->OnStorageFault([jobs = jobs_.get()] { jobs->RecordsMayBeWrong(); });
  jobs_->Start();
  follower_ = std::make_unique<EventFollower>(
      *engine_, [jobs = jobs_.get()](docker::Event event) { jobs->EngineEvent(std::move(event)); },
      [jobs = jobs_.get()] { jobs->RecordsMayBeWrong(); });
  follower_->Start(since);
  DS01_RETURN_IF_ERROR(server_->Start());
  spdlog::info("serving on {}", options_.socket_path);
  return Ok();
}

void Daemon::Reload() {
  Status reloaded = config_.Reload(options_.config_path);
  if (!reloaded.ok()) {
    spdlog::error("config reload failed, keeping the last good config: {}",
                  reloaded.error().ToString());
    return;
  }
  spdlog::info("config reloaded from {}", options_.config_path);
  if (jobs_) jobs_->StateChanged();  // hold lengths may have changed
}

void Daemon::Shutdown() {
  if (server_) server_->Stop();
  if (engine_calls_) engine_calls_->Stop();  // their answers go through the server
  if (follower_) follower_->Stop();
  if (jobs_) jobs_->Stop();
  server_.reset();
  follower_.reset();
  if (store_) store_->OnStorageFault(nullptr);
  jobs_.reset();
  if (store_) store_->OnCommit(nullptr);
  feed_.reset();
  if (store_) spdlog::info("shut down");
  api_.reset();
  service_.reset();
  store_.reset();
}

policy::Limits Daemon::LimitsOf(uid_t uid) const { return limits_cache_->Of(uid); }

}  // namespace ds01::daemon
