#include "cli/output/container_view.h"

#include "cli/output/fields.h"
#include "cli/output/table.h"
#include "cli/output/time_format.h"
#include "common/rfc3339.h"

namespace ds01::cli {
namespace {

bool HasSimulatedGpus(const nlohmann::json& containers) {
  for (const auto& container : containers) {
    if (BoolField(container, "simulated_gpus") && !ArrayField(container, "gpus").empty()) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string GpuCell(const nlohmann::json& container, Clock::TimePoint now) {
  std::string slots;
  for (const auto& gpu : ArrayField(container, "gpus")) {
    if (!slots.empty()) slots += ",";
    slots += "GPU-" + TextField(gpu, "slot");  // seed 000's GPU column: "GPU-0"
  }
  if (slots.empty() || TextField(container, "gpu_state") == "none") return "-";
  if (TextField(container, "gpu_state") != "held") return slots;
  auto expires = ParseRfc3339(TextField(container, "hold_expires_at"));
  if (!expires) return slots + " (held)";
  return slots + " (held, " + FormatTimeLeft(now, *expires) + " left)";
}

std::string GpuSummary(const nlohmann::json& container) {
  const auto& gpus = ArrayField(container, "gpus");
  if (gpus.empty()) return "(no GPU)";
  std::string slots;
  for (const auto& gpu : gpus) {
    if (!slots.empty()) slots += ",";
    slots += TextField(gpu, "slot");
    std::string profile = TextField(gpu, "mig_profile");
    if (!profile.empty()) slots += " " + profile;
  }
  std::string summary = (gpus.size() == 1 ? "(GPU " : "(GPUs ") + slots;
  if (BoolField(container, "simulated_gpus")) summary += ", simulated";
  return summary + ")";
}

std::string HoldSummary(const nlohmann::json& container, Clock::TimePoint now) {
  const auto& gpus = ArrayField(container, "gpus");
  if (gpus.empty() || TextField(container, "gpu_state") == "none") return "no GPU held";
  std::string slots;
  for (const auto& gpu : gpus) {
    if (!slots.empty()) slots += ",";
    slots += TextField(gpu, "slot");
  }
  std::string summary = (gpus.size() == 1 ? "GPU " : "GPUs ") + slots + " held";
  auto expires = ParseRfc3339(TextField(container, "hold_expires_at"));
  if (expires) summary += " for " + FormatTimeLeft(now, *expires);
  return summary;
}

std::string UptimeCell(const nlohmann::json& container, Clock::TimePoint now) {
  std::string state = TextField(container, "state");
  if (state != "running" && state != "paused") return "-";
  auto started = ParseRfc3339(TextField(container, "started_at"));
  return started ? FormatSpan(*started, now) : "-";
}

std::string OwnerName(const nlohmann::json& container) {
  std::string user = TextField(ObjectField(container, "owner"), "user");
  if (!user.empty()) return user;
  auto uid = OwnerUid(container);
  return uid ? "uid " + std::to_string(*uid) : "-";
}

std::optional<uid_t> OwnerUid(const nlohmann::json& container) {
  auto uid = NumberField(ObjectField(container, "owner"), "uid");
  if (!uid || *uid < 0) return std::nullopt;
  return static_cast<uid_t>(*uid);
}

bool ShowsOthers(const nlohmann::json& containers, uid_t viewer) {
  for (const auto& container : containers) {
    auto uid = OwnerUid(container);
    if (uid && *uid != viewer) return true;
  }
  return false;
}

void RenderContainers(std::ostream& out, const nlohmann::json& containers, OutputFormat format,
                      Clock::TimePoint now, uid_t viewer) {
  switch (format) {
    case OutputFormat::kJson:
      out << (containers.is_array() ? containers : nlohmann::json::array()).dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const auto& container : containers) out << TextField(container, "name") << '\n';
      return;
    case OutputFormat::kTable:
      break;
  }
  const bool owners = ShowsOthers(containers, viewer);
  std::vector<std::string> headers{"NAME"};
  if (owners) headers.push_back("OWNER");
  headers.insert(headers.end(), {"STATUS", "IMAGE", "GPU", "UPTIME"});
  Table table(std::move(headers));
  for (const auto& container : containers) {
    std::vector<std::string> row{TextField(container, "name")};
    if (owners) row.push_back(OwnerName(container));
    row.insert(row.end(), {TextField(container, "state"), TextField(container, "image"),
                           GpuCell(container, now), UptimeCell(container, now)});
    table.AddRow(std::move(row));
  }
  table.Render(out);
  if (HasSimulatedGpus(containers)) {
    out << "GPUs are simulated: declared in the ds01d config, not detected.\n";
  }
}

}  // namespace ds01::cli
