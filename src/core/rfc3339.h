#pragma once

#include <chrono>
#include <string>

namespace ds01::core {

/// A time as RFC 3339 in UTC with milliseconds: "2024-01-01T00:00:00.000Z".
std::string FormatRfc3339(std::chrono::system_clock::time_point t);

}  // namespace ds01::core
