#pragma once

#include <string_view>

#include "common/clock.h"
#include "common/error.h"
#include "docker/logs.h"

namespace ds01::daemon {

/// GET /v1/containers/{name}/logs's query read and judged (docs/api.md, "Logs"): `follow`,
/// `timestamps`, `stdout` and `stderr` are flags (1/0, true/false, yes/no, or no value for
/// yes); `since` and `until` are RFC 3339 times, Unix seconds (a fraction allowed) or a
/// duration before `now`; `tail` is a number of lines or "all". `owner` is the router's. Any
/// other key, a value that is none of these, an `until` before `since`, or neither stream is
/// kInvalidArgument, so that a request from curl is judged as the CLI's is.
Result<docker::LogsOptions> ReadLogsQuery(std::string_view query, Clock::TimePoint now);

}  // namespace ds01::daemon
