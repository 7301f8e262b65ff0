#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/wire_container.h"

namespace ds01::api {

/// One run of a container's health probe.
struct HealthProbe {
  std::string start;  // RFC 3339, as the engine wrote it
  std::string end;
  int exit_code = 0;   // 0 healthy, 1 unhealthy, anything else a failed probe
  std::string output;  // the probe's output, as much as the engine keeps

  bool operator==(const HealthProbe&) const = default;
};

/// GET /v1/containers/{name}/health: the probe's verdict. status is "starting", "healthy",
/// "unhealthy", or "none" when the container has no probe or has not run one since it was
/// started; probes are the engine's last few, oldest first.
struct HealthReport {
  std::string name;
  ContainerState state = ContainerState::kCreated;
  bool probed = false;  // the container has a health probe (its own or its image's)
  std::string status;
  int failing_streak = 0;
  std::vector<HealthProbe> probes;

  bool operator==(const HealthReport&) const = default;
};

void to_json(nlohmann::json& json, const HealthProbe& probe);
void from_json(const nlohmann::json& json, HealthProbe& probe);
void to_json(nlohmann::json& json, const HealthReport& report);
void from_json(const nlohmann::json& json, HealthReport& report);

}  // namespace ds01::api
