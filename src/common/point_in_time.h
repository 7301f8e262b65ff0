#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace ds01 {

/// A moment as a user writes one on a command line (`--since`, `--until`): an RFC 3339 time
/// ("2026-12-04T10:00:00Z"), Unix seconds with an optional fraction ("1796378400.25"), or a
/// duration that long before `now` ("45s", "10m", "2h30m", "1d"). Nothing for anything else
/// or for a time past the year 2199; a time before 1970 reads as 1970, all there is.
std::optional<std::chrono::system_clock::time_point> ParsePointInTime(
    std::string_view text, std::chrono::system_clock::time_point now);

}  // namespace ds01
