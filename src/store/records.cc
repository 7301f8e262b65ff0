#include "store/records.h"

#include <array>
#include <utility>

namespace ds01::store {
namespace {

constexpr std::array<std::pair<Outcome, std::string_view>, 4> kOutcomeNames = {{
    {Outcome::kOk, "ok"},
    {Outcome::kRefused, "refused"},
    {Outcome::kConflict, "conflict"},
    {Outcome::kFailed, "failed"},
}};

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum e) {
  for (const auto& [value, name] : names) {
    if (value == e) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& names,
                            std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint FromMillis(std::int64_t millis) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(millis)));
}

std::string_view OutcomeName(Outcome outcome) { return NameOf(kOutcomeNames, outcome); }

std::optional<Outcome> ParseOutcome(std::string_view name) { return ValueOf(kOutcomeNames, name); }

}  // namespace ds01::store
