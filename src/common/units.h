#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01 {

/// Parses "90s", "15m", "24h", "7d" (an integer and one unit). "0" alone means
/// zero — never "forever". A bare non-zero number is refused: the unit is required.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

/// Parses ParseDuration's parts written one after another and adds them up: "2h30m", "1d12h",
/// "90s"; "0" alone is zero. The sum is held to ParseDuration's bound.
Result<std::chrono::seconds> ParseDurationSum(std::string_view text);

/// Parses "512M", "64G", "1T", "4096" (bytes when no unit). Units are binary
/// (K = 1024) and may be followed by "B" or "iB" ("64GB", "64GiB").
Result<std::uint64_t> ParseSize(std::string_view text);

/// Formats a duration for people: "45s", "12m", "2h 15m", "3d 4h".
std::string FormatDuration(std::chrono::seconds d);

/// Formats a byte count for people: "512B", "8.2GiB".
std::string FormatSize(std::uint64_t bytes);

}  // namespace ds01
