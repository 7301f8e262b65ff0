#include "common/point_in_time.h"

#include <algorithm>

#include "common/rfc3339.h"
#include "common/units.h"

namespace ds01 {
namespace {

using std::chrono::nanoseconds;
using std::chrono::seconds;
using TimePoint = std::chrono::system_clock::time_point;

constexpr std::string_view kDigits = "0123456789";
// 2199-12-31T23:59:59Z: the clock counts nanoseconds in 64 bits, which end in 2262.
constexpr std::int64_t kLastSecond = 7'258'118'399;
constexpr int kFirstYearRefused = 2200;

// "1796378400" or "1796378400.25".
std::optional<TimePoint> UnixSeconds(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.find_first_not_of(kDigits) != std::string_view::npos ||
      (dot != std::string_view::npos &&
       (fraction.empty() || fraction.find_first_not_of(kDigits) != std::string_view::npos))) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (char digit : whole) {
    value = value * 10 + (digit - '0');
    if (value > kLastSecond) return std::nullopt;
  }
  std::int64_t nanos = 0;
  std::int64_t scale = 100'000'000;
  for (char digit : fraction.substr(0, 9)) {
    nanos += (digit - '0') * scale;
    scale /= 10;
  }
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(seconds(value) + nanoseconds(nanos)));
}

}  // namespace

std::optional<TimePoint> ParsePointInTime(std::string_view text, TimePoint now) {
  std::optional<TimePoint> time = UnixSeconds(text);
  // The year is checked before ParseRfc3339 converts it: 2263 would wrap the clock around.
  const bool late_year = text.size() > 4 && text[4] == '-' &&
                         text.substr(0, 4).find_first_not_of(kDigits) == std::string_view::npos &&
                         std::stoi(std::string(text.substr(0, 4))) >= kFirstYearRefused;
  if (!time && !late_year) time = ParseRfc3339(text);
  if (!time && !late_year) {
    const Result<seconds> ago = ParseDurationSum(text);
    if (!ago.ok()) return std::nullopt;
    // Subtracted in seconds first: a century ago must not wrap the nanoseconds around.
    const seconds since_epoch = std::chrono::floor<seconds>(now.time_since_epoch());
    time = *ago >= since_epoch ? TimePoint() : now - *ago;
  }
  if (!time || *time > TimePoint(seconds(kLastSecond + 1))) return std::nullopt;
  return std::max(*time, TimePoint());
}

}  // namespace ds01
