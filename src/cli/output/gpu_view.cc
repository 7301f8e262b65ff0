#include "cli/output/gpu_view.h"

#include <cstdint>

#include "cli/output/fields.h"
#include "cli/output/table.h"
#include "common/units.h"

namespace ds01::cli {
namespace {

std::string Source(const nlohmann::json& answer) {
  std::string source = TextField(answer, "source");
  bool simulated = BoolField(answer, "simulated");
  if (simulated && source.empty()) return "simulated";
  if (simulated && source.find("simulated") == std::string::npos) return "simulated, " + source;
  if (simulated) return source;
  return source.empty() ? "detected" : source;
}

std::string Memory(const nlohmann::json& gpu) {
  auto bytes = NumberField(gpu, "memory_bytes");
  return bytes && *bytes > 0 ? FormatSize(static_cast<std::uint64_t>(*bytes)) : "-";
}

std::string Index(const nlohmann::json& gpu) {
  auto index = NumberField(gpu, "index");
  return index ? std::to_string(static_cast<long long>(*index)) : "?";
}

}  // namespace

std::string HolderCell(const nlohmann::json& slot) {
  const auto& holder = ObjectField(slot, "holder");
  if (!holder.empty()) {
    std::string cell = TextField(holder, "user");
    std::string container = TextField(holder, "container");
    if (!container.empty()) cell += (cell.empty() ? "" : "/") + container;
    std::string state = TextField(holder, "state");
    if (!state.empty()) cell += " (" + state + ")";
    return cell;
  }
  return BoolField(slot, "taken") ? "taken" : "free";
}

void RenderGpus(std::ostream& out, const nlohmann::json& answer, OutputFormat format) {
  const auto& gpus = ArrayField(answer, "gpus");
  switch (format) {
    case OutputFormat::kJson:
      out << answer.dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const auto& gpu : gpus) {
        for (const auto& slot : ArrayField(gpu, "slots")) {
          std::string holder = HolderCell(slot);
          if (holder.find(' ') != std::string::npos) holder.resize(holder.find(' '));
          out << TextField(slot, "slot") << ' ' << TextField(slot, "uuid") << ' ' << holder << '\n';
        }
      }
      return;
    case OutputFormat::kTable:
      break;
  }
  const bool simulated = BoolField(answer, "simulated");
  out << gpus.size() << (gpus.size() == 1 ? " GPU" : " GPUs") << " (" << Source(answer) << ")\n";
  if (gpus.empty()) return;
  Table table({"GPU", "MODEL", "MEMORY", "SLOT", "PROFILE", "HOLDER"});
  for (const auto& gpu : gpus) {
    std::string model = TextField(gpu, "model");
    if (simulated) model += " (simulated)";
    std::vector<std::string> first{Index(gpu), model, Memory(gpu)};
    const auto& slots = ArrayField(gpu, "slots");
    if (slots.empty()) table.AddRow(first);
    for (std::size_t i = 0; i < slots.size(); ++i) {
      std::vector<std::string> row = i == 0 ? first : std::vector<std::string>{"", "", ""};
      std::string profile = TextField(slots[i], "mig_profile");
      row.insert(row.end(), {TextField(slots[i], "slot"), profile.empty() ? "whole" : profile,
                             HolderCell(slots[i])});
      table.AddRow(std::move(row));
    }
  }
  table.Render(out);
}

}  // namespace ds01::cli
