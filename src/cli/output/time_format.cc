#include "cli/output/time_format.h"

#include <ctime>

#include "common/units.h"

namespace ds01::cli {

std::string FormatLocalTime(Clock::TimePoint time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return std::string(text, length);
}

std::string FormatSpan(Clock::TimePoint from, Clock::TimePoint to) {
  if (to < from) return FormatDuration(std::chrono::seconds(0));
  return FormatDuration(std::chrono::duration_cast<std::chrono::seconds>(to - from));
}

std::string FormatTimeLeft(Clock::TimePoint now, Clock::TimePoint deadline) {
  auto left = std::chrono::ceil<std::chrono::seconds>(deadline - now);
  if (left > std::chrono::minutes(1)) left = std::chrono::ceil<std::chrono::minutes>(left);
  return FormatSpan(now, now + left);
}

}  // namespace ds01::cli
