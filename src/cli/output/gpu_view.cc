#include "cli/output/gpu_view.h"

#include "cli/output/table.h"
#include "common/units.h"

namespace ds01::cli {
namespace {

std::string Source(const api::GpuInventory& answer) {
  const std::string& source = answer.source;
  if (answer.simulated && source.empty()) return "simulated";
  if (answer.simulated && source.find("simulated") == std::string::npos) {
    return "simulated, " + source;
  }
  if (answer.simulated) return source;
  return source.empty() ? "detected" : source;
}

std::string Memory(const api::Gpu& gpu) {
  return gpu.memory_bytes > 0 ? FormatSize(gpu.memory_bytes) : "-";
}

}  // namespace

std::string HolderCell(const api::GpuSlot& slot) {
  if (slot.holder) {
    std::string cell = slot.holder->user;
    if (!slot.holder->container.empty()) cell += (cell.empty() ? "" : "/") + slot.holder->container;
    return cell + " (" + std::string(api::ContainerStateName(slot.holder->state)) + ")";
  }
  return slot.taken ? "taken" : "free";
}

void RenderGpus(std::ostream& out, const api::GpuInventory& answer, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson:
      out << nlohmann::json(answer).dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const api::Gpu& gpu : answer.gpus) {
        for (const api::GpuSlot& slot : gpu.slots) {
          std::string holder = HolderCell(slot);
          if (holder.find(' ') != std::string::npos) holder.resize(holder.find(' '));
          out << slot.slot << ' ' << slot.uuid << ' ' << holder << '\n';
        }
      }
      return;
    case OutputFormat::kTable:
      break;
  }
  const std::size_t count = answer.gpus.size();
  out << count << (count == 1 ? " GPU" : " GPUs") << " (" << Source(answer) << ")\n";
  if (answer.gpus.empty()) return;
  Table table({"GPU", "MODEL", "MEMORY", "SLOT", "PROFILE", "HOLDER"});
  for (const api::Gpu& gpu : answer.gpus) {
    std::string model = gpu.model;
    if (answer.simulated) model += " (simulated)";
    std::vector<std::string> first{std::to_string(gpu.index), model, Memory(gpu)};
    if (gpu.slots.empty()) table.AddRow(first);
    for (std::size_t i = 0; i < gpu.slots.size(); ++i) {
      const api::GpuSlot& slot = gpu.slots[i];
      std::vector<std::string> row = i == 0 ? first : std::vector<std::string>{"", "", ""};
      row.insert(row.end(), {slot.slot, slot.mig_profile.empty() ? "whole" : slot.mig_profile,
                             HolderCell(slot)});
      table.AddRow(std::move(row));
    }
  }
  table.Render(out);
}

}  // namespace ds01::cli
