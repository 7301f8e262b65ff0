#include "cli/output/container_view.h"

#include <algorithm>

#include "cli/output/table.h"
#include "cli/output/time_format.h"

namespace ds01::cli {
namespace {

using State = api::ContainerState;

bool HasSimulatedGpus(const std::vector<api::Container>& containers) {
  return std::any_of(containers.begin(), containers.end(), [](const api::Container& container) {
    return container.simulated_gpus && !container.gpus.empty();
  });
}

}  // namespace

std::string SlotList(const api::Container& container, std::string_view prefix) {
  std::string slots;
  for (const api::ContainerGpu& gpu : container.gpus) {
    if (!slots.empty()) slots += ",";
    slots += std::string(prefix) + gpu.slot;
  }
  return slots;
}

std::string GpuCell(const api::Container& container, Clock::TimePoint now) {
  std::string slots = SlotList(container, "GPU-");  // seed 000's GPU column: "GPU-0"
  if (slots.empty() || container.gpu_state == "none") return "-";
  if (container.gpu_state != "held") return slots;
  if (!container.hold_expires_at) return slots + " (held)";
  return slots + " (held, " + FormatTimeLeft(now, *container.hold_expires_at) + " left)";
}

std::string GpuSummary(const api::Container& container) {
  if (container.gpus.empty()) return "(no GPU)";
  std::string slots;
  for (const api::ContainerGpu& gpu : container.gpus) {
    if (!slots.empty()) slots += ",";
    slots += gpu.slot;
    if (!gpu.mig_profile.empty()) slots += " " + gpu.mig_profile;
  }
  std::string summary = (container.gpus.size() == 1 ? "(GPU " : "(GPUs ") + slots;
  if (container.simulated_gpus) summary += ", simulated";
  return summary + ")";
}

std::string HoldSummary(const api::Container& container, Clock::TimePoint now) {
  if (container.gpus.empty() || container.gpu_state == "none") return "no GPU held";
  std::string summary =
      (container.gpus.size() == 1 ? "GPU " : "GPUs ") + SlotList(container) + " held";
  if (container.hold_expires_at)
    summary += " for " + FormatTimeLeft(now, *container.hold_expires_at);
  return summary;
}

std::string UptimeCell(const api::Container& container, Clock::TimePoint now) {
  if (container.state != State::kRunning && container.state != State::kPaused) return "-";
  return container.started_at ? FormatSpan(*container.started_at, now) : "-";
}

std::string OwnerName(const api::Container& container) {
  if (!container.owner.user.empty()) return container.owner.user;
  return "uid " + std::to_string(container.owner.uid);
}

bool ShowsOthers(const std::vector<api::Container>& containers, uid_t viewer) {
  return std::any_of(
      containers.begin(), containers.end(),
      [viewer](const api::Container& container) { return container.owner.uid != viewer; });
}

void RenderContainers(std::ostream& out, const std::vector<api::Container>& containers,
                      OutputFormat format, Clock::TimePoint now, uid_t viewer) {
  switch (format) {
    case OutputFormat::kJson:
      out << nlohmann::json(containers).dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const api::Container& container : containers) out << container.name << '\n';
      return;
    case OutputFormat::kTable:
      break;
  }
  const bool owners = ShowsOthers(containers, viewer);
  std::vector<std::string> headers{"NAME"};
  if (owners) headers.emplace_back("OWNER");
  headers.insert(headers.end(), {"STATUS", "IMAGE", "GPU", "UPTIME"});
  Table table(std::move(headers));
  for (const api::Container& container : containers) {
    std::vector<std::string> row{container.name};
    if (owners) row.push_back(OwnerName(container));
    row.insert(row.end(), {std::string(api::ContainerStateName(container.state)), container.image,
                           GpuCell(container, now), UptimeCell(container, now)});
    table.AddRow(std::move(row));
  }
  table.Render(out);
  if (HasSimulatedGpus(containers)) {
    out << "GPUs are simulated: declared in the ds01d config, not detected.\n";
  }
}

}  // namespace ds01::cli
