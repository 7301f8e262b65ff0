#include "core/gpu_ask.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <set>

namespace ds01::core {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Error BadStoredAsk(std::string_view text) {
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("'{}' is not a stored GPU request", text),
                   "expected \"gpus:N\", \"mig:PROFILE\" or \"slots:ID,ID\"");
}

std::vector<std::string> SplitCommas(std::string_view text) {
  std::vector<std::string> parts;
  while (true) {
    const auto comma = text.find(',');
    parts.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) return parts;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

std::string EncodeGpuAsk(const GpuAsk& ask) {
  return std::visit(
      Overloaded{
          [](const WholeGpus& g) {
            return g.count == 0 ? std::string() : fmt::format("gpus:{}", g.count);
          },
          [](const MigInstance& m) { return "mig:" + m.profile; },
          [](const NamedSlots& n) { return fmt::format("slots:{}", fmt::join(n.ids, ",")); },
      },
      ask);
}

Result<GpuAsk> DecodeGpuAsk(std::string_view text) {
  if (text.empty()) return GpuAsk(WholeGpus{0});
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return BadStoredAsk(text);
  const std::string_view kind = text.substr(0, colon);
  const std::string_view value = text.substr(colon + 1);
  GpuAsk ask;
  if (kind == "gpus") {
    int count = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (ec != std::errc() || end != value.data() + value.size()) return BadStoredAsk(text);
    ask = WholeGpus{count};
  } else if (kind == "mig") {
    ask = MigInstance{std::string(value)};
  } else if (kind == "slots") {
    ask = NamedSlots{SplitCommas(value)};
  } else {
    return BadStoredAsk(text);
  }
  if (!ValidateGpuAsk(ask).ok()) return BadStoredAsk(text);
  return ask;
}

std::string DescribeGpuAsk(const GpuAsk& ask) {
  return std::visit(
      Overloaded{
          [](const WholeGpus& g) {
            if (g.count == 0) return std::string("no GPU");
            return fmt::format("{} GPU{}", g.count, g.count == 1 ? "" : "s");
          },
          [](const MigInstance& m) { return fmt::format("a {} MIG instance", m.profile); },
          [](const NamedSlots& n) {
            return fmt::format("GPU{} {}", n.ids.size() == 1 ? "" : "s", fmt::join(n.ids, ", "));
          },
      },
      ask);
}

Status ValidateGpuAsk(const GpuAsk& ask) {
  if (const auto* whole = std::get_if<WholeGpus>(&ask); whole != nullptr && whole->count < 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("A GPU count cannot be negative ({})", whole->count),
                     "ask for 0 or more GPUs, e.g. --gpu=1");
  }
  if (const auto* mig = std::get_if<MigInstance>(&ask); mig != nullptr && mig->profile.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "The MIG profile is empty",
                     "name one, e.g. --mig=3g.40gb");
  }
  if (const auto* named = std::get_if<NamedSlots>(&ask)) {
    std::set<std::string> seen;
    for (const std::string& id : named->ids) {
      if (id.empty() || !seen.insert(id).second) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("The GPU list '{}' names a slot twice or names an empty one",
                                     fmt::join(named->ids, ",")),
                         "list each slot once, e.g. --gpu-slots=0,7:3");
      }
    }
    if (named->ids.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "The GPU list is empty",
                       "name at least one slot, e.g. --gpu-slots=0");
    }
  }
  return Ok();
}

}  // namespace ds01::core
