#pragma once

#include <sys/types.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/container_info.h"
#include "docker/engine.h"

namespace ds01::e2e {

/// The Docker name ds01d gives a user's container (DESIGN.md §4): "<name>._.<uid>".
std::string DockerName(std::string_view name, uid_t uid);

/// The value of `key` in an inspect's Config.Env, if set.
std::optional<std::string> EnvValue(const docker::ContainerInspect& inspect, std::string_view key);

/// Splits a comma-separated list ("GPU-SIM-0001,GPU-SIM-0003"); empty text gives no items.
std::vector<std::string> SplitList(std::string_view text);

/// What the engine itself says about the containers ds01d manages, read as root — the ground
/// truth the tests compare the daemon's answers with.
class EngineView {
 public:
  explicit EngineView(docker::Engine& engine) : engine_(engine) {}

  /// Every container labelled ds01.managed=true whose ds01.uid is one of `uids`.
  Result<std::vector<docker::ContainerSummary>> ManagedOf(const std::set<uid_t>& uids);
  /// Every container labelled ds01.managed=true, whoever owns it.
  Result<std::vector<docker::ContainerSummary>> AllManaged();
  /// The inspect document of `name_or_id`.
  Result<docker::ContainerInspect> Inspect(std::string_view name_or_id);
  /// True when the engine has a container called `name_or_id`.
  Result<bool> Exists(std::string_view name_or_id);
  /// Force-removes every managed container of `uids`; nothing else is touched.
  Status RemoveManagedOf(const std::set<uid_t>& uids);

  docker::Engine& engine() { return engine_; }

 private:
  docker::Engine& engine_;
};

}  // namespace ds01::e2e
