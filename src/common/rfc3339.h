#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ds01 {

/// A time as RFC 3339 in UTC with milliseconds: "2024-01-01T00:00:00.000Z".
std::string FormatRfc3339(std::chrono::system_clock::time_point t);

/// Parses an RFC 3339 timestamp as ds01d writes them: "2024-05-01T12:00:00Z", with an optional
/// fraction of a second and a "Z" or "+HH:MM"/"-HH:MM" offset. Nothing for anything else.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

}  // namespace ds01
