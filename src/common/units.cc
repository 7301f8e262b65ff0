#include "common/units.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>
#include <string_view>
#include <utility>

namespace ds01 {
namespace {

// Splits "15m" into 15 and "m". Fails when there are no leading digits or the number overflows.
bool SplitNumber(std::string_view text, std::uint64_t* number, std::string_view* unit) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, *number);
  if (ec != std::errc() || ptr == begin) return false;
  *unit = text.substr(static_cast<std::size_t>(ptr - begin));
  return true;
}

bool MultiplyChecked(std::uint64_t a, std::uint64_t b, std::uint64_t* out) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return false;
  *out = a * b;
  return true;
}

constexpr std::uint64_t kMaxSeconds = std::uint64_t{1} << 50;  // ~35 million years

Error InvalidDuration(std::string_view text, std::string why) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "invalid duration '" + std::string(text) + "': " + why,
                   "write a whole number with a unit: 90s, 15m, 24h, 7d, or 0");
}

}  // namespace

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  auto invalid = [&](std::string why) { return InvalidDuration(text, std::move(why)); };
  std::uint64_t number = 0;
  std::string_view unit;
  if (!SplitNumber(text, &number, &unit)) return invalid("expected a number");
  if (unit.empty()) {
    if (number == 0) return std::chrono::seconds(0);
    return invalid("missing unit");
  }
  constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
      {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}};
  std::uint64_t scale = 0;
  for (const auto& [name, seconds] : kUnits) {
    if (unit == name) scale = seconds;
  }
  if (scale == 0) return invalid("unknown unit '" + std::string(unit) + "'");
  std::uint64_t seconds = 0;
  if (!MultiplyChecked(number, scale, &seconds) || seconds > kMaxSeconds) {
    return invalid("too large");
  }
  return std::chrono::seconds(static_cast<std::int64_t>(seconds));
}

Result<std::chrono::seconds> ParseDurationSum(std::string_view text) {
  constexpr std::string_view kDigits = "0123456789";
  if (text == "0") return std::chrono::seconds(0);
  if (text.empty()) return InvalidDuration(text, "expected a number");
  std::chrono::seconds total{0};
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t unit = rest.find_first_not_of(kDigits);
    if (unit == std::string_view::npos) return InvalidDuration(text, "missing unit");
    const std::string_view part = rest.substr(0, rest.find_first_of(kDigits, unit));
    auto seconds = ParseDuration(part);
    if (!seconds.ok()) {
      return InvalidDuration(text, "'" + std::string(part) + "' is not a number and a unit");
    }
    total += *seconds;
    if (static_cast<std::uint64_t>(total.count()) > kMaxSeconds) {
      return InvalidDuration(text, "too large");
    }
    rest.remove_prefix(part.size());
  }
  return total;
}

Result<std::uint64_t> ParseSize(std::string_view text) {
  auto invalid = [&](std::string why) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "invalid size '" + std::string(text) + "': " + why,
                     "write a whole number with an optional unit: 4096, 512M, 64G, 1T");
  };
  std::uint64_t number = 0;
  std::string_view unit;
  if (!SplitNumber(text, &number, &unit)) return invalid("expected a number");
  std::uint64_t scale = 1;
  if (!unit.empty()) {
    const char prefix = static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0])));
    const std::string_view rest = unit.substr(1);
    // B alone, or K, M, G, T optionally followed by B or iB: powers of two either way.
    constexpr std::string_view kPrefixes = "BKMGT";
    const auto power = kPrefixes.find(prefix);
    const bool suffix_ok =
        prefix == 'B' ? rest.empty()
                      : rest.empty() || rest == "B" || rest == "b" || rest == "iB" || rest == "ib";
    if (power == std::string_view::npos || !suffix_ok) {
      return invalid("unknown unit '" + std::string(unit) + "'");
    }
    scale = std::uint64_t{1} << (10 * power);
  }
  std::uint64_t bytes = 0;
  if (!MultiplyChecked(number, scale, &bytes)) return invalid("too large");
  return bytes;
}

std::string FormatDuration(std::chrono::seconds d) {
  long long s = d.count();
  if (s < 0) s = 0;
  char buf[48];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm", s / 60);
  } else if (s < 86400) {
    std::snprintf(buf, sizeof buf, "%lldh %lldm", s / 3600, (s % 3600) / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldd %lldh", s / 86400, (s % 86400) / 3600);
  }
  return buf;
}

std::string FormatSize(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  char buf[32];
  if (unit == 0) {
    std::snprintf(buf, sizeof buf, "%lluB", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f%s", value, kUnits[unit]);
  }
  return buf;
}

}  // namespace ds01
