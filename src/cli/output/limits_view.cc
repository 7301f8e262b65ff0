#include "cli/output/limits_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "api/wire_json.h"
#include "cli/output/container_view.h"
#include "cli/output/table.h"
#include "cli/output/time_format.h"
#include "common/units.h"

namespace ds01::cli {
namespace {

using State = api::ContainerState;

constexpr std::string_view kNone = "-";

// GPU-equivalents and CPUs for people: "2", "0.43", "1.5".
std::string Amount(double value) {
  std::string text = fmt::format("{:.2f}", value);
  while (text.ends_with('0')) text.pop_back();
  if (text.ends_with('.')) text.pop_back();
  return text;
}

std::string Seconds(std::int64_t seconds) { return FormatDuration(std::chrono::seconds(seconds)); }

// idle_timeout and max_runtime: zero switches the limit off.
std::string SecondsOrNone(std::int64_t seconds) { return seconds > 0 ? Seconds(seconds) : "none"; }

// The hold durations: zero means at once, not never.
std::string HoldAfterStop(std::int64_t seconds, std::string_view at_zero) {
  if (seconds > 0) return Seconds(seconds);
  return Seconds(0) + " (" + std::string(at_zero) + ")";
}

std::string PerContainer(const std::string& value) { return value + " per container"; }

const std::vector<api::ContainerGpu>& NoGpus() {
  static const std::vector<api::ContainerGpu> none;
  return none;
}

bool IsHeld(const api::Container& container) {
  return !container.gpus.empty() &&
         (container.gpu_state == "allocated" || container.gpu_state == "held");
}

// Whole seconds from `now` to `deadline`, rounded up, never below 0; "-" without a deadline.
std::string SecondsLeft(Clock::TimePoint now, const std::optional<Clock::TimePoint>& deadline) {
  if (!deadline) return std::string(kNone);
  auto left = std::chrono::ceil<std::chrono::seconds>(*deadline - now);
  return std::to_string(std::max<std::int64_t>(left.count(), 0));
}

std::string GpuHoldCell(const api::Container& container, Clock::TimePoint now) {
  if (!IsHeld(container)) return "released";
  if (container.gpu_state == "allocated") return "allocated";
  if (!container.hold_expires_at) return "held";
  return "held, " + FormatTimeLeft(now, *container.hold_expires_at) + " left";
}

void RenderJson(std::ostream& out, const api::CallerLimits& caller,
                const std::vector<api::Container>& holding, std::chrono::seconds container_hold) {
  nlohmann::json holds = nlohmann::json::array();
  for (const api::Container& container : holding) {
    holds.push_back(
        {{"name", container.name},
         {"state", container.state},
         {"gpu_state", container.gpu_state},
         {"gpus", IsHeld(container) ? container.gpus : NoGpus()},
         {"hold_expires_at", api::TimeJson(container.hold_expires_at)},
         {"container_hold_expires_at", api::TimeJson(RemovalTime(container, container_hold))}});
  }
  const nlohmann::json answer{
      {"limits", caller.limits}, {"usage", caller.usage}, {"holds", std::move(holds)}};
  out << answer.dump(2) << '\n';
}

void RenderSimple(std::ostream& out, const api::CallerLimits& caller,
                  const std::vector<api::Container>& holding, Clock::TimePoint now,
                  std::chrono::seconds container_hold) {
  out << "user " << caller.user << '\n'
      << "uid " << caller.uid << '\n'
      << "admin " << (caller.admin ? "true" : "false") << '\n';
  const nlohmann::json limits = caller.limits;
  const nlohmann::json usage = caller.usage;
  for (const auto& [key, value] : limits.items()) {
    out << key << ' ' << value.dump() << '\n';
  }
  for (const auto& [key, value] : usage.items()) {
    out << "usage_" << key << ' ' << value.dump() << '\n';
  }
  for (const api::Container& container : holding) {
    const std::string slots = IsHeld(container) ? SlotList(container) : "";
    out << "hold " << container.name << ' ' << api::ContainerStateName(container.state) << ' '
        << container.gpu_state << ' ' << (slots.empty() ? kNone : slots) << ' '
        << SecondsLeft(now, IsHeld(container) ? container.hold_expires_at : std::nullopt) << ' '
        << SecondsLeft(now, RemovalTime(container, container_hold)) << '\n';
  }
}

void RenderTable(std::ostream& out, const api::CallerLimits& caller,
                 const std::vector<api::Container>& holding, Clock::TimePoint now,
                 std::chrono::seconds container_hold) {
  const api::LimitValues& limits = caller.limits;
  const api::LimitUsage& usage = caller.usage;
  out << "Limits of " << caller.user << " (uid " << caller.uid << (caller.admin ? ", admin" : "")
      << ")\n";
  Table values({"", ""});
  values.AddRow({"max_gpus",
                 Amount(limits.max_gpus) + " GPU-equivalents (" + Amount(usage.gpus) + " in use)"});
  values.AddRow({"max_gpus_per_container", Amount(limits.max_gpus_per_container)});
  values.AddRow({"allow_full_gpu", limits.allow_full_gpu ? "yes" : "no (MIG instances only)"});
  values.AddRow({"max_containers", std::to_string(limits.max_containers) + " (" +
                                       std::to_string(usage.containers) + " in use, " +
                                       std::to_string(usage.running) + " running)"});
  values.AddRow({"memory", PerContainer(FormatSize(limits.memory_bytes))});
  values.AddRow({"cpus", PerContainer(Amount(limits.cpus))});
  values.AddRow({"shm_size", PerContainer(FormatSize(limits.shm_size_bytes))});
  values.AddRow({"pids_limit", PerContainer(std::to_string(limits.pids_limit))});
  values.AddRow({"gpu_hold_after_stop",
                 HoldAfterStop(limits.gpu_hold_after_stop_seconds, "GPUs freed at stop")});
  values.AddRow({"container_hold_after_stop",
                 HoldAfterStop(limits.container_hold_after_stop_seconds, "removed at stop")});
  values.AddRow({"idle_timeout", SecondsOrNone(limits.idle_timeout_seconds)});
  values.AddRow({"max_runtime", SecondsOrNone(limits.max_runtime_seconds)});
  values.AddRow({"max_stop_time", Seconds(limits.max_stop_time_seconds)});
  values.AddRow({"log_size", PerContainer(FormatSize(limits.log_size_bytes))});
  values.Render(out);
  out << '\n';
  if (holding.empty()) {
    out << "Nothing held: no container of yours holds a GPU or waits to be removed.\n";
    return;
  }
  Table holds({"CONTAINER", "STATE", "GPU", "GPU HOLD", "REMOVED IN"});
  for (const api::Container& container : holding) {
    const std::string slots = IsHeld(container) ? SlotList(container, "GPU-") : "";
    const auto removal = RemovalTime(container, container_hold);
    holds.AddRow({container.name, std::string(api::ContainerStateName(container.state)),
                  slots.empty() ? std::string(kNone) : slots, GpuHoldCell(container, now),
                  removal ? FormatTimeLeft(now, *removal) : std::string(kNone)});
  }
  holds.Render(out);
}

}  // namespace

std::vector<api::Container> HoldingContainers(const std::vector<api::Container>& containers,
                                              uid_t owner) {
  std::vector<api::Container> holding;
  for (const api::Container& container : containers) {
    if (container.owner.uid != owner) continue;
    if (IsHeld(container) || container.state == State::kStopped) holding.push_back(container);
  }
  return holding;
}

std::optional<Clock::TimePoint> RemovalTime(const api::Container& container,
                                            std::chrono::seconds container_hold) {
  if (container.state != State::kStopped || !container.stopped_at) return std::nullopt;
  return *container.stopped_at + container_hold;
}

void RenderLimits(std::ostream& out, const api::CallerLimits& caller,
                  const std::vector<api::Container>& containers, OutputFormat format,
                  Clock::TimePoint now) {
  const std::vector<api::Container> holding = HoldingContainers(containers, caller.uid);
  const std::chrono::seconds container_hold(caller.limits.container_hold_after_stop_seconds);
  switch (format) {
    case OutputFormat::kJson:
      RenderJson(out, caller, holding, container_hold);
      return;
    case OutputFormat::kSimple:
      RenderSimple(out, caller, holding, now, container_hold);
      return;
    case OutputFormat::kTable:
      RenderTable(out, caller, holding, now, container_hold);
      return;
  }
}

}  // namespace ds01::cli
