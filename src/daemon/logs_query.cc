#include "daemon/logs_query.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "common/point_in_time.h"
#include "common/rfc3339.h"
#include "daemon/router.h"

namespace ds01::daemon {
namespace {

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

// Every key of the query is one the route takes.
Status KnownKeys(std::string_view query) {
  const auto unknown = UnknownQueryKey(
      query, {"follow", "since", "until", "tail", "timestamps", "stdout", "stderr", "owner"});
  if (!unknown) return Ok();
  return Invalid(fmt::format("The logs take no '{}'", *unknown),
                 "use follow, since, until, tail, timestamps, stdout or stderr (docs/api.md)");
}

Result<bool> Flag(std::string_view query, std::string_view key, bool absent) {
  const auto value = QueryValue(query, key);
  if (!value) return absent;
  if (value->empty() || *value == "1" || *value == "true" || *value == "yes") return true;
  if (*value == "0" || *value == "false" || *value == "no") return false;
  return Invalid(fmt::format("{}: '{}' is not yes or no", key, *value), "send 1 or 0");
}

using Seconds = std::chrono::duration<double>;

Result<std::optional<Clock::TimePoint>> Time(std::string_view query, std::string_view key,
                                             Clock::TimePoint now) {
  const auto value = QueryValue(query, key);
  if (!value) return std::optional<Clock::TimePoint>();
  auto time = ParsePointInTime(*value, now);
  if (!time) {
    return Invalid(fmt::format("{}: '{}' is not a time", key, *value),
                   "give an RFC 3339 time (2026-12-04T10:00:00Z), Unix seconds (1796378400.5) "
                   "or a duration ago (90s, 10m, 2h30m)");
  }
  return time;
}

Result<std::optional<int>> Tail(std::string_view query) {
  const auto value = QueryValue(query, "tail");
  if (!value || *value == "all") return std::optional<int>();
  const bool digits = !value->empty() && value->size() <= 10 &&
                      value->find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoll(*value) > std::numeric_limits<int>::max()) {
    return Invalid(
        fmt::format("tail: '{}' is not a number of lines", *value),
        fmt::format("give a whole number from 0 to {}, or all", std::numeric_limits<int>::max()));
  }
  return std::optional<int>(std::stoi(*value));
}

// The whole seconds apart from the fraction, so that a fraction the user gave stays exact.
double UnixSeconds(Clock::TimePoint time) {
  const auto whole = std::chrono::floor<std::chrono::seconds>(time.time_since_epoch());
  return static_cast<double>(whole.count()) +
         std::chrono::duration_cast<Seconds>(time.time_since_epoch() - whole).count();
}

}  // namespace

Result<docker::LogsOptions> ReadLogsQuery(std::string_view query, Clock::TimePoint now) {
  DS01_RETURN_IF_ERROR(KnownKeys(query));
  docker::LogsOptions options;
  for (auto [key, target] :
       {std::pair{"follow", &options.follow}, std::pair{"timestamps", &options.timestamps},
        std::pair{"stdout", &options.stdout_stream}, std::pair{"stderr", &options.stderr_stream}}) {
    auto flag = Flag(query, key, *target);
    if (!flag.ok()) return std::move(flag).error();
    *target = *flag;
  }
  if (!options.stdout_stream && !options.stderr_stream) {
    return Invalid("Neither stdout nor stderr: there is nothing to show",
                   "ask for one of them, or for both by leaving both out");
  }
  auto since = Time(query, "since", now);
  if (!since.ok()) return std::move(since).error();
  auto until = Time(query, "until", now);
  if (!until.ok()) return std::move(until).error();
  if (*since && *until && **until < **since) {
    return Invalid(fmt::format("until ({}) is before since ({}): no line is in between",
                               FormatRfc3339(**until), FormatRfc3339(**since)),
                   "swap them, or drop one");
  }
  if (*since) options.since = UnixSeconds(**since);
  if (*until) options.until = UnixSeconds(**until);
  auto tail = Tail(query);
  if (!tail.ok()) return std::move(tail).error();
  options.tail = *tail;
  return options;
}

}  // namespace ds01::daemon
