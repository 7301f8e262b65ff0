#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/engine.h"
#include "docker/events.h"

namespace ds01::docker {

/// GET /version: what the engine is.
struct VersionInfo {
  std::string version;  // "20.10.24+dfsg1"
  std::string api_version;
  std::string min_api_version;
  std::string os;
  std::string arch;
  std::string kernel_version;
};

/// GET /info: the host as the engine sees it.
struct SystemInfo {
  std::string id;
  std::string name;
  std::string server_version;
  std::string operating_system;
  std::string kernel_version;
  std::string storage_driver;
  std::string cgroup_driver;
  std::string cgroup_version;
  std::string default_runtime;
  std::vector<std::string> runtimes;
  bool has_nvidia_runtime = false;  // an "nvidia" runtime is registered
  bool user_namespaces = false;     // userns-remap: root in a container is not root outside
  int containers = 0;
  int containers_running = 0;
  int images = 0;
  int cpus = 0;
  std::int64_t memory_bytes = 0;
};

/// Parses GET /version.
Result<VersionInfo> ParseVersionInfo(std::string_view body);
/// Parses GET /info.
Result<SystemInfo> ParseSystemInfo(std::string_view body);

/// The engine-wide endpoints: ping, version, info and the event stream.
class SystemApi {
 public:
  explicit SystemApi(Engine& engine) : engine_(engine) {}

  /// Ok when the engine answers GET /_ping with OK.
  Status Ping();
  /// The engine's version.
  Result<VersionInfo> Version();
  /// The engine's view of the host, including its runtimes.
  Result<SystemInfo> Info();
  /// Streams the events matching `query` until the engine ends it (until) or Cancel().
  Result<std::unique_ptr<EventStream>> Events(const EventQuery& query);

 private:
  Engine& engine_;
};

}  // namespace ds01::docker
