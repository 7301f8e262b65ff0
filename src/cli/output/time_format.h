#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace ds01::cli {

/// `time` as a wall-clock time in the local time zone ($TZ): "2024-01-01 13:00:00".
std::string FormatLocalTime(Clock::TimePoint time);

/// The time from `from` to `to` for people ("45s", "2h 15m", "3d 4h"); "0s" when `to` is earlier.
std::string FormatSpan(Clock::TimePoint from, Clock::TimePoint to);

/// The time left until `deadline`, rounded up to the whole minute past the first one, so a
/// 2-minute hold reads "2m left" right after it starts rather than "1m".
std::string FormatTimeLeft(Clock::TimePoint now, Clock::TimePoint deadline);

}  // namespace ds01::cli
