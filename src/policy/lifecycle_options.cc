#include "policy/lifecycle_options.h"

#include <fmt/format.h>

#include <charconv>

namespace ds01::policy {
namespace {

using std::chrono::seconds;

constexpr int kMaxRetries = 1000;
constexpr int kMaxHealthRetries = 100;

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

Error BadRestart(std::string_view text) {
  return Invalid(fmt::format("'{}' is not a restart policy", text),
                 "use no, on-failure, on-failure:N (N from 1 to 1000) or unless-stopped");
}

Status AtLeastASecond(const std::optional<seconds>& value, std::string_view what) {
  if (!value || *value >= seconds(1)) return Ok();
  return Invalid(fmt::format("The health probe's {} must be at least 1s", what),
                 fmt::format("give the {} as e.g. 10s or 1m", what));
}

Status CheckHealth(const HealthOptions& health) {
  const bool tuned = !health.command.empty() || health.interval || health.timeout ||
                     health.start_period || health.retries;
  if (health.disabled && tuned) {
    return Invalid("A health probe was both turned off and set",
                   "drop --no-healthcheck, or drop the --health-* options");
  }
  if (health.command.find('\0') != std::string::npos) {
    return Invalid("The health command contains a NUL byte", "remove the NUL byte");
  }
  DS01_RETURN_IF_ERROR(AtLeastASecond(health.interval, "interval"));
  DS01_RETURN_IF_ERROR(AtLeastASecond(health.timeout, "timeout"));
  if (health.start_period && *health.start_period < seconds(0)) {
    return Invalid("The health probe's start period cannot be negative",
                   "give it as e.g. 30s, or 0s for none");
  }
  if (health.retries && (*health.retries < 0 || *health.retries > kMaxHealthRetries)) {
    return Invalid(
        fmt::format("The health probe's retries must be from 0 to {}", kMaxHealthRetries),
        "give the failures in a row that make it unhealthy, e.g. 3");
  }
  return Ok();
}

}  // namespace

Result<RestartPolicy> ParseRestartPolicy(std::string_view text) {
  const std::size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  if (name != "no" && name != "on-failure" && name != "unless-stopped" && name != "always") {
    return BadRestart(text);
  }
  RestartPolicy policy{std::string(name), 0};
  if (colon == std::string_view::npos) return policy;
  if (name != "on-failure") {
    return Invalid(fmt::format("Only on-failure takes a retry count, not {}", name),
                   fmt::format("write --restart={}", name));
  }
  const std::string_view count = text.substr(colon + 1);
  auto [end, error] =
      std::from_chars(count.data(), count.data() + count.size(), policy.max_retries);
  if (error != std::errc() || end != count.data() + count.size() || policy.max_retries < 1 ||
      policy.max_retries > kMaxRetries) {
    return BadRestart(text);
  }
  return policy;
}

Status CheckLifecycleOptions(const CreateRequest& request) {
  if (request.restart.name == "always") {
    return MakeError(ErrorCode::kPermissionDenied,
                     "Restart policy 'always' refused: the engine would start the container "
                     "again after every exit and every engine restart, so it would hold its "
                     "GPUs forever",
                     "use --restart=on-failure[:N] or --restart=unless-stopped (a stop then "
                     "stays a stop)");
  }
  if (request.auto_remove && !request.restart.name.empty() && request.restart.name != "no") {
    return Invalid(
        "--rm and a restart policy contradict each other: a container removed at its "
        "exit is never started again",
        "drop --restart, or drop --rm and keep the container");
  }
  return CheckHealth(request.health);
}

}  // namespace ds01::policy
