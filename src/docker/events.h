#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/json_stream.h"

namespace ds01::docker {

/// One entry of the engine's event stream ("container" "die", "image" "delete", …).
struct Event {
  std::string type;    // "container", "image", "network", "volume", …
  std::string action;  // "start", "die", "health_status: healthy", …
  std::string actor_id;
  std::map<std::string, std::string> attributes;  // labels, "name", "exitCode", …
  std::int64_t time_nano = 0;
};

/// Which events to stream: a time window (Unix seconds) and the engine's filters
/// ({"type":["container"],"label":["ds01.managed=true"],"event":["start","die"]}).
struct EventQuery {
  std::optional<std::int64_t> since;
  std::optional<std::int64_t> until;  // the engine ends the stream at this time
  std::map<std::string, std::vector<std::string>> filters;
};

/// The events endpoint's path and query for `query`.
std::string EventsPath(const EventQuery& query);

/// Parses one line of the stream.
Result<Event> ParseEvent(std::string_view line);

/// Events as they happen; Cancel() from another thread ends a blocked Next.
using EventStream = JsonStream<Event>;

}  // namespace ds01::docker
